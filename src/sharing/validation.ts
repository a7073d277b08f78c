import { z } from 'zod';
import { todayUtc } from '../shared/dates.js';
import { afterTimestampCursor, pageArgs } from '../shared/pagination.js';
import { isoDate, recordId } from '../shared/validation.js';

/** The longest a link may live: a tender's file outlives its procedure, and a new link is one call away. */
export const maxLinkDays = 366;

const daysAhead = (days: number): string =>
  new Date(Date.parse(todayUtc()) + days * 86_400_000).toISOString().slice(0, 10);

export const createReportLinkArgs = z.object({
  projectId: recordId,
  expiresOn: isoDate
    .refine((date) => date >= todayUtc(), {
      message: 'must be today or later (UTC)',
      params: { rule: 'expires_not_in_past' },
    })
    .refine((date) => date <= daysAhead(maxLinkDays), {
      message: `must be at most ${maxLinkDays} days ahead`,
      params: { rule: 'expires_within_a_year' },
    }),
});

export const revokeReportLinkArgs = z.object({ id: recordId });

export const reportLinksArgs = z.object({
  projectId: recordId,
  first: pageArgs.first,
  // The list's cursors hold a creation time.
  after: afterTimestampCursor,
});

/** A token as the server makes it: 32 random bytes, base64url. */
export const linkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
