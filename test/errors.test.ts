import { Writable } from 'node:stream';
import type { Test } from 'tap';
import t from 'tap';
import { buildApp } from '../src/app.js';
import type { FastifyInstance } from 'fastify';
import { issueToken, testConfig } from './helpers/app.js';

/** An app on the test Neo4j whose log lines (JSON) the test reads. */
async function loggedApp(
  t: Test,
): Promise<{ app: FastifyInstance; logged: () => { level: number; msg: string; [key: string]: unknown }[] }> {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => void (lines.push(chunk.toString()), done()) });
  const app = await buildApp(testConfig(), { logger: { level: 'info', stream } as never });
  t.teardown(() => app.close());
  await app.graphMigrated;
  return {
    app,
    logged: () =>
      lines.flatMap((line) =>
        line
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      ),
  };
}

const info = 30;
const error = 50;

t.test('client mistakes outside GraphQL are 4xx with a code, logged at info level, not as server errors', async (t) => {
  const { app, logged } = await loggedApp(t);
  // A caller without a key is turned away before its body is read, so the mistakes below come with one.
  const authorization = `Bearer ${await issueToken(app, 'ADMIN')}`;
  const post = (headers: Record<string, string>, payload: string) =>
    app.inject({ method: 'POST', url: '/import/supply-links', headers: { authorization, ...headers }, payload });

  const malformed = await post({ 'content-type': 'application/json' }, '{"rows": [');
  t.equal(malformed.statusCode, 400);
  t.equal(malformed.json().code, 'BAD_REQUEST');
  t.type(malformed.json().error, 'string');

  const empty = await post({ 'content-type': 'application/json' }, '');
  t.equal(empty.statusCode, 400);
  t.equal(empty.json().code, 'BAD_REQUEST');

  const form = await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'a=1');
  t.equal(form.statusCode, 415);
  t.equal(form.json().code, 'UNSUPPORTED_MEDIA_TYPE');

  // A JSON body is held to the server's body limit (1 MiB); only CSV files stream past it.
  const oversized = await post(
    { 'content-type': 'application/json' },
    JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
  );
  t.equal(oversized.statusCode, 413);
  t.equal(oversized.json().code, 'PAYLOAD_TOO_LARGE');
  t.equal(oversized.json().limitBytes, 1024 * 1024, 'the answer names the limit');

  const missing = await app.inject('/no/such/route');
  t.equal(missing.statusCode, 404);
  t.same(missing.json(), { error: 'no route GET /no/such/route', code: 'NOT_FOUND' });

  const refusals = logged().filter((entry) => entry.msg === 'request refused');
  t.equal(refusals.length, 4);
  t.ok(
    refusals.every((entry) => entry.level === info && !('err' in entry)),
    'info level, no stack trace',
  );
  t.equal(logged().filter((entry) => entry.level >= error).length, 0, 'nothing logged as an error');
});

t.test('an unexpected failure outside GraphQL is a masked 500 with a code; the log keeps the detail', async (t) => {
  const { app, logged } = await loggedApp(t);
  const detail = 'Neo.DatabaseError.Statement.ExecutionFailed: MATCH (k:ApiKey) RETURN k.hash';
  app.graph.read = () => Promise.reject(new Error(detail));
  const response = await app.inject('/reports/quarry-areas/2025.csv');
  t.equal(response.statusCode, 500);
  t.same(response.json(), { error: 'internal server error', code: 'INTERNAL_SERVER_ERROR' });
  t.notMatch(response.body, /Neo|MATCH|ApiKey|at .*\.ts/, 'no driver, Cypher or stack details');
  const failure = logged().find((entry) => entry.level === error);
  t.match(JSON.stringify(failure), /ExecutionFailed/, 'the log has what happened');
});

t.test('every route outside GraphQL that needs a key refuses a request without one alike', async (t) => {
  const { app } = await loggedApp(t);
  const refusals = [
    await app.inject({
      method: 'POST',
      url: '/import/supply-links',
      headers: { 'content-type': 'text/csv' },
      payload: 'supplier_id\n',
    }),
    await app.inject('/projects/no-such-project/report'),
  ];
  for (const refused of refusals) {
    t.equal(refused.statusCode, 401);
    t.equal(refused.headers['www-authenticate'], 'Bearer realm="stonetrace"');
    // A page's refusal also points at the sign-in form; the code and the challenge are the same.
    t.match(refused.json(), {
      error: /^this needs an API key: send Authorization: Bearer <token>/,
      code: 'UNAUTHENTICATED',
    });
    t.same(Object.keys(refused.json()), ['error', 'code']);
  }
});
