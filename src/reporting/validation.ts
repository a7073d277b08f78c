import { z } from 'zod';
import { recordId } from '../shared/validation.js';

/** The arguments of the reports, shared by their GraphQL fields and their HTTP routes. */
export const reportYear = z.number().int().min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier');

export const quarryAreaReportArgs = z.object({ year: reportYear });

export const dueDiligenceArgs = z.object({ projectId: recordId });
