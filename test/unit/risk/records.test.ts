import neo4j from 'neo4j-driver';
import t from 'tap';
import { toActionPlan, toCertificate } from '../../../src/risk/records.js';

/** What a plan's and a certificate's status say on a given day. */

const node = (properties: Record<string, unknown>) => new neo4j.types.Node(neo4j.int(1), [], properties, '1');

t.test('a certificate is not yet valid, valid, expiring within 90 days, or expired', async (t) => {
  const valid = node({
    id: 'c',
    scheme: 'FAIR_STONE',
    scope: 'SITE',
    validFrom: '2025-01-01',
    validTo: '2025-12-31',
    reference: '',
  });
  const on = (today: string) => {
    const certificate = toCertificate(valid, null, {}, today);
    return [certificate.status, certificate.daysToExpiry];
  };
  t.same(on('2024-12-31'), ['NOT_YET_VALID', 365]);
  t.same(on('2025-01-01'), ['VALID', 364]);
  t.same(on('2025-10-01'), ['VALID', 91]);
  t.same(on('2025-10-02'), ['EXPIRING_SOON', 90], 'from 90 days before its end');
  t.same(on('2025-12-31'), ['EXPIRING_SOON', 0], 'valid on its last day');
  t.same(on('2026-01-01'), ['EXPIRED', -1]);
});

t.test('a plan is overdue after its due date unless it is done; one without a due date never is', async (t) => {
  const plan = (status: string, dueDate: string | null) =>
    node({
      id: 'p',
      themes: ['HEALTH_SAFETY'],
      description: '',
      status,
      dueDate,
      recordedAt: neo4j.types.DateTime.fromStandardDate(new Date('2025-02-03T23:30:00Z')),
    });
  const overdue = (status: string, dueDate: string | null, today: string) =>
    toActionPlan(plan(status, dueDate), null, {}, today).overdue;
  t.equal(overdue('IN_PROGRESS', '2025-06-01', '2025-06-01'), false, 'due today is not late');
  t.equal(overdue('IN_PROGRESS', '2025-06-01', '2025-06-02'), true);
  t.equal(overdue('PLANNED', '2025-06-01', '2025-06-02'), true);
  t.equal(overdue('DONE', '2025-06-01', '2025-06-02'), false);
  t.equal(overdue('PLANNED', null, '2099-01-01'), false);
  t.equal(
    toActionPlan(plan('DONE', null), null, {}, '2025-06-01').recordedOn,
    '2025-02-03',
    'recorded on the UTC day of its timestamp',
  );
});
