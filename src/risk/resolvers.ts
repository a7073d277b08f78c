import type { IResolvers } from 'mercurius';
import { requireRole, type RequestContext } from '../auth/viewer.js';
import { parseArgs } from '../shared/validation.js';
import type { RiskCommands } from './commands.js';
import { assessRiskArgs, recordActionPlanArgs, registerCertificateArgs, updateActionPlanArgs } from './validation.js';

export function riskResolvers(commands: RiskCommands): IResolvers {
  return {
    Mutation: {
      assessRisk: (_root, args, ctx: RequestContext) => {
        const viewer = requireRole(ctx, ['ADMIN', 'ANALYST', 'MEMBER'], 'assess risks');
        return commands.assessRisk(viewer, parseArgs(assessRiskArgs, args).input);
      },
      recordActionPlan: (_root, args, ctx: RequestContext) => {
        const viewer = requireRole(ctx, ['ADMIN', 'MEMBER'], 'record action plans');
        return commands.recordActionPlan(viewer, parseArgs(recordActionPlanArgs, args).input);
      },
      updateActionPlan: (_root, args, ctx: RequestContext) => {
        const viewer = requireRole(ctx, ['ADMIN', 'MEMBER'], 'update action plans');
        const { id, input } = parseArgs(updateActionPlanArgs, args);
        return commands.updateActionPlan(viewer, id, input);
      },
      registerCertificate: (_root, args, ctx: RequestContext) => {
        const viewer = requireRole(ctx, ['ADMIN', 'MEMBER'], 'register certificates');
        return commands.registerCertificate(viewer, parseArgs(registerCertificateArgs, args).input);
      },
    },
  };
}
