import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { auditServer } from 'graphql-http';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { analystToken, testApp, testConfig } from './helpers/app.js';

/**
 * /graphql speaks GraphQL over HTTP (the GraphQL foundation's spec), checked by the audit of the
 * `graphql-http` package against a listening app, and answers malformed requests with a 4xx.
 */

t.test('the GraphQL-over-HTTP audit finds no failure and no warning', async (t) => {
  const app = await testApp(t);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/graphql`;

  const results = await auditServer({ url });
  const problems = results.flatMap((result) =>
    result.status === 'error' || result.status === 'warn'
      ? [`${result.status} ${result.id} ${result.name}: ${result.reason}`]
      : [],
  );
  t.same(problems, [], 'no MUST failed and no SHOULD warned');
  t.ok(results.filter((r) => r.status === 'ok').length > 40, 'the audit ran its checks');
  // Left: MAYs. Fastify's body validation coerces a number, boolean or one-element array `query`,
  // `operationName` or `variables` to the expected type (0 becomes "0"), so such a request is answered as a GraphQL
  // request error (200 with application/json) rather than refused with 400; the spec allows both.
  const notices = results.filter((r) => r.status === 'notice').map((r) => `${r.id} ${r.name}`);
  t.comment(`MAY checks not met: ${notices.length ? notices.join('; ') : 'none'}`);
});

t.test('an operation whose errors leave no data is still answered with 200, the code in its errors', async (t) => {
  const app = await testApp(t);
  for (const accept of ['application/json', 'application/graphql-response+json']) {
    const refused = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: '{ viewer { keyId } }' },
      headers: { accept },
    });
    t.equal(refused.statusCode, 200, accept);
    t.same(refused.json().data, null);
    t.equal(refused.json().errors[0].extensions.code, 'UNAUTHENTICATED');
  }
});

async function post(app: FastifyInstance, query: string, accept: string) {
  const response = await app.inject({ method: 'POST', url: '/graphql', payload: { query }, headers: { accept } });
  return {
    statusCode: response.statusCode,
    contentType: String(response.headers['content-type']),
    body: response.json(),
  };
}

t.test('application/graphql-response+json is answered when the client prefers it', async (t) => {
  const app = await testApp(t);
  const preferred = 'application/graphql-response+json, application/json;q=0.9';

  const answered = await post(app, '{ __typename }', preferred);
  t.equal(answered.statusCode, 200);
  t.match(answered.contentType, /^application\/graphql-response\+json; charset=utf-8/);
  t.same(answered.body, { data: { __typename: 'Query' } });

  const invalid = await post(app, '{ noSuchField }', preferred);
  t.equal(invalid.statusCode, 400, 'a document that does not validate is a 400');
  t.match(invalid.contentType, /^application\/graphql-response\+json/);
  t.equal(invalid.body.data, undefined, 'with no data entry');
  t.equal(invalid.body.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');

  const legacy = await post(app, '{ noSuchField }', 'application/json');
  t.equal(legacy.statusCode, 200, 'with application/json it is a 200, as the spec asks');
  t.match(legacy.contentType, /^application\/json/);
  t.equal(legacy.body.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');

  const unparsable = await post(app, '{', preferred);
  t.equal(unparsable.statusCode, 400);
  t.equal(unparsable.body.errors[0].extensions.code, 'GRAPHQL_PARSE_FAILED');
});

t.test('malformed requests to /graphql are 4xx in GraphQL shape, logged at info', async (t) => {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as { level: number; msg: string });
      done();
    },
  });
  const logger = { level: 'info', stream };
  const app = await buildApp(testConfig(), { logger });
  t.teardown(() => app.close());
  await app.ready();

  const cases: { label: string; body: string; contentType: string; status: number; code: string }[] = [
    { label: 'malformed JSON', body: '{"query": ', contentType: 'application/json', status: 400, code: 'BAD_REQUEST' },
    { label: 'an empty body', body: '', contentType: 'application/json', status: 400, code: 'BAD_REQUEST' },
    {
      label: 'a form-encoded body',
      body: 'query=%7B__typename%7D',
      contentType: 'application/x-www-form-urlencoded',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    { label: 'no query', body: '{"variables": {}}', contentType: 'application/json', status: 400, code: 'BAD_REQUEST' },
    {
      label: 'a query that is not a string',
      body: '{"query": {"a": 1}}',
      contentType: 'application/json',
      status: 400,
      code: 'BAD_REQUEST',
    },
    {
      label: 'a query that is a number',
      body: '{"query": 1}',
      contentType: 'application/json',
      status: 400,
      code: 'BAD_REQUEST',
    },
    {
      label: 'an operationName that is a number',
      body: '{"query": "{ __typename }", "operationName": 5}',
      contentType: 'application/json',
      status: 400,
      code: 'BAD_REQUEST',
    },
    {
      label: 'variables that are a list',
      body: '{"query": "{ __typename }", "variables": [1]}',
      contentType: 'application/json',
      status: 400,
      code: 'BAD_REQUEST',
    },
    {
      label: 'a text/plain body',
      body: '{"query": "{ __typename }"}',
      contentType: 'text/plain',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      label: 'a 10 MB body',
      body: JSON.stringify({ query: `{ __typename } #${'x'.repeat(10_000_000)}` }),
      contentType: 'application/json',
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
  ];
  for (const { label, body, contentType, status, code } of cases) {
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': contentType },
      payload: body,
    });
    t.equal(response.statusCode, status, `${label}: HTTP ${status}`);
    const answer = response.json<{ errors: { message: string; extensions: { code: string } }[] }>();
    t.equal(answer.errors[0]?.extensions.code, code, `${label}: ${code}`);
    t.notMatch(
      answer.errors[0]?.message,
      /internal|stack|\.js:\d/i,
      `${label}: the message is about the request (${answer.errors[0]?.message})`,
    );
  }
  t.same(
    lines.filter((line) => line.level >= 50).map((line) => line.msg),
    [],
    'nothing was logged as an error',
  );
  t.equal(
    lines.filter((line) => line.level === 30 && /^GraphQL request refused/.test(line.msg)).length,
    cases.length,
    'each refusal was logged at info',
  );
});

