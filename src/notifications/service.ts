import type { Graph } from '../db/graph.js';
import { pageParams, toConnection, type Connection, type PageRequest } from '../shared/pagination.js';
import * as queries from './queries.js';
import type { NotificationRecord, WebhookDeliveryRecord, WebhookRecord } from './records.js';

/** What an organisation reads of its webhooks and notifications; each statement is scoped to the organisation. */
export class Notifications {
  constructor(private readonly graph: Graph) {}

  async webhooks(organisationId: string, page: PageRequest): Promise<Connection<WebhookRecord>> {
    const [row] = await this.graph.read(queries.webhooksPage, { organisationId, ...pageParams(page) });
    return toConnection(row?.page ?? [], page.first, row?.totalCount ?? 0, (webhook) => webhook.createdAt);
  }

  async feed(organisationId: string, page: PageRequest): Promise<Connection<NotificationRecord>> {
    const [row] = await this.graph.read(queries.notificationsPage, { organisationId, ...pageParams(page) });
    return toConnection(row?.page ?? [], page.first, row?.totalCount ?? 0, (event) => String(event.seq));
  }

  async deliveries(
    organisationId: string,
    webhookId: string,
    page: PageRequest,
  ): Promise<Connection<WebhookDeliveryRecord>> {
    const [row] = await this.graph.read(queries.deliveriesPage, { organisationId, webhookId, ...pageParams(page) });
    return toConnection(row?.page ?? [], page.first, row?.totalCount ?? 0, (delivery) => delivery.createdAt);
  }
}
