import type { Graph } from '../db/graph.js';
import { pageParams, toConnection, type Connection, type PageRequest } from '../shared/pagination.js';
import * as queries from './queries.js';
import type { NotificationRecord, WebhookDeliveryRecord, WebhookRecord } from './records.js';

const none = <T extends { id: string }>(page: PageRequest): Connection<T> => toConnection<T>([], page.first, 0);

/**
 * What an organisation reads of its webhooks and notifications; each statement is scoped to the
 * organisation. A key of no organisation (null) has none.
 */
export class Notifications {
  constructor(private readonly graph: Graph) {}

  async webhooks(organisationId: string | null, page: PageRequest): Promise<Connection<WebhookRecord>> {
    if (organisationId === null) return none(page);
    const [row] = await this.graph.read(queries.webhooksPage, { organisationId, ...pageParams(page) });
    return toConnection(row?.page ?? [], page.first, row?.totalCount ?? 0, (webhook) => webhook.createdAt);
  }

  async feed(organisationId: string | null, page: PageRequest): Promise<Connection<NotificationRecord>> {
    if (organisationId === null) return none(page);
    const [row] = await this.graph.read(queries.notificationsPage, { organisationId, ...pageParams(page) });
    return toConnection(row?.page ?? [], page.first, row?.totalCount ?? 0, (event) => String(event.seq));
  }

  async deliveries(
    organisationId: string | null,
    webhookId: string,
    page: PageRequest,
  ): Promise<Connection<WebhookDeliveryRecord>> {
    if (organisationId === null) return none(page);
    const [row] = await this.graph.read(queries.deliveriesPage, { organisationId, webhookId, ...pageParams(page) });
    return toConnection(row?.page ?? [], page.first, row?.totalCount ?? 0, (delivery) => delivery.createdAt);
  }
}
