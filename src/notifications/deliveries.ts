import { randomUUID } from 'node:crypto';
import neo4j, { type Integer } from 'neo4j-driver';
import { cypher, type Graph } from '../db/graph.js';

/**
 * The deliveries waiting in the outbox, shared by every instance over one Neo4j. A PENDING
 * delivery is due when its `nextAttemptAt` has come. An instance claims due ones in a write
 * transaction: it write-locks each, reads it again under the lock, and only if it is still due
 * moves its `nextAttemptAt` a lease ahead and stamps it with a token of its own. A second instance
 * claiming the same delivery waits for the lock, then finds it no longer due, and skips it: no
 * delivery is sent by two instances at once. The instance records the attempt (and the next
 * `nextAttemptAt`, or the end) only while the token is still its own. If it dies before that, the
 * lease runs out, the delivery is due again, and another instance sends it: the receiver may get
 * an event twice, never not at all, and de-duplicates by its id.
 */

export interface ClaimedDelivery {
  id: string;
  /** The number of this attempt, from 1. */
  attempt: number;
  url: string;
  secret: string;
  event: {
    id: string;
    type: string;
    organisationId: string;
    occurredAt: string;
    subjectKind: string;
    subjectId: string;
    data: string;
  };
}

const dueDeliveries = cypher<{ limit: Integer }, { id: string }>(
  'webhook_deliveries_due',
  `MATCH (delivery:WebhookDelivery {state: 'PENDING'})
   WHERE delivery.nextAttemptAt <= datetime()
   RETURN delivery.id AS id
   ORDER BY delivery.nextAttemptAt
   LIMIT $limit`,
);

/** Locks first, then reads: the check that the delivery is still due sees what a concurrent claim committed. */
const claimDeliveries = cypher<{ ids: string[]; leaseMs: number; token: string }, ClaimedDelivery>(
  'webhook_deliveries_claim',
  `UNWIND $ids AS id
   MATCH (delivery:WebhookDelivery {id: id})
   SET delivery._lock = true
   REMOVE delivery._lock
   WITH delivery
   WHERE delivery.state = 'PENDING' AND delivery.nextAttemptAt <= datetime()
   SET delivery.nextAttemptAt = datetime() + duration({milliseconds: $leaseMs}), delivery.leaseToken = $token
   WITH delivery
   MATCH (delivery)-[:OF]->(event:Notification), (delivery)-[:TO]->(hook:Webhook)<-[:SECRET_OF]-(secret:WebhookSecret)
   RETURN delivery.id AS id, delivery.attempts + 1 AS attempt, hook.url AS url, secret.value AS secret,
          event {.id, .type, .organisationId, occurredAt: toString(event.occurredAt), .subjectKind, .subjectId,
                 .data} AS event`,
);

export interface AttemptRecord {
  id: string;
  token: string;
  httpStatus: number | null;
  error: string | null;
  /** DELIVERED, FAILED (no attempt left), or PENDING again in `retryInMs`. */
  state: 'DELIVERED' | 'FAILED' | 'PENDING';
  retryInMs: number | null;
}

/** Writes nothing when the lease has passed to another instance (its token is gone). */
const recordAttempt = cypher<AttemptRecord & { attemptId: string }, never>(
  'webhook_delivery_attempt_record',
  `MATCH (delivery:WebhookDelivery {id: $id})
   SET delivery._lock = true
   REMOVE delivery._lock
   WITH delivery
   WHERE delivery.leaseToken = $token
   SET delivery.attempts = delivery.attempts + 1, delivery.state = $state,
       delivery.nextAttemptAt = CASE WHEN $retryInMs IS NULL THEN null
                                     ELSE datetime() + duration({milliseconds: $retryInMs}) END
   REMOVE delivery.leaseToken
   CREATE (attempt:WebhookAttempt {id: $attemptId, number: delivery.attempts, at: datetime(),
                                   httpStatus: $httpStatus, error: $error})-[:OF]->(delivery)`,
);

export class DeliveryQueue {
  constructor(
    private readonly graph: Graph,
    private readonly leaseMs: number,
  ) {}

  /** Up to `limit` due deliveries, now reserved for this caller for the lease. */
  async claim(limit: number): Promise<{ token: string; deliveries: ClaimedDelivery[] }> {
    const due = await this.graph.read(dueDeliveries, { limit: neo4j.int(limit) });
    if (due.length === 0) return { token: '', deliveries: [] };
    const token = randomUUID();
    // In id order, so two instances claiming overlapping sets take the locks in the same order.
    const ids = due.map(({ id }) => id).sort();
    const deliveries = await this.graph.writeTransaction(
      (tx) => tx.run(claimDeliveries, { ids, leaseMs: this.leaseMs, token }),
      { changesData: false },
    );
    return { token, deliveries };
  }

  async record(attempt: AttemptRecord): Promise<void> {
    await this.graph.writeTransaction((tx) => tx.run(recordAttempt, { ...attempt, attemptId: randomUUID() }), {
      changesData: false,
    });
  }
}
