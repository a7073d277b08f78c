import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import Fastify from 'fastify';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { graphPlugin } from '../src/db/plugin.js';
import { cypher, cypherChannel, Graph, type CypherEvent } from '../src/db/graph.js';
import { healthPlugin } from '../src/health/plugin.js';
import { withReadTimeout } from '../src/health/warmUp.js';
import { testConfig } from './helpers/app.js';

t.test('readyz says 503 "warming up" until the warm-up has finished, then 200', async (t) => {
  const config = testConfig();
  const app = Fastify({ logger: false });
  t.teardown(() => app.close());
  let finishWarmUp = (): void => {};
  const warmUp = new Promise<void>((resolve) => (finishWarmUp = resolve));
  let started = false;
  await app.register(graphPlugin, { neo4j: config.neo4j, capacity: config.capacity });
  await app.register(healthPlugin, {
    warmUp: [
      () => {
        started = true;
        return warmUp;
      },
    ],
  });
  await app.ready();
  await app.graphMigrated;
  // The warm-up starts once the migration has run, a microtask later.
  await new Promise((resolve) => setImmediate(resolve));
  t.ok(started, 'the warm-up started after the migration');

  const warming = await app.inject('/readyz');
  t.equal(warming.statusCode, 503);
  t.same(warming.json(), { status: 'warming up', neo4j: 'reachable', migrated: true, warmedUp: false });

  finishWarmUp();
  await warmUp;
  await new Promise((resolve) => setImmediate(resolve));
  const ready = await app.inject('/readyz');
  t.equal(ready.statusCode, 200);
  t.same(ready.json(), { status: 'ready', neo4j: 'reachable', migrated: true, warmedUp: true });
});

t.test('a failed warm-up does not keep the instance out of service', async (t) => {
  const config = testConfig();
  const app = Fastify({ logger: false });
  t.teardown(() => app.close());
  await app.register(graphPlugin, { neo4j: config.neo4j, capacity: config.capacity });
  await app.register(healthPlugin, { warmUp: [() => Promise.reject(new Error('planner gave up'))] });
  await app.ready();
  await app.graphMigrated;
  await new Promise((resolve) => setImmediate(resolve));
  t.equal((await app.inject('/readyz')).statusCode, 200);
});

t.test("with warmUp, the app is ready only after every role's read queries were run", async (t) => {
  const sent: string[] = [];
  const record = (message: unknown): void => void sent.push((message as CypherEvent).name);
  subscribe(cypherChannel.name, record);
  t.teardown(() => unsubscribe(cypherChannel.name, record));
  const app = await buildApp(testConfig(), { logger: false, warmUp: true });
  t.teardown(() => app.close());

  const first = await app.inject('/readyz');
  t.equal(first.statusCode, 503, 'not ready at start');
  const deadline = Date.now() + 120_000;
  let status = first.statusCode;
  while (status !== 200 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = (await app.inject('/readyz')).statusCode;
  }
  t.equal(status, 200, 'ready once warmed up');
  const count = (name: string): number => sent.filter((sentName) => sentName === name).length;
  // One per role (ADMIN, ANALYST, BUYER, MEMBER), each of them before readiness.
  for (const name of [
    'project_trace',
    'project_trace_with_risks',
    'projects_page',
    'supply_links_page',
    'action_plans_page',
  ]) {
    t.equal(count(name), 4, `${name} ran for every role before /readyz said 200`);
  }
  t.equal(count('warm_up_delivered_project'), 1, 'the traces were warmed up on a delivered project');
  t.equal(count('api_key_by_id'), 1, 'the key lookup was planned');
});

t.test('warm-up reads may outlast the request time limit (planning on a busy Neo4j does)', async (t) => {
  const config = testConfig();
  const graph = Graph.connect(config.neo4j, { ...config.capacity, transactionTimeoutMs: 100 });
  t.teardown(() => graph.close());
  // Long enough to exceed 100 ms on any machine, short enough for a test.
  const slow = cypher<Record<string, never>, { n: number }>(
    'test_slow_read',
    'UNWIND range(1, 20000000) AS x RETURN count(x) AS n',
  );
  await t.rejects(graph.read(slow, {}), { code: 'QUERY_TIMEOUT' }, 'a request read is cut off at its limit');
  const [row] = await withReadTimeout(graph, 60_000).read(slow, {});
  t.equal(row?.n, 20_000_000, 'the warm-up read runs to the end');
});
