import { z } from 'zod';
import { pageArgs } from '../shared/pagination.js';
import { recordId } from '../shared/validation.js';

export const byIdArgs = z.object({ id: recordId });

export const projectsArgs = z.object(pageArgs);

export const quarriesArgs = z.object({
  ...pageArgs,
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code')
    .nullish()
    .transform((v) => v ?? null),
  stoneType: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
});
