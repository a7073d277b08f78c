import type { IResolvers } from 'mercurius';
import { z } from 'zod';
import { parseArgs } from '../shared/validation.js';
import type { QuarryAreaReport } from './quarryAreas.js';

export const reportYear = z.number().int().min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier');

export function reportingResolvers(report: QuarryAreaReport): IResolvers {
  return {
    Query: {
      // Public on purpose: the list is aggregated and suppressed, so it needs no viewer.
      quarryAreaReport: async (_root, args) => {
        const { year } = parseArgs(z.object({ year: reportYear }), args);
        return { year, rows: await report.forYear(year) };
      },
    },
  };
}
