import { requireRole, requireViewer, type RequestContext } from '../auth/viewer.js';
import { PAGE, type FieldCosts } from '../graphql/cost.js';
import type { GraphqlModule } from '../graphql/plugin.js';
import { parseArgs } from '../shared/validation.js';
import type { WebhookCommands } from './commands.js';
import type { WebhookRecord } from './records.js';
import type { Notifications } from './service.js';
import { notificationsArgs, timestampPageArgs, registerWebhookArgs, removeWebhookArgs } from './validation.js';

declare module '../graphql/records.js' {
  interface GraphqlRecords {
    Webhook: WebhookRecord;
  }
}

/** What the fields resolved here cost (see graphql/cost.ts). */
export const notificationCosts: FieldCosts = {
  Query: { webhooks: PAGE, notifications: PAGE },
  Webhook: { deliveries: PAGE },
};

/** Keys bound to an organisation: only an organisation is notified, and only it subscribes. */
const subscribers = ['BUYER', 'MEMBER'] as const;

function subscriber(ctx: RequestContext, action: string) {
  const viewer = requireRole(ctx, subscribers, action);
  return { viewer, organisationId: viewer.orgId! };
}

/** Whose webhooks and notifications a key reads: its organisation's; a key of none (ADMIN, ANALYST) has none. */
const readerOrganisation = (ctx: RequestContext): string | null => requireViewer(ctx).orgId;

export function notificationResolvers(
  notifications: Notifications,
  commands: WebhookCommands,
  allowPrivate: boolean,
): GraphqlModule {
  const registerArgs = registerWebhookArgs(allowPrivate);
  return {
    resolvers: {
      Query: {
        webhooks: (_root, args, ctx) =>
          notifications.webhooks(readerOrganisation(ctx), parseArgs(timestampPageArgs, args)),
        notifications: (_root, args, ctx) =>
          notifications.feed(readerOrganisation(ctx), parseArgs(notificationsArgs, args)),
      },
      Mutation: {
        registerWebhook: (_root, args, ctx) => {
          const { viewer, organisationId } = subscriber(ctx, 'register webhooks');
          const { url, events } = parseArgs(registerArgs, args);
          return commands.register(viewer, organisationId, url, events);
        },
        removeWebhook: (_root, args, ctx) => {
          const { viewer, organisationId } = subscriber(ctx, 'remove webhooks');
          return commands.remove(viewer, organisationId, parseArgs(removeWebhookArgs, args).id);
        },
      },
      Webhook: {
        deliveries: (webhook, args, ctx) =>
          notifications.deliveries(readerOrganisation(ctx), webhook.id, parseArgs(timestampPageArgs, args)),
      },
    },
  };
}
