import { z } from 'zod';
import { PAGE, type FieldCosts } from '../graphql/cost.js';
import type { GraphqlModule } from '../graphql/plugin.js';
import { requireRole } from '../auth/viewer.js';
import { pageArgs } from '../shared/pagination.js';
import { parseArgs, recordId } from '../shared/validation.js';
import type { AuditEntryRecord, AuditService } from './service.js';

declare module '../graphql/records.js' {
  interface GraphqlRecords {
    AuditEntry: AuditEntryRecord;
  }
}

const recordTrailArgs = z.object({ ...pageArgs, recordId });
const organisationTrailArgs = z.object({ ...pageArgs, organisationId: recordId });

/** What the fields resolved here cost (see graphql/cost.ts). */
export const auditCosts: FieldCosts = { Query: { auditTrail: PAGE, organisationAuditTrail: PAGE } };

export function auditResolvers(audit: AuditService): GraphqlModule {
  return {
    resolvers: {
      Query: {
        auditTrail: (_root, args, ctx) => {
          requireRole(ctx, ['ADMIN'], 'read the audit trail');
          const { recordId: id, first, after } = parseArgs(recordTrailArgs, args);
          return audit.ofRecord(id, { first, after });
        },
        organisationAuditTrail: (_root, args, ctx) => {
          requireRole(ctx, ['ADMIN'], 'read the audit trail');
          const { organisationId, first, after } = parseArgs(organisationTrailArgs, args);
          return audit.ofOrganisation(organisationId, { first, after });
        },
      },
    },
  };
}