t.test('an operation that cannot be chosen is a request error with a code, not data: null', async (t) => {
  const app = await testApp(t);
  const accept = 'application/graphql-response+json';
  const cases = [
    {
      label: 'several operations and no operationName',
      payload: { query: 'query A { __typename } query B { __typename }' },
    },
    { label: 'an operationName the document lacks', payload: { query: 'query A { __typename }', operationName: 'B' } },
  ];
  for (const { label, payload } of cases) {
    const response = await app.inject({ method: 'POST', url: '/graphql', payload, headers: { accept } });
    t.equal(response.statusCode, 400, `${label}: 400 with the GraphQL media type`);
    const answer = response.json<{ data?: unknown; errors: { extensions: { code: string } }[] }>();
    t.notOk('data' in answer, `${label}: no data`);
    t.equal(answer.errors[0]?.extensions.code, 'GRAPHQL_VALIDATION_FAILED', `${label}: coded`);
  }
  const named = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query: 'query A { __typename } query B { __typename }', operationName: 'B' },
  });
  t.same(named.json(), { data: { __typename: 'Query' } }, 'naming one of several runs it');
});

t.test('a missing or mistyped variable is a coded request error naming it, however often it is sent', async (t) => {
  const app = await testApp(t);
  const token = await analystToken(app);
  const query =
    'query Origins($id: ID!, $first: Int) { trace(projectId: $id) { tracedShare } projects(first: $first) { totalCount } }';
  const cases = [
    { label: 'no variables at all', payload: { query }, names: /"\$id" of required type "ID!" was not provided/ },
    {
      label: 'a required variable left out',
      payload: { query, variables: {} },
      names: /"\$id" of required type "ID!" was not provided/,
    },
    {
      label: 'a variable of the wrong type',
      payload: { query, variables: { id: 'x', first: 'ten' } },
      names: /"\$first" got invalid value "ten"/,
    },
  ];
  for (const { label, payload, names } of cases) {
    // The same document four times: mercurius compiles it on the third request, which it runs
    // without checking variables of its own.
    for (const [i, authorization] of [undefined, `Bearer ${token}`, `Bearer ${token}`, `Bearer ${token}`].entries()) {
      const who = `${label}, request ${i + 1} ${authorization ? 'with a key' : 'without a key'}`;
      const response = await app.inject({
        method: 'POST',
        url: '/graphql',
        payload,
        headers: { accept: 'application/graphql-response+json', ...(authorization ? { authorization } : {}) },
      });
      t.equal(response.statusCode, 400, `${who}: 400`);
      const answer = response.json<{ data?: unknown; errors: { message: string; extensions: { code: string } }[] }>();
      t.notOk('data' in answer, `${who}: no data`);
      t.equal(answer.errors[0]?.extensions.code, 'GRAPHQL_VALIDATION_FAILED', `${who}: coded`);
      t.match(answer.errors[0]?.message, names, `${who}: names the variable and the rule`);
    }
  }
});
