import type { IResolvers } from 'mercurius';
import { z } from 'zod';
import type { ProjectRecord } from '../registry/records.js';
import { isoDate, parseArgs, recordId } from '../shared/validation.js';
import type { TraceService } from './service.js';

const asOf = isoDate.nullish().transform((v) => v ?? null);
const traceArgs = z.object({ projectId: recordId, asOf });
const projectTraceArgs = z.object({ asOf });

export function traceResolvers(traces: TraceService): IResolvers {
  return {
    Query: {
      trace: (_root, args) => {
        const { projectId, asOf: date } = parseArgs(traceArgs, args);
        return traces.trace(projectId, date);
      },
    },
    Project: {
      trace: (project: ProjectRecord, args) => traces.trace(project.id, parseArgs(projectTraceArgs, args).asOf),
    },
  };
}
