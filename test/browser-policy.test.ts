import type { FastifyInstance, InjectOptions } from 'fastify';
import t, { type Test } from 'tap';
import { buildApp } from '../src/app.js';
import { readDataset } from '../src/seed/dataset.js';
import { loadDataset } from '../src/seed/load.js';
import { exampleProjectId } from '../src/seed/graphiqlExample.js';
import { analystToken, testConfig } from './helpers/app.js';

/** Security headers on every route, the pages' own policies, and CORS only for listed origins. */

async function appWith(t: Test, corsOrigins: string[] = []): Promise<FastifyInstance> {
  const config = testConfig();
  const app = await buildApp({ ...config, edge: { ...config.edge, corsOrigins } }, { logger: false });
  t.teardown(() => app.close());
  await app.graphMigrated;
  return app;
}

const directives = (policy: string | undefined): Map<string, string> =>
  new Map(
    (policy ?? '')
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => [part.split(/\s+/)[0] as string, part.slice(part.indexOf(' ') + 1)]),
  );

t.test('every route, refusals and the 404 included, carries nosniff and forbids framing', async (t) => {
  const app = await appWith(t);
  await loadDataset(app.graph, readDataset());
  const token = await analystToken(app);
  const auth = { authorization: `Bearer ${token}` };
  const requests: Record<string, InjectOptions> = {
    'GET /healthz': { url: '/healthz' },
    'GET /readyz': { url: '/readyz' },
    'POST /graphql': { method: 'POST', url: '/graphql', payload: { query: '{ viewer { role } }' }, headers: auth },
    'POST /graphql without a key': { method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } },
    'POST /graphql with a bad token': {
      method: 'POST',
      url: '/graphql',
      payload: { query: '{ __typename }' },
      headers: { authorization: 'Bearer nope' },
    },
    'GET /graphiql': { url: '/graphiql' },
    'GET /graphiql/assets/start.js': { url: '/graphiql/assets/start.js' },
    'GET /reports/quarry-areas/2025.csv': { url: '/reports/quarry-areas/2025.csv' },
    'GET /projects/<id>': { url: `/projects/${exampleProjectId}`, headers: auth },
    'GET /projects/<id>/report': { url: `/projects/${exampleProjectId}/report`, headers: auth },
    'GET /projects/<id>/origins.geojson': { url: `/projects/${exampleProjectId}/origins.geojson`, headers: auth },
    'POST /import/supply-links without a key': {
      method: 'POST',
      url: '/import/supply-links',
      payload: 'a,b\n',
      headers: { 'content-type': 'text/csv' },
    },
    'GET /signin': { url: '/signin' },
    'POST /signin without a CSRF token': {
      method: 'POST',
      url: '/signin',
      payload: 'token=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
    'GET /reports/shared/<token> (no such link)': { url: `/reports/shared/${'A'.repeat(43)}` },
    'GET /nowhere (404)': { url: '/nowhere' },
  };
  for (const [name, request] of Object.entries(requests)) {
    const response = await app.inject(request);
    t.equal(response.headers['x-content-type-options'], 'nosniff', `${name} (${response.statusCode}): nosniff`);
    t.equal(
      directives(response.headers['content-security-policy'] as string).get('frame-ancestors'),
      "'none'",
      `${name}: frame-ancestors 'none'`,
    );
    t.equal(response.headers['x-frame-options'], 'DENY', `${name}: X-Frame-Options for older browsers`);
  }

  const api = directives((await app.inject(requests['POST /graphql']!)).headers['content-security-policy']);
  t.equal(api.get('default-src'), "'none'", 'API answers allow no content at all');

  const graphiql = directives((await app.inject({ url: '/graphiql' })).headers['content-security-policy']);
  t.equal(graphiql.get('script-src'), "'self'", "GraphiQL runs this server's scripts only");
  t.equal(graphiql.get('connect-src'), "'self'", 'and talks to this server only');

  for (const name of ['GET /projects/<id>', 'GET /projects/<id>/report']) {
    const page = await app.inject(requests[name]!);
    t.equal(page.statusCode, 200, `${name} is served`);
    const pagePolicy = directives(page.headers['content-security-policy']);
    t.equal(pagePolicy.get('default-src'), "'none'", `${name} loads nothing`);
    t.equal(pagePolicy.get('style-src'), "'unsafe-inline'", 'but its own inline styles');
    t.notOk(pagePolicy.has('script-src'), 'and runs no script');
  }
});

t.test('CORS is off by default: no browser origin may read answers', async (t) => {
  const app = await appWith(t);
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/graphql',
    headers: {
      origin: 'https://portal.example.nl',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    },
  });
  t.equal(preflight.headers['access-control-allow-origin'], undefined, 'a preflight is not granted');
  const simple = await app.inject({ url: '/healthz', headers: { origin: 'https://portal.example.nl' } });
  t.equal(simple.headers['access-control-allow-origin'], undefined, 'nor is a simple request');
});

t.test('CORS with an allow-list grants exactly the listed origins', async (t) => {
  const app = await appWith(t, ['https://portal.example.nl']);
  const preflight = (origin: string) =>
    app.inject({
      method: 'OPTIONS',
      url: '/graphql',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
  const allowed = await preflight('https://portal.example.nl');
  t.equal(allowed.statusCode, 204);
  t.equal(allowed.headers['access-control-allow-origin'], 'https://portal.example.nl', 'the listed origin may call');
  t.match(String(allowed.headers['access-control-allow-headers']).toLowerCase(), /authorization/, 'with its API key');
  t.equal(allowed.headers['access-control-allow-credentials'], undefined, 'never with cookies');

  const answer = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query: '{ __typename }' },
    headers: { origin: 'https://portal.example.nl' },
  });
  t.equal(answer.headers['access-control-allow-origin'], 'https://portal.example.nl');
  t.match(
    String(answer.headers['access-control-expose-headers']).toLowerCase(),
    /retry-after/,
    'and may read its rate-limit budget',
  );

  const other = await preflight('https://evil.example.com');
  t.equal(other.headers['access-control-allow-origin'], undefined, 'an origin not listed is not granted');
});
