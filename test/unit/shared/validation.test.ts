import t from 'tap';
import { z } from 'zod';
import { country, isoDate, parseArgs, positive, recordId, text } from '../../../src/shared/validation.js';

/** The argument checks every resolver shares, and how a refusal reads. */

/** The GraphQL error a refusal becomes: its message and `extensions`. */
function refusal(schema: z.ZodType, args: unknown): { message: string; extensions: Record<string, unknown> } {
  try {
    parseArgs(schema, args);
  } catch (error) {
    return error as { message: string; extensions: Record<string, unknown> };
  }
  throw new Error(`accepted ${JSON.stringify(args)}`);
}

t.test('a refusal is BAD_USER_INPUT naming every field, its rule and what is wrong, first problem first', async (t) => {
  const args = z.object({ id: recordId, input: z.object({ country, when: isoDate }) });
  const error = refusal(args, { id: ' ', input: { country: 'XX', when: '2025-02-30' } });
  t.equal(
    error.message,
    'invalid input: id: must not be empty; input.country: must be an ISO 3166-1 alpha-2 country code, e.g. NL; input.when: must be an ISO 8601 calendar date (YYYY-MM-DD)',
  );
  t.same(error.extensions, {
    code: 'BAD_USER_INPUT',
    field: 'id',
    rule: 'too_small',
    issues: [
      { field: 'id', rule: 'too_small', message: 'must not be empty' },
      {
        field: 'input.country',
        rule: 'iso_3166_alpha2',
        message: 'must be an ISO 3166-1 alpha-2 country code, e.g. NL',
      },
      { field: 'input.when', rule: 'invalid_format', message: 'must be an ISO 8601 calendar date (YYYY-MM-DD)' },
    ],
  });
  t.same(
    parseArgs(args, { id: ' q1 ', input: { country: ' nl', when: '2024-02-29' } }),
    { id: 'q1', input: { country: 'NL', when: '2024-02-29' } },
    'accepted input comes back trimmed and normalised',
  );
});

t.test('dates are real calendar days; countries are assigned codes; texts and numbers are bounded', async (t) => {
  for (const date of ['2025-02-29', '2025-13-01', '2025-1-01', '01-01-2025', '2025-01-01T00:00:00Z'])
    t.notOk(isoDate.safeParse(date).success, date);
  t.ok(isoDate.safeParse('2024-02-29').success, 'a leap day');
  t.same(
    [country.safeParse('be').data, country.safeParse('UK').success, country.safeParse('EU').success],
    ['BE', false, false],
    'UK and EU are no ISO 3166-1 codes',
  );
  t.same(
    [text(3).safeParse(' abc ').data, text(3).safeParse('abcd').success, text(3).safeParse('   ').success],
    ['abc', false, false],
  );
  t.same(
    [0, -1, 1e9 + 1].map((n) => positive.safeParse(n).success),
    [false, false, false],
  );
  t.ok(positive.safeParse(1e9).success);
  t.notOk(recordId.safeParse('x'.repeat(101)).success, 'ids are at most 100 characters');
});
