import type { GraphQLResolveInfo } from 'graphql';
import type { IResolvers } from 'mercurius';
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

export function traceResolvers(traces: TraceService): IResolvers {
  return {
    Query: {
      trace: (_root, args, ctx: RequestContext, info) => {
        const viewer = requireViewer(ctx);
        const { projectId, asOf: date } = parseArgs(traceArgs, args);
        return traces.trace(viewer, projectId, date, asksForRisks(info));
      },
    },
    Trace: {
      riskLocations: (trace: TraceRecord) => trace.risks().locations,
      riskSummary: (trace: TraceRecord) => trace.risks().summary,
    },
    Project: {
      trace: (project: ProjectRecord, args, ctx: RequestContext, info) =>
        traces.trace(requireViewer(ctx), project.id, parseArgs(projectTraceArgs, args).asOf, asksForRisks(info)),
    },
  };
}
