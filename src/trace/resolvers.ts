import type { GraphQLResolveInfo } from 'graphql';
import { z } from 'zod';
import { requireViewer, type RequestContext } from '../auth/viewer.js';
import type { FieldCosts } from '../graphql/cost.js';
import type { GraphqlModule } from '../graphql/plugin.js';
import { selectsAny } from '../graphql/selection.js';
import type { ProjectRecord } from '../registry/records.js';
import type { ProjectTraceArgs } from '../shared/contract.generated.js';
import { isoDate, parseArgs, recordId } from '../shared/validation.js';
import type { TracePathRecord, TraceRecord, TraceService } from './service.js';

declare module '../graphql/records.js' {
  interface GraphqlRecords {
    Trace: TraceRecord;
    Origin: TraceRecord['origins'][number];
    TracePath: TracePathRecord;
    TraceGap: TraceRecord['gaps'][number];
  }
}

const asOf = isoDate.nullish().transform((v) => v ?? null);
const traceArgs = z.object({ projectId: recordId, asOf });
const projectTraceArgs = z.object({ asOf });

/** The fields of a trace that need its risk evidence: the trace reads it only when one is asked for. */
export const traceRiskFields = ['riskLocations', 'riskSummary'] as const;
const asksForRisks = (info: GraphQLResolveInfo) => selectsAny(info, traceRiskFields);

/** One trace's traversal, in units of Neo4j work (see graphql/cost.ts). */
export const TRACE_COST = 20;
/** The trace's query also reads the risk evidence of every node and link: about twice the work. */
export const TRACE_WITH_RISKS_COST = 40;

/** What the fields resolved here cost (see graphql/cost.ts). */
export const traceCosts: FieldCosts = {
  Query: { trace: { cost: TRACE_COST, whenSelecting: traceRiskFields, raisedTo: TRACE_WITH_RISKS_COST } },
  // The projects of a page are traced together in one round trip: each pays for its traversal only.
  Project: { trace: { cost: 8, whenSelecting: traceRiskFields, raisedTo: 16 } },
};

interface ProjectTraceQuery {
  obj: ProjectRecord;
  params: ProjectTraceArgs;
  /** Passed because the loader's `cache` is off (mercurius' types do not say so). */
  info?: GraphQLResolveInfo;
}

export function traceResolvers(traces: TraceService): GraphqlModule {
  return {
    resolvers: {
      Query: {
        trace: (_root, args, ctx, info) => {
          const viewer = requireViewer(ctx);
          const { projectId, asOf: date } = parseArgs(traceArgs, args);
          return traces.trace(viewer, projectId, date, asksForRisks(info), ctx.dataVersion);
        },
      },
    },
    loaders: {
      // A list of projects with their traces: all of them in one round trip, not one trace per project.
      Project: {
        trace: {
          loader: (queries: ProjectTraceQuery[], ctx: RequestContext) =>
            traces.traceMany(
              requireViewer(ctx),
              queries.map(({ obj, params, info }) => ({
                projectId: obj.id,
                asOf: parseArgs(projectTraceArgs, params).asOf,
                withRisks: !info || asksForRisks(info),
              })),
              ctx.dataVersion,
            ),
          // Without the cache mercurius would not pass `info`, which says whether risks are asked for.
          opts: { cache: false },
        },
      },
    },
  };
}
