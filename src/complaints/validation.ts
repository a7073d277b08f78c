import { z } from 'zod';
import { ComplaintStatus, RiskTheme } from '../shared/contract.generated.js';
import { todayUtc } from '../shared/dates.js';
import { afterTimestampCursor, pageArgs } from '../shared/pagination.js';
import { country, isoDate, recordId, text } from '../shared/validation.js';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((value) => (value ? value : null));

const contact = z
  .object({
    name: optionalText(200),
    email: z
      .string()
      .trim()
      .max(254, 'must be at most 254 characters')
      .pipe(z.email({ message: 'must be an e-mail address' }).or(z.literal('')))
      .nullish()
      .transform((value) => (value ? value : null)),
    phone: optionalText(40),
  })
  .nullish()
  .transform((value) => (value && (value.name || value.email || value.phone) ? value : null));

const onlyOneWhere = {
  message: 'name exactly one of siteId, companyId and place',
  params: { rule: 'exactly_one_where' },
};

export const complaintInput = z
  .object({
    siteId: recordId.nullish().transform((value) => value ?? null),
    companyId: recordId.nullish().transform((value) => value ?? null),
    place: z
      .object({ country, area: text(100), place: text(500) })
      .nullish()
      .transform((value) => value ?? null),
    themes: z
      .array(z.enum(RiskTheme))
      .min(1, 'must name at least one theme')
      .refine((themes) => new Set(themes).size === themes.length, {
        message: 'must name each theme once',
        params: { rule: 'themes_distinct' },
      }),
    description: z
      .string()
      .trim()
      .min(10, 'must be at least 10 characters')
      .max(5000, 'must be at most 5000 characters'),
    occurredOn: isoDate
      .refine((date) => date <= todayUtc(), { message: 'must not be in the future', params: { rule: 'not_future' } })
      .nullish()
      .transform((value) => value ?? null),
    contact,
  })
  .refine((input) => [input.siteId, input.companyId, input.place].filter((where) => where !== null).length === 1, {
    ...onlyOneWhere,
    path: ['siteId'],
  });

export type ComplaintInput = z.output<typeof complaintInput>;

export const fileComplaintArgs = z.object({ input: complaintInput });

/** A reference as the service makes it: KC-, then two groups of four Crockford base-32 letters. */
export const reference = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^KC-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/, 'is not a complaint reference');

export const complaintStatusArgs = z.object({
  reference: z.string().max(40),
  followUpCode: z.string().max(100),
});

const status = z.enum(ComplaintStatus);

export const complaintsArgs = z.object({
  status: status.nullish().transform((value) => value ?? null),
  siteId: recordId.nullish().transform((value) => value ?? null),
  first: pageArgs.first,
  // The list's cursors hold a filing time.
  after: afterTimestampCursor,
});

export const updateComplaintArgs = z
  .object({
    id: recordId,
    status: status.nullish().transform((value) => value ?? null),
    publicNote: optionalText(5000),
    internalNote: optionalText(5000),
  })
  .refine((args) => args.status !== null || args.publicNote !== null || args.internalNote !== null, {
    message: 'give a status, a public note or an internal note',
    params: { rule: 'nothing_to_update' },
    path: ['status'],
  });
