import type { IResolvers } from 'mercurius';
import { z } from 'zod';
import { requireViewer, type RequestContext } from '../auth/viewer.js';
import { parseArgs, recordId } from '../shared/validation.js';
import type { DueDiligence } from './dueDiligence.js';
import type { QuarryAreaReport } from './quarryAreas.js';

export const reportYear = z.number().int().min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier');

export const dueDiligenceArgs = z.object({ projectId: recordId });

export function reportingResolvers(report: QuarryAreaReport, dueDiligence: DueDiligence): IResolvers {
  return {
    Query: {
      dueDiligence: (_root, args, ctx: RequestContext) =>
        dueDiligence.report(requireViewer(ctx), parseArgs(dueDiligenceArgs, args).projectId, ctx.dataVersion),
      // Public on purpose: the list is aggregated and suppressed, so it needs no viewer.
      quarryAreaReport: async (_root, args) => {
        const { year } = parseArgs(z.object({ year: reportYear }), args);
        return { year, rows: await report.forYear(year) };
      },
    },
  };
}
