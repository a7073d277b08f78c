import type { NotificationType, WebhookDeliveryState } from '../shared/contract.generated.js';

/**
 * Webhooks and what they were sent. Graph model (the outbox's nodes are in outbox.ts):
 *   (:Webhook {id, organisationId, url, events, createdAt, createdByKeyId, removedAt})
 *   (:WebhookSecret {webhookId, value})-[:SECRET_OF]->(:Webhook)   deleted when the webhook is removed
 *   (:WebhookAttempt {id, number, at, httpStatus, error})-[:OF]->(:WebhookDelivery)
 * The secret lives on a node of its own, never on the Webhook node: the audit trail records the
 * Webhook node, so its JSON never holds it.
 */

export interface WebhookRecord {
  id: string;
  url: string;
  events: NotificationType[];
  createdAt: string;
}

export interface NotificationRecord {
  id: string;
  type: NotificationType;
  occurredAt: string;
  subjectKind: string;
  subjectId: string;
  /** JSON text. */
  data: string;
}

export interface WebhookDeliveryRecord {
  id: string;
  state: WebhookDeliveryState;
  createdAt: string;
  nextAttemptAt: string | null;
  notification: NotificationRecord;
  attempts: { at: string; httpStatus: number | null; error: string | null }[];
}

/** The fields of a notification as the feed and the delivery log read them. */
export const notificationMap = (e: string, extra = ''): string =>
  `${e} {.id, .type, occurredAt: toString(${e}.occurredAt), .subjectKind, .subjectId, .data${extra}}`;
