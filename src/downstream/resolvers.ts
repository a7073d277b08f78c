import { z } from 'zod';
import { requireViewer } from '../auth/viewer.js';
import type { FieldCosts } from '../graphql/cost.js';
import type { GraphqlModule } from '../graphql/plugin.js';
import { isoDate, parseArgs, recordId } from '../shared/validation.js';
import { TRACE_COST } from '../trace/resolvers.js';
import type { DownstreamService } from './service.js';

const downstreamArgs = z.object({ siteId: recordId, asOf: isoDate.nullish().transform((v) => v ?? null) });

/** What the fields resolved here cost (see graphql/cost.ts). */
export const downstreamCosts: FieldCosts = {
  // The walk downstream from the site and every project it reaches, weighed as its trace would be:
  // on the benchmark's graph a quarry's took about fifteen traces' database work, a processor's three.
  Query: { downstream: 10 * TRACE_COST },
};

export function downstreamResolvers(downstream: DownstreamService): GraphqlModule {
  return {
    resolvers: {
      Query: {
        downstream: (_root, args, ctx) => {
          const viewer = requireViewer(ctx);
          const { siteId, asOf } = parseArgs(downstreamArgs, args);
          return downstream.downstream(viewer, siteId, asOf);
        },
      },
    },
  };
}
