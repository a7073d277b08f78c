import type { IResolvers } from 'mercurius';
import { z } from 'zod';
import { requireViewer, type RequestContext } from '../auth/viewer.js';
import type { ProjectRecord } from '../registry/records.js';
import { isoDate, parseArgs, recordId } from '../shared/validation.js';
import type { TraceService } from './service.js';

const asOf = isoDate.nullish().transform((v) => v ?? null);
const traceArgs = z.object({ projectId: recordId, asOf });
const projectTraceArgs = z.object({ asOf });

export function traceResolvers(traces: TraceService): IResolvers {
  return {
    Query: {
      trace: (_root, args, ctx: RequestContext) => {
        const viewer = requireViewer(ctx);
        const { projectId, asOf: date } = parseArgs(traceArgs, args);
        return traces.trace(viewer, projectId, date);
      },
    },
    Project: {
      trace: (project: ProjectRecord, args, ctx: RequestContext) =>
        traces.trace(requireViewer(ctx), project.id, parseArgs(projectTraceArgs, args).asOf),
    },
  };
}
