import { requireViewer } from '../auth/viewer.js';
import { LOOKUP, type FieldCosts } from '../graphql/cost.js';
import type { GraphqlModule } from '../graphql/plugin.js';
import { parseArgs } from '../shared/validation.js';
import { TRACE_COST, TRACE_WITH_RISKS_COST } from '../trace/resolvers.js';
import type { DueDiligence, DueDiligenceRecord } from './dueDiligence.js';
import type { SectorProgress } from './progress.js';
import type { QuarryAreaReport, QuarryAreaRow } from './quarryAreas.js';
import { dueDiligenceArgs, quarryAreaReportArgs } from './validation.js';

declare module '../graphql/records.js' {
  interface GraphqlRecords {
    DueDiligenceReport: DueDiligenceRecord;
    QuarryAreaRow: QuarryAreaRow;
  }
}

/** What the fields resolved here cost (see graphql/cost.ts). */
export const reportingCosts: FieldCosts = {
  Query: {
    // Walks every company's chain for the year: a trace's work, or more.
    quarryAreaReport: TRACE_COST,
    // One scan of the links, then at most TRACE_MAX_DEPTH passes over them per year.
    sectorProgress: TRACE_COST,
    dueDiligence: TRACE_WITH_RISKS_COST,
  },
  DueDiligenceReport: { complaints: LOOKUP },
};

export function reportingResolvers(
  report: QuarryAreaReport,
  dueDiligence: DueDiligence,
  progress: SectorProgress,
): GraphqlModule {
  return {
    resolvers: {
      Query: {
        dueDiligence: (_root, args, ctx) =>
          dueDiligence.report(requireViewer(ctx), parseArgs(dueDiligenceArgs, args).projectId, ctx.dataVersion),
        // Public on purpose: the list is aggregated and suppressed, so it needs no viewer.
        quarryAreaReport: async (_root, args) => {
          const { year } = parseArgs(quarryAreaReportArgs, args);
          return { year, rows: await report.forYear(year) };
        },
        // Public too, suppressed like the list; a MEMBER also sees its own figures.
        sectorProgress: (_root, args, ctx) => {
          const { year } = parseArgs(quarryAreaReportArgs, args);
          return progress.forYear(year, ctx.viewer?.role === 'MEMBER' ? ctx.viewer.orgId : null);
        },
      },
      DueDiligenceReport: {
        complaints: (report, _args, ctx) => dueDiligence.complaints(requireViewer(ctx), report.project.id),
      },
    },
  };
}
