import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import type { WebhookSettings } from '../config.js';
import { DeliveryQueue, type ClaimedDelivery } from './deliveries.js';
import { post } from './sender.js';
import { eventIdHeader, eventTypeHeader, signature, signatureHeader, timestampHeader } from './signing.js';

/** Deliveries claimed per round; sent at once, each within the timeout, so a round ends well inside the lease. */
const batchSize = 10;

type RetrySettings = Pick<WebhookSettings, 'retryBaseMs' | 'retryMaxMs'>;

/**
 * The wait after failed attempt `attempt` (from 1): the base, doubled per further attempt, capped,
 * then a random half of it taken off, so receivers that failed together are not retried together.
 */
export function retryDelayMs(
  attempt: number,
  { retryBaseMs, retryMaxMs }: RetrySettings,
  random = Math.random,
): number {
  const ceiling = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * The body and headers of one attempt. A body over `maxPayloadBytes` goes without its data
 * (`truncated: true`): the receiver reads the event whole from the notifications feed, by its id.
 */
export function deliveryRequest(
  delivery: ClaimedDelivery,
  maxPayloadBytes: number,
  now = Date.now(),
): { body: string; headers: Record<string, string> } {
  const { event } = delivery;
  const envelope = {
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    organisationId: event.organisationId,
    subject: { kind: event.subjectKind, id: event.subjectId },
  };
  const whole = JSON.stringify({ ...envelope, data: JSON.parse(event.data) as unknown, truncated: false });
  const body =
    Buffer.byteLength(whole) <= maxPayloadBytes ? whole : JSON.stringify({ ...envelope, data: null, truncated: true });
  const timestamp = Math.floor(now / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'stonetrace-webhooks',
      [eventIdHeader]: event.id,
      [eventTypeHeader]: event.type,
      [timestampHeader]: String(timestamp),
      [signatureHeader]: signature(delivery.secret, timestamp, body),
      'stonetrace-delivery-attempt': String(delivery.attempt),
    },
  };
}

/**
 * Sends due deliveries until stopped: claims a batch, sends each once, records each attempt, and
 * sleeps `pollIntervalMs` when there was less than a full batch. All its state is in Neo4j.
 */
class DeliveryWorker {
  private readonly stopping = new AbortController();
  private running: Promise<void> | null = null;

  constructor(
    private readonly queue: DeliveryQueue,
    private readonly settings: WebhookSettings,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(ready: Promise<void>): void {
    this.running = this.loop(ready);
  }

  /** Stops claiming, and waits for the attempts under way to be sent and recorded. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async loop(ready: Promise<void>): Promise<void> {
    const { signal } = this.stopping;
    await Promise.race([ready, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
    while (!signal.aborted) {
      let claimed = 0;
      try {
        claimed = await this.round();
      } catch (error) {
        this.log.warn({ err: error }, 'webhook deliveries: could not claim or record; trying again');
      }
      if (claimed < batchSize) await sleep(this.settings.pollIntervalMs, undefined, { signal }).catch(() => {});
    }
  }

  private async round(): Promise<number> {
    const { token, deliveries } = await this.queue.claim(batchSize);
    await Promise.all(deliveries.map((delivery) => this.deliver(token, delivery)));
    return deliveries.length;
  }

  private async deliver(token: string, delivery: ClaimedDelivery): Promise<void> {
    const { maxPayloadBytes, timeoutMs, allowPrivate, maxAttempts } = this.settings;
    const { body, headers } = deliveryRequest(delivery, maxPayloadBytes);
    const outcome = await post(delivery.url, body, headers, { timeoutMs, allowPrivate });
    const state = outcome.error === null ? 'DELIVERED' : delivery.attempt >= maxAttempts ? 'FAILED' : 'PENDING';
    await this.queue.record({
      id: delivery.id,
      token,
      ...outcome,
      state,
      retryInMs: state === 'PENDING' ? retryDelayMs(delivery.attempt, this.settings) : null,
    });
    // The webhook by id only: its URL may carry a token of the receiver's.
    const facts = { deliveryId: delivery.id, eventId: delivery.event.id, attempt: delivery.attempt, state };
    if (outcome.error === null) this.log.debug(facts, 'webhook delivered');
    else this.log.info({ ...facts, error: outcome.error }, 'webhook attempt failed');
  }
}

/**
 * The delivery worker, one per instance, started when the app is ready (and Neo4j migrated) and
 * stopped before it closes; off when `settings.worker` is false.
 */
export const webhookWorkerPlugin = fp<{ settings: WebhookSettings }>(
  async (app, { settings }) => {
    if (!settings.worker) return;
    const worker = new DeliveryWorker(new DeliveryQueue(app.graph, settings.leaseMs), settings, app.log);
    app.addHook('onReady', async () => worker.start(app.graphMigrated));
    app.addHook('preClose', async () => worker.stop());
  },
  { name: 'webhook-worker', dependencies: ['graph'] },
);
