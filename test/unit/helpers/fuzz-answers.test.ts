import { buildSchema } from 'graphql';
import t from 'tap';
import type { GeneratedDocument } from '../../helpers/documents.js';
import { judgeAnswer, tasksOf, type Answer, type Caller, type FuzzReport } from '../../helpers/fuzz.js';

/* The fuzz test's judgement of one answer, and the plan of its requests, without a database. */

const document = (query: string, expectsBadUserInput = false): GeneratedDocument => ({
  query,
  variables: {},
  expectsBadUserInput,
  fieldCount: 1,
});
const answer = (statusCode: number, body: Answer['body']): Answer => ({ statusCode, body });
const error = (code?: string) => ({ message: 'm', ...(code === undefined ? {} : { extensions: { code } }) });
const kinds = (verdict: ReturnType<typeof judgeAnswer>) =>
  Array.isArray(verdict) ? verdict.map((p) => p.kind) : verdict;

t.test('an answer fails on a 5xx or unexpected status, and on each masked or uncoded error', async (t) => {
  t.same(kinds(judgeAnswer(answer(200, { data: { a: 1 } }), 'MEMBER', document('{ a }'))), [], 'a plain answer passes');
  t.same(
    kinds(
      judgeAnswer(
        answer(200, { data: null, errors: [error('NOT_FOUND'), error('FORBIDDEN')] }),
        'MEMBER',
        document('{ a }'),
      ),
    ),
    [],
    'coded refusals pass',
  );
  t.same(kinds(judgeAnswer(answer(502, null), 'MEMBER', document('{ a }'))), ['HTTP 5xx']);
  t.same(kinds(judgeAnswer(answer(404, null), 'MEMBER', document('{ a }'))), ['unexpected HTTP status']);
  t.same(
    kinds(judgeAnswer(answer(200, { errors: [error('INTERNAL_SERVER_ERROR'), error()] }), 'MEMBER', document('{ a }'))),
    ['masked internal error', 'error without a code'],
  );
  t.same(
    kinds(judgeAnswer(answer(500, { errors: [error('INTERNAL_SERVER_ERROR')] }), 'MEMBER', document('{ a }'))),
    ['HTTP 5xx', 'masked internal error'],
    'every problem of one answer is listed',
  );
});

t.test('an out-of-range argument must come back to an ADMIN as BAD_USER_INPUT', async (t) => {
  const outOfRange = document('{ a(first: 0) }', true);
  t.same(kinds(judgeAnswer(answer(200, { data: { a: [] } }), 'ADMIN', outOfRange)), [
    'no BAD_USER_INPUT for an out-of-range argument',
  ]);
  t.same(kinds(judgeAnswer(answer(200, { errors: [error('BAD_USER_INPUT')] }), 'ADMIN', outOfRange)), []);
  t.same(
    kinds(judgeAnswer(answer(200, { errors: [error('FORBIDDEN')] }), 'BUYER', outOfRange)),
    [],
    'another role may be refused first for another reason',
  );
});

t.test('a rate limit or a document budget is neither pass nor failure', async (t) => {
  t.equal(
    judgeAnswer(answer(429, { errors: [error('RATE_LIMITED')] }), 'ADMIN', document('{ a }', true)),
    'rateLimited',
  );
  t.equal(
    judgeAnswer(answer(200, { errors: [error('QUERY_TOO_COMPLEX')] }), 'ADMIN', document('{ a }', true)),
    'refusedByBudget',
  );
});

t.test('each valid document is sent as every caller; an invalid one is a failure sent to no one', async (t) => {
  const schema = buildSchema('type Query { a: Int }');
  const callers: Caller[] = [
    { name: 'anonymous', token: null, viewer: 'anonymous' },
    { name: 'ADMIN', token: 't', viewer: null },
  ];
  const report = { failures: [] } as unknown as FuzzReport;
  const all = [document('{ a }'), document('{ b }'), document('{ a }')];
  const tasks = tasksOf(schema, all, [0, 1, 2], callers, report);
  t.same(
    tasks.map(({ index, caller }) => [index, caller.name]),
    [
      [0, 'anonymous'],
      [0, 'ADMIN'],
      [2, 'anonymous'],
      [2, 'ADMIN'],
    ],
  );
  t.match(report.failures, [{ kind: 'invalid document', index: 1, caller: '-', detail: /Cannot query field "b"/ }]);
  t.same(
    tasksOf(schema, all, [2], callers, report).map((task) => task.index),
    [2, 2],
    'FUZZ_ONLY: one document, as every caller',
  );
});
