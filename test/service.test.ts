import { spawnSync } from 'node:child_process';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { analystToken, testApp, testConfig } from './helpers/app.js';

t.test('start-up stops with a message naming a bad variable', async (t) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, TRACE_LEAD_TIME_DAYS: '-1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  t.equal(run.status, 1);
  t.match(run.stderr, /TRACE_LEAD_TIME_DAYS/);
});

t.test('healthz and readyz with Neo4j up', async (t) => {
  const app = await testApp(t);
  t.equal((await app.inject('/healthz')).statusCode, 200);
  const ready = await app.inject('/readyz');
  t.equal(ready.statusCode, 200);
  t.same(ready.json(), { status: 'ready', neo4j: 'reachable', migrated: true, warmedUp: true });
});

t.test('readyz is 503 while Neo4j is unreachable; the process stays live', async (t) => {
  // Port 1 on loopback: nothing listens there.
  const app = await buildApp(
    testConfig({ server: { uri: 'bolt://127.0.0.1:1', user: 'neo4j', password: 'nothing-listens-there' } }),
    { logger: false },
  );
  t.teardown(() => app.close());
  t.equal((await app.inject('/healthz')).statusCode, 200);
  const ready = await app.inject('/readyz');
  t.equal(ready.statusCode, 503);
  t.same(ready.json(), { status: 'unavailable', neo4j: 'unreachable', migrated: false, warmedUp: true });
});

t.test('closing the app closes the Neo4j driver', async (t) => {
  const app = await buildApp(testConfig(), { logger: false });
  await app.graphMigrated;
  t.equal(await app.graph.isReachable(), true);
  await app.close();
  t.equal(await app.graph.isReachable(), false);
});

t.test('unexpected errors are masked for clients', async (t) => {
  const app = await testApp(t);
  const token = await analystToken(app);
  // Break only the resolver's query, as a driver failure would (authentication must still pass).
  const read = app.graph.read.bind(app.graph);
  app.graph.read = (query, params) =>
    query.name === 'chain_node_by_id'
      ? Promise.reject(new Error('Neo4j driver closed: internal detail'))
      : read(query, params);
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query: '{ quarry(id: "x") { id } }' },
    headers: { authorization: `Bearer ${token}` },
  });
  const body = response.json();
  t.equal(body.errors[0].message, 'Internal server error');
  t.equal(body.errors[0].extensions.code, 'INTERNAL_SERVER_ERROR');
  t.notMatch(JSON.stringify(body), /driver|Neo4j|closed/i, 'no driver internals');
});
