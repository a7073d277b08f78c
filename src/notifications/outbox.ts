import { randomUUID } from 'node:crypto';
import { cypher, type GraphTransaction } from '../db/graph.js';
import type { NotificationType } from '../shared/contract.generated.js';
import { groupBy } from '../shared/collections.js';

/**
 * The outbox: an event for an organisation is written in the same transaction as the change that
 * caused it, so it exists exactly when the change does (a rolled-back write leaves none). Any
 * command calls `notify` (or `notifyFollowers`) with its own transaction, after its change and
 * beside its audit entries; the delivery worker (worker.ts) and the notifications feed read what
 * committed. Graph model:
 *
 *   (:Notification {id, type, organisationId, seq, subjectKind, subjectId, data, occurredAt})
 *   (:NotificationInbox {organisationId, seq})     the organisation's last seq; its lock
 *   (:WebhookDelivery {id, state, attempts, nextAttemptAt, ...})-[:OF]->(:Notification)
 *   (:WebhookDelivery)-[:TO]->(:Webhook)
 *
 * `seq` numbers an organisation's events in commit order: the inbox's counter is raised under its
 * write lock, held until commit, so an event with a higher seq never commits before a lower one,
 * and a feed read past seq n never misses an event committed later with a lower one.
 */

/** One event for one organisation. Each recipient gets its own (with its own share, say). */
export interface NewNotification {
  type: NotificationType;
  /** The importer or processor (MEMBER) or buyer (BUYER) it is for: an API key's organisation. */
  organisationId: string;
  /** The record it is about. */
  subject: { kind: string; id: string };
  /** Details as plain JSON, only what this organisation may see. */
  data: Record<string, unknown>;
}

interface InboxRows {
  inboxes: {
    organisationId: string;
    notifications: { id: string; type: string; subjectKind: string; subjectId: string; data: string }[];
  }[];
}

/**
 * Appends each organisation's events after its last seq, and a PENDING delivery for every webhook of
 * the organisation subscribed to the event's type. Ids are made per attempt: a retried transaction
 * rolled the earlier attempt back.
 */
const appendNotifications = cypher<InboxRows, never>(
  'notifications_append',
  `UNWIND $inboxes AS inbox
   MERGE (box:NotificationInbox {organisationId: inbox.organisationId})
     ON CREATE SET box.seq = 0
   SET box.seq = box.seq + size(inbox.notifications)
   WITH inbox, box.seq - size(inbox.notifications) AS before
   UNWIND range(0, size(inbox.notifications) - 1) AS index
   WITH inbox, before + index + 1 AS seq, inbox.notifications[index] AS n
   CREATE (event:Notification {id: n.id, type: n.type, organisationId: inbox.organisationId, seq: seq,
                               subjectKind: n.subjectKind, subjectId: n.subjectId, data: n.data,
                               occurredAt: datetime()})
   WITH event
   CALL (event) {
     MATCH (hook:Webhook {organisationId: event.organisationId})
     WHERE hook.removedAt IS NULL AND event.type IN hook.events
     CREATE (delivery:WebhookDelivery {id: randomUUID(), state: 'PENDING', attempts: 0,
                                       nextAttemptAt: event.occurredAt, createdAt: event.occurredAt})
     CREATE (delivery)-[:OF]->(event), (delivery)-[:TO]->(hook)
   }`,
);

/** Writes `notifications` in `tx`; nothing when there are none. */
export async function notify(tx: GraphTransaction, notifications: readonly NewNotification[]): Promise<void> {
  if (notifications.length === 0) return;
  const byOrganisation = groupBy(notifications, (n) => n.organisationId);
  await tx.run(appendNotifications, {
    // In a fixed order, so two transactions notifying the same organisations do not deadlock on their inboxes.
    inboxes: [...byOrganisation]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([organisationId, group]) => ({
        organisationId,
        notifications: group.map((n) => ({
          id: randomUUID(),
          type: n.type,
          subjectKind: n.subject.kind,
          subjectId: n.subject.id,
          data: JSON.stringify(n.data),
        })),
      })),
  });
}

const notifiedAbout = cypher<{ subjectKind: string; subjectId: string }, { organisationId: string }>(
  'notifications_recipients_of_subject',
  `MATCH (event:Notification {subjectKind: $subjectKind, subjectId: $subjectId})
   RETURN DISTINCT event.organisationId AS organisationId`,
);

/**
 * Notifies every organisation that was notified about `subject` before, and only those: a later
 * step of a complaint reaches exactly the organisations its admission reached.
 */
export async function notifyFollowers(
  tx: GraphTransaction,
  type: NotificationType,
  subject: NewNotification['subject'],
  data: Record<string, unknown>,
): Promise<void> {
  const rows = await tx.run(notifiedAbout, { subjectKind: subject.kind, subjectId: subject.id });
  await notify(
    tx,
    rows.map(({ organisationId }) => ({ type, organisationId, subject, data })),
  );
}
