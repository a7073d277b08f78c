import Fastify from 'fastify';
import t from 'tap';
import { errorPlugin } from '../../../src/errors/plugin.js';
import { Overloaded, QueryTimeout, RequestAborted, ServiceUnavailable } from '../../../src/shared/errors.js';

/** Failures outside GraphQL as a client sees them: a status, a stable code, and no internals. */

async function appThrowing(error: unknown) {
  const app = Fastify({ logger: false });
  await app.register(errorPlugin);
  app.post('/upload', { bodyLimit: 10 }, async () => {
    throw error;
  });
  return app;
}

const answer = async (error: unknown) => {
  const app = await appThrowing(error);
  const response = await app.inject({ method: 'POST', url: '/upload', payload: { a: 1 } });
  await app.close();
  return { status: response.statusCode, retryAfter: response.headers['retry-after'], body: response.json() };
};

t.test('a service error answers with its own status, code and message, and when to retry', async (t) => {
  t.same(
    await answer(new ServiceUnavailable({ cause: new Error('connection refused to neo4j:7687') })),
    {
      status: 503,
      retryAfter: '2',
      body: { error: 'the database is unavailable; retry shortly', code: 'SERVICE_UNAVAILABLE' },
    },
    'the cause is not told',
  );
  t.same(await answer(new QueryTimeout(60_000)), {
    status: 503,
    retryAfter: '5',
    body: { error: 'the request took longer than its time limit of 60000 ms and was cancelled', code: 'QUERY_TIMEOUT' },
  });
  t.same(await answer(new Overloaded('42 waiting')), {
    status: 503,
    retryAfter: '1',
    body: { error: 'the service is busy (42 waiting); retry shortly', code: 'OVERLOADED' },
  });
  t.same((await answer(new RequestAborted())).status, 499);
});

t.test("a client's mistake keeps its 4xx status with a code for it; an unknown one is BAD_REQUEST", async (t) => {
  const refused = (statusCode: number, message = 'refused') =>
    answer(Object.assign(new Error(message), { statusCode }));
  t.same((await refused(415)).body, { error: 'refused', code: 'UNSUPPORTED_MEDIA_TYPE' });
  t.same((await refused(429)).body.code, 'RATE_LIMITED');
  t.same((await refused(418)).body.code, 'BAD_REQUEST');
  t.same(
    (await refused(413)).body,
    { error: 'refused', code: 'PAYLOAD_TOO_LARGE', limitBytes: 10 },
    "a 413 names the route's body limit",
  );
});

t.test('anything else is a masked 500; an unknown route is a 404 naming it', async (t) => {
  t.same(await answer(new Error('Neo.ClientError.Statement.SyntaxError: MATCH (k:ApiKey)')), {
    status: 500,
    retryAfter: undefined,
    body: { error: 'internal server error', code: 'INTERNAL_SERVER_ERROR' },
  });
  const app = await appThrowing(null);
  const missing = await app.inject('/nowhere?key=secret');
  await app.close();
  t.same(
    [missing.statusCode, missing.json()],
    [404, { error: 'no route GET /nowhere', code: 'NOT_FOUND' }],
    'without its query string',
  );
});
