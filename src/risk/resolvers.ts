import { PAGE, type FieldCosts } from '../graphql/cost.js';
import type { GraphqlModule } from '../graphql/plugin.js';
import { forbidden, requireRole, requireViewer } from '../auth/viewer.js';
import { parseArgs } from '../shared/validation.js';
import type { RiskCommands } from './commands.js';
import type { RiskRecord, RiskLocationRecord, ThemeRiskSummaryRecord } from './exposure.js';
import type { ActionPlanRecord, ActorRecord, CertificateRecord, RiskAssessmentRecord } from './records.js';
import type { RiskReads } from './service.js';
import { traceRisks } from './traceRisks.js';
import {
  actionPlansArgs,
  assessRiskArgs,
  recordActionPlanArgs,
  registerCertificateArgs,
  riskAssessmentsArgs,
  updateActionPlanArgs,
} from './validation.js';

declare module '../graphql/records.js' {
  interface GraphqlRecords {
    Actor: ActorRecord;
    RiskAssessment: RiskAssessmentRecord;
    ActionPlan: ActionPlanRecord;
    Certificate: CertificateRecord;
    Risk: RiskRecord;
    RiskLocation: RiskLocationRecord;
    ThemeRiskSummary: ThemeRiskSummaryRecord;
  }
}

/** What the fields resolved here cost (see graphql/cost.ts). */
export const riskCosts: FieldCosts = { Query: { riskAssessments: PAGE, actionPlans: PAGE } };

export function riskResolvers(reads: RiskReads, commands: RiskCommands): GraphqlModule {
  return {
    resolvers: {
      Query: {
        riskAssessments: (_root, args, ctx) => {
          requireViewer(ctx);
          const { first, after, ...filter } = parseArgs(riskAssessmentsArgs, args);
          return reads.baselineAssessments(filter, { first, after });
        },
        actionPlans: (_root, args, ctx) => {
          const viewer = requireRole(ctx, ['ADMIN', 'ANALYST', 'MEMBER'], 'list action plans');
          const { first, after, companyId } = parseArgs(actionPlansArgs, args);
          if (viewer.role === 'MEMBER' && companyId !== viewer.orgId)
            throw forbidden(viewer, "list another company's action plans");
          return reads.actionPlans(viewer, companyId, { first, after });
        },
      },
      Trace: {
        riskLocations: (trace) => traceRisks(trace).locations,
        riskSummary: (trace) => traceRisks(trace).summary,
      },
      Mutation: {
        assessRisk: (_root, args, ctx) => {
          const viewer = requireRole(ctx, ['ADMIN', 'ANALYST', 'MEMBER'], 'assess risks');
          return commands.assessRisk(viewer, parseArgs(assessRiskArgs, args).input);
        },
        recordActionPlan: (_root, args, ctx) => {
          const viewer = requireRole(ctx, ['ADMIN', 'MEMBER'], 'record action plans');
          return commands.recordActionPlan(viewer, parseArgs(recordActionPlanArgs, args).input);
        },
        updateActionPlan: (_root, args, ctx) => {
          const viewer = requireRole(ctx, ['ADMIN', 'MEMBER'], 'update action plans');
          const { id, input } = parseArgs(updateActionPlanArgs, args);
          return commands.updateActionPlan(viewer, id, input);
        },
        registerCertificate: (_root, args, ctx) => {
          const viewer = requireRole(ctx, ['ADMIN', 'MEMBER'], 'register certificates');
          return commands.registerCertificate(viewer, parseArgs(registerCertificateArgs, args).input);
        },
      },
    },
  };
}
