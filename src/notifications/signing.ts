import { createHmac, randomBytes } from 'node:crypto';

/**
 * How a receiver knows a delivery comes from this service and was not replayed from long ago: the
 * body is signed, with the webhook's secret, together with the moment it was sent,
 *
 *   Stonetrace-Signature: sha256=<hex HMAC-SHA256(secret, `${Stonetrace-Timestamp}.${body}`)>
 *
 * and the receiver recomputes it over the raw body and refuses a timestamp too far from its clock.
 * The secret is kept as it is (HMAC needs it), on a node of its own that nothing but the delivery
 * worker reads (writes.ts); it is shown once, when the webhook is registered.
 */

export const signatureHeader = 'stonetrace-signature';
export const timestampHeader = 'stonetrace-timestamp';
export const eventIdHeader = 'stonetrace-event-id';
export const eventTypeHeader = 'stonetrace-event-type';

/** 32 random bytes, base64url, with a prefix that tells a leaked one for what it is. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/** The Stonetrace-Signature header's value for a body sent at `timestamp` (Unix seconds). */
export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
