import type { MercuriusContext } from 'mercurius';
import { requireRole } from '../auth/viewer.js';
import { PAGE, type FieldCosts } from '../graphql/cost.js';
import type { GraphqlModule } from '../graphql/plugin.js';
import { parseArgs } from '../shared/validation.js';
import type { ReportLinkCommands } from './commands.js';
import type { ReportLinks } from './service.js';
import { createReportLinkArgs, reportLinksArgs, revokeReportLinkArgs } from './validation.js';

/** What the fields resolved here cost (see graphql/cost.ts): the list is one page, with the project's check. */
export const sharingCosts: FieldCosts = { Query: { reportLinks: PAGE } };

const managers = ['BUYER', 'ADMIN'] as const;

/**
 * `publicUrl`: where people reach the service; without it, the origin the request came to
 * (behind a proxy, as TRUST_PROXY lets Fastify read it from X-Forwarded-Proto and -Host).
 */
export function sharingResolvers(
  links: ReportLinks,
  commands: ReportLinkCommands,
  publicUrl: string | null,
): GraphqlModule {
  const originOf = (ctx: MercuriusContext): string =>
    publicUrl ?? `${ctx.reply.request.protocol}://${ctx.reply.request.host}`;
  return {
    resolvers: {
      Query: {
        reportLinks: (_root, args, ctx) => {
          const viewer = requireRole(ctx, managers, 'list report links');
          const { projectId, first, after } = parseArgs(reportLinksArgs, args);
          return links.ofProject(viewer, projectId, { first, after });
        },
      },
      Mutation: {
        createReportLink: (_root, args, ctx) => {
          const viewer = requireRole(ctx, managers, 'create report links');
          const { projectId, expiresOn } = parseArgs(createReportLinkArgs, args);
          return commands.create(viewer, projectId, expiresOn, originOf(ctx));
        },
        revokeReportLink: (_root, args, ctx) => {
          const viewer = requireRole(ctx, managers, 'revoke report links');
          return commands.revoke(viewer, parseArgs(revokeReportLinkArgs, args).id);
        },
      },
    },
  };
}
