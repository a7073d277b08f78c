import type { GraphQLResolveInfo } from 'graphql';
import type { IResolvers, MercuriusLoaders } from 'mercurius';
import { z } from 'zod';
import { requireViewer, type RequestContext } from '../auth/viewer.js';
import { selectsAny } from '../graphql/selection.js';
import type { ProjectRecord } from '../registry/records.js';
import { isoDate, parseArgs, recordId } from '../shared/validation.js';
import type { TraceRecord, TraceService } from './service.js';

const asOf = isoDate.nullish().transform((v) => v ?? null);
const traceArgs = z.object({ projectId: recordId, asOf });
const projectTraceArgs = z.object({ asOf });

/** The fields of a trace that need its risk evidence: the trace reads it only when one is asked for. */
export const traceRiskFields = ['riskLocations', 'riskSummary'] as const;
const asksForRisks = (info: GraphQLResolveInfo) => selectsAny(info, traceRiskFields);

interface ProjectTraceQuery {
  obj: ProjectRecord;
  params: unknown;
  /** Passed because the loader's `cache` is off (mercurius' types do not say so). */
  info?: GraphQLResolveInfo;
}

export function traceResolvers(traces: TraceService): { resolvers: IResolvers; loaders: MercuriusLoaders } {
  const resolvers: IResolvers = {
    Query: {
      trace: (_root, args, ctx: RequestContext, info) => {
        const viewer = requireViewer(ctx);
        const { projectId, asOf: date } = parseArgs(traceArgs, args);
        return traces.trace(viewer, projectId, date, asksForRisks(info), ctx.dataVersion);
      },
    },
    Trace: {
      riskLocations: (trace: TraceRecord) => trace.risks().locations,
      riskSummary: (trace: TraceRecord) => trace.risks().summary,
    },
  };
  return {
    resolvers,
    loaders: {
      // A list of projects with their traces: all of them in one round trip, not one trace per project.
      Project: {
        trace: {
          loader: (queries: ProjectTraceQuery[], ctx: RequestContext) =>
            traces.traceMany(
              requireViewer(ctx),
              queries.map(({ obj, params, info }) => ({ projectId: obj.id, asOf: parseArgs(projectTraceArgs, params).asOf, withRisks: !info || asksForRisks(info) })),
              ctx.dataVersion,
            ),
          // Without the cache mercurius would not pass `info`, which says whether risks are asked for.
          opts: { cache: false },
        },
      },
    },
  };
}
