import { randomUUID } from 'node:crypto';
import type { Node } from 'neo4j-driver';
import { recordChanges } from '../audit/trail.js';
import type { Viewer } from '../auth/viewer.js';
import type { Graph } from '../db/graph.js';
import type { WebhookSettings } from '../config.js';
import type { NotificationType } from '../shared/contract.generated.js';
import { badInput, clientError, notFound } from '../shared/errors.js';
import { NonPublicAddress, publicAddressesOf } from './addresses.js';
import type { WebhookRecord } from './records.js';
import { newWebhookSecret } from './signing.js';
import * as writes from './writes.js';

export interface RegisteredWebhook {
  webhook: WebhookRecord;
  secret: string;
}

const toWebhook = (node: Node): WebhookRecord => {
  const p = node.properties as { id: string; url: string; events: NotificationType[]; createdAt: unknown };
  return { id: p.id, url: p.url, events: p.events, createdAt: String(p.createdAt) };
};

/**
 * Registering and removing an organisation's webhooks, each one transaction with its audit entry.
 * Webhooks are not chain data, so these writes leave the data version as it was.
 */
export class WebhookCommands {
  constructor(
    private readonly graph: Graph,
    private readonly settings: Pick<WebhookSettings, 'allowPrivate' | 'maxPerOrganisation'>,
  ) {}

  async register(
    viewer: Viewer,
    organisationId: string,
    url: string,
    events: NotificationType[],
  ): Promise<RegisteredWebhook> {
    // Before the transaction: a slow DNS answer must not hold locks.
    await this.checkHost(new URL(url).hostname);
    const id = randomUUID();
    // Shown once, in this answer; kept (HMAC needs it) where only the delivery worker reads it.
    const secret = newWebhookSecret();
    return this.graph.writeTransaction(
      async (tx) => {
        const [inbox] = await tx.run(writes.inboxForChange, { organisationId });
        const limit = this.settings.maxPerOrganisation;
        if (inbox!.webhooks >= limit) {
          throw clientError('CONFLICT', `an organisation has at most ${limit} webhooks: remove one first`, {
            rule: 'webhooks_per_organisation',
            limit,
          });
        }
        const [row] = await tx.run(writes.createWebhook, {
          id,
          organisationId,
          url,
          events,
          secret,
          keyId: viewer.keyId,
        });
        await recordChanges(tx, viewer, [
          { action: 'registerWebhook', recordKind: 'Webhook', recordId: id, before: null, after: row!.webhook },
        ]);
        return { webhook: toWebhook(row!.webhook), secret };
      },
      { changesData: false },
    );
  }

  /** A webhook already removed is answered as it is, and leaves no second entry. */
  remove(viewer: Viewer, organisationId: string, id: string): Promise<WebhookRecord> {
    return this.graph.writeTransaction(
      async (tx) => {
        const [current] = await tx.run(writes.webhookForChange, { id, organisationId });
        if (!current) throw notFound('Webhook', id);
        if (current.webhook.properties.removedAt != null) return toWebhook(current.webhook);
        const [row] = await tx.run(writes.removeWebhook, { id });
        await recordChanges(tx, viewer, [
          {
            action: 'removeWebhook',
            recordKind: 'Webhook',
            recordId: id,
            before: current.webhook,
            after: row!.webhook,
          },
        ]);
        return toWebhook(row!.webhook);
      },
      { changesData: false },
    );
  }

  private async checkHost(hostname: string): Promise<void> {
    try {
      await publicAddressesOf(hostname, this.settings.allowPrivate);
    } catch (error) {
      if (error instanceof NonPublicAddress) {
        throw badInput(
          'url',
          'webhook_public_address',
          `${error.message}: a webhook must be reachable on the public internet`,
        );
      }
      throw badInput('url', 'webhook_host_resolves', `the host ${hostname} does not resolve to any address`);
    }
  }
}
