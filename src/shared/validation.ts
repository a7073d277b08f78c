import { z } from 'zod';
import { StoneType } from './contract.generated.js';
import { iso3166Alpha2 } from './countries.js';
import { badUserInput } from './errors.js';

/**
 * Validates resolver arguments: `args` are typed as the GraphQL schema declares them (generated
 * from it), so the zod schema must accept at least that; the result is typed by the zod schema.
 * Failures become BAD_USER_INPUT.
 */
export function parseArgs<S extends z.ZodType>(schema: S, args: z.input<S>): z.output<S> {
  const parsed = schema.safeParse(args);
  if (!parsed.success) throw badUserInput(parsed.error);
  return parsed.data;
}

export const recordId = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** A real calendar date written YYYY-MM-DD (2025-02-30 is refused, not rolled over). */
export const isoDate = z.iso.date({ message: 'must be an ISO 8601 calendar date (YYYY-MM-DD)' });

export const country = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => iso3166Alpha2.has(code), {
    message: 'must be an ISO 3166-1 alpha-2 country code, e.g. NL',
    params: { rule: 'iso_3166_alpha2' },
  });

/** A trimmed, bounded, non-empty text. */
export const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const stoneType = z.enum(StoneType);

/** The refinement of a period whose end comes before its start: supply links and certificates. */
export const validToNotBeforeValidFrom = {
  path: ['validTo'],
  message: 'must not be before validFrom',
  params: { rule: 'valid_to_before_valid_from' },
};

export const positive = z.number().positive('must be greater than 0').max(1e9, 'must be at most 1e9');
