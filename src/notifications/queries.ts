import { cypher } from '../db/graph.js';
import type { PageParams } from '../shared/pagination.js';
import { notificationMap, type NotificationRecord, type WebhookDeliveryRecord, type WebhookRecord } from './records.js';

const webhookMap = (w: string): string => `${w} {.id, .url, .events, createdAt: toString(${w}.createdAt)}`;

/** The organisation's webhooks, the oldest first; pages go by (createdAt, id). */
export const webhooksPage = cypher<
  { organisationId: string } & PageParams,
  { totalCount: number; page: WebhookRecord[] }
>(
  'webhooks_page',
  `CALL () {
     MATCH (hook:Webhook {organisationId: $organisationId})
     WHERE hook.removedAt IS NULL
     RETURN count(hook) AS totalCount
   }
   CALL () {
     MATCH (hook:Webhook {organisationId: $organisationId})
     WHERE hook.removedAt IS NULL
       AND ($afterKey IS NULL OR hook.createdAt > datetime($afterKey)
            OR (hook.createdAt = datetime($afterKey) AND hook.id > $afterId))
     WITH hook ORDER BY hook.createdAt, hook.id LIMIT $limit
     RETURN collect(${webhookMap('hook')}) AS page
   }
   RETURN totalCount, page`,
);

/** The organisation's notifications, oldest first: pages go by seq (outbox.ts), which follows commit order. */
export const notificationsPage = cypher<
  { organisationId: string } & PageParams,
  { totalCount: number; page: (NotificationRecord & { seq: number })[] }
>(
  'notifications_page',
  `CALL () {
     MATCH (event:Notification {organisationId: $organisationId})
     RETURN count(event) AS totalCount
   }
   CALL () {
     MATCH (event:Notification {organisationId: $organisationId})
     WHERE $afterKey IS NULL OR event.seq > toInteger($afterKey)
     WITH event ORDER BY event.seq LIMIT $limit
     RETURN collect(${notificationMap('event', ', .seq')}) AS page
   }
   RETURN totalCount, page`,
);

/** A webhook's deliveries, the newest first, each with its attempts; nothing for another organisation's webhook. */
export const deliveriesPage = cypher<
  { webhookId: string; organisationId: string } & PageParams,
  { totalCount: number; page: WebhookDeliveryRecord[] }
>(
  'webhook_deliveries_page',
  `CALL () {
     MATCH (:Webhook {id: $webhookId, organisationId: $organisationId})<-[:TO]-(delivery:WebhookDelivery)
     RETURN count(delivery) AS totalCount
   }
   CALL () {
     MATCH (:Webhook {id: $webhookId, organisationId: $organisationId})<-[:TO]-(delivery:WebhookDelivery)
     WHERE $afterKey IS NULL OR delivery.createdAt < datetime($afterKey)
        OR (delivery.createdAt = datetime($afterKey) AND delivery.id < $afterId)
     WITH delivery ORDER BY delivery.createdAt DESC, delivery.id DESC LIMIT $limit
     RETURN collect(delivery {
       .id, .state, createdAt: toString(delivery.createdAt), nextAttemptAt: toString(delivery.nextAttemptAt),
       notification: COLLECT { MATCH (delivery)-[:OF]->(event:Notification) RETURN ${notificationMap('event')} }[0],
       attempts: COLLECT { MATCH (attempt:WebhookAttempt)-[:OF]->(delivery) WITH attempt ORDER BY attempt.number
                           RETURN attempt {at: toString(attempt.at), .httpStatus, .error} }
     }) AS page
   }
   RETURN totalCount, page`,
);
