import t from 'tap';
import { todayUtc } from '../../../src/shared/dates.js';
import { encodeCursor } from '../../../src/shared/pagination.js';
import { createReportLinkArgs, linkToken, reportLinksArgs } from '../../../src/sharing/validation.js';

const daysAhead = (days: number): string =>
  new Date(Date.parse(todayUtc()) + days * 86_400_000).toISOString().slice(0, 10);
const rules = (args: unknown) => {
  const parsed = createReportLinkArgs.safeParse(args);
  return parsed.success
    ? []
    : parsed.error.issues.map(
        (issue) =>
          `${issue.path.join('.')}:${String((issue as { params?: { rule?: string } }).params?.rule ?? issue.code)}`,
      );
};

t.test('a link lives from today to 366 days ahead', async (t) => {
  t.same(rules({ projectId: 'p', expiresOn: todayUtc() }), [], 'today');
  t.same(rules({ projectId: 'p', expiresOn: daysAhead(366) }), [], 'a year ahead');
  t.same(rules({ projectId: 'p', expiresOn: daysAhead(-1) }), ['expiresOn:expires_not_in_past']);
  t.same(rules({ projectId: 'p', expiresOn: daysAhead(367) }), ['expiresOn:expires_within_a_year']);
  t.same(rules({ projectId: ' ', expiresOn: todayUtc() }), ['projectId:too_small']);
});

t.test("the list takes its own cursors, not another list's", async (t) => {
  t.ok(
    reportLinksArgs.safeParse({ projectId: 'p', after: encodeCursor('2026-05-01T10:00:00.123456789Z', 'id') }).success,
  );
  t.notOk(reportLinksArgs.safeParse({ projectId: 'p', after: encodeCursor('Quay wall renewal', 'id') }).success);
});

t.test('a token is 43 base64url characters', async (t) => {
  t.ok(linkToken.safeParse('A'.repeat(43)).success);
  for (const token of ['A'.repeat(42), 'A'.repeat(44), `${'A'.repeat(42)}/`, `${'A'.repeat(42)}.`])
    t.notOk(linkToken.safeParse(token).success, token);
});
