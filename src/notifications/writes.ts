import type { Node } from 'neo4j-driver';
import { cypher } from '../db/graph.js';
import type { NotificationType } from '../shared/contract.generated.js';

/**
 * The organisation's inbox (outbox.ts), write-locked for the rest of the transaction, with its
 * webhooks counted under the lock: two registrations at once cannot both pass the limit.
 */
export const inboxForChange = cypher<{ organisationId: string }, { webhooks: number }>(
  'notification_inbox_for_change',
  `MERGE (box:NotificationInbox {organisationId: $organisationId})
     ON CREATE SET box.seq = 0
   SET box._lock = true
   REMOVE box._lock
   WITH box
   RETURN COUNT { MATCH (hook:Webhook {organisationId: box.organisationId}) WHERE hook.removedAt IS NULL } AS webhooks`,
);

/** MERGEd on an id chosen before the transaction, so a retried transaction registers one webhook. */
export const createWebhook = cypher<
  { id: string; organisationId: string; url: string; events: NotificationType[]; secret: string; keyId: string },
  { webhook: Node }
>(
  'webhook_create',
  `MERGE (hook:Webhook {id: $id})
     ON CREATE SET hook.organisationId = $organisationId, hook.url = $url, hook.events = $events,
                   hook.createdAt = datetime(), hook.createdByKeyId = $keyId
   MERGE (secret:WebhookSecret {webhookId: $id})
     ON CREATE SET secret.value = $secret
   MERGE (secret)-[:SECRET_OF]->(hook)
   RETURN hook AS webhook`,
);

/** The organisation's webhook, locked; no row for another organisation's, as for a missing one. */
export const webhookForChange = cypher<{ id: string; organisationId: string }, { webhook: Node }>(
  'webhook_for_change',
  `MATCH (hook:Webhook {id: $id, organisationId: $organisationId})
   SET hook._lock = true
   REMOVE hook._lock
   RETURN hook AS webhook`,
);

/** Nothing more is sent: pending deliveries are cancelled (one being sent records nothing), the secret is deleted. */
export const removeWebhook = cypher<{ id: string }, { webhook: Node }>(
  'webhook_remove',
  `MATCH (hook:Webhook {id: $id})
   SET hook.removedAt = datetime()
   WITH hook
   CALL (hook) {
     MATCH (secret:WebhookSecret)-[:SECRET_OF]->(hook)
     DETACH DELETE secret
   }
   CALL (hook) {
     MATCH (delivery:WebhookDelivery {state: 'PENDING'})-[:TO]->(hook)
     SET delivery.state = 'CANCELLED', delivery.nextAttemptAt = null
     REMOVE delivery.leaseToken
   }
   RETURN hook AS webhook`,
);
