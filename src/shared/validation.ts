import { z } from 'zod';
import { badUserInput } from './errors.js';

/** Validates resolver arguments; the result is typed by the schema, failures become BAD_USER_INPUT. */
export function parseArgs<S extends z.ZodType>(schema: S, args: unknown): z.output<S> {
  const parsed = schema.safeParse(args);
  if (!parsed.success) throw badUserInput(parsed.error);
  return parsed.data;
}

export const recordId = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** A real calendar date written YYYY-MM-DD (2025-02-30 is refused, not rolled over). */
export const isoDate = z.iso.date({ message: 'must be an ISO 8601 calendar date (YYYY-MM-DD)' });
