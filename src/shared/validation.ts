import { z } from 'zod';
import { iso3166Alpha2 } from './countries.js';
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

export const country = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => iso3166Alpha2.has(code), { message: 'must be an ISO 3166-1 alpha-2 country code, e.g. NL', params: { rule: 'iso_3166_alpha2' } });

/** A trimmed, bounded, non-empty text. */
export const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const stoneTypes = ['BLUESTONE', 'GRANITE', 'SANDSTONE', 'MARBLE', 'LIMESTONE', 'QUARTZITE', 'SLATE', 'BASALT', 'TRAVERTINE', 'GNEISS'] as const;
export const stoneType = z.enum(stoneTypes);
export type StoneType = (typeof stoneTypes)[number];

export const projectKinds = ['PLAZA', 'FACADE', 'MONUMENT', 'STREET', 'BRIDGE', 'INTERIOR', 'LANDSCAPE', 'OTHER'] as const;
export type ProjectKind = (typeof projectKinds)[number];

/** Tonnes, square metres, cubic metres, pieces. */
export const quantityUnits = ['T', 'M2', 'M3', 'PIECES'] as const;
export type QuantityUnit = (typeof quantityUnits)[number];

export const positive = z.number().positive('must be greater than 0').max(1e9, 'must be at most 1e9');
