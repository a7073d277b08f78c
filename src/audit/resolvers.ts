import { z } from 'zod';
import { PAGE, type FieldCosts } from '../graphql/cost.js';
import type { GraphqlModule } from '../graphql/plugin.js';
import { requireRole, type RequestContext } from '../auth/viewer.js';
import { pageArgs } from '../shared/pagination.js';
import { parseArgs, recordId } from '../shared/validation.js';
import type { AuditService } from './service.js';

const recordTrailArgs = z.object({ ...pageArgs, recordId });
const organisationTrailArgs = z.object({ ...pageArgs, organisationId: recordId });

/** What the fields resolved here cost (see graphql/cost.ts). */
export const auditCosts: FieldCosts = { Query: { auditTrail: PAGE, organisationAuditTrail: PAGE } };

export function auditResolvers(audit: AuditService): GraphqlModule {
  return {
    resolvers: {
    Query: {
      auditTrail: (_root, args, ctx: RequestContext) => {
        requireRole(ctx, ['ADMIN'], 'read the audit trail');
        const { recordId: id, first, after } = parseArgs(recordTrailArgs, args);
        return audit.ofRecord(id, { first, after });
      },
      organisationAuditTrail: (_root, args, ctx: RequestContext) => {
        requireRole(ctx, ['ADMIN'], 'read the audit trail');
        const { organisationId, first, after } = parseArgs(organisationTrailArgs, args);
        return audit.ofOrganisation(organisationId, { first, after });
      },
    },
  },
  };
}
