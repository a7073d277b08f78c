import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import { freePort, startEmbeddedNeo4j, type EmbeddedNeo4j } from '../neo4j/embedded.js';
import { buildApp } from '../src/app.js';
import type { CapacitySettings } from '../src/config.js';
import { cypher, Graph } from '../src/db/graph.js';
import { QueryTimeout, RequestAborted } from '../src/shared/errors.js';
import { gql, issueToken, testConfig } from './helpers/app.js';

// Starting Neo4j (twice here) takes minutes on a busy machine.
t.setTimeout(900_000);
/**
 * Faults of a Neo4j of this file's own, which it kills (SIGKILL) and pauses (SIGSTOP): the API must
 * answer quickly and recover by itself. Bounds are the service's promises, not benchmarks.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'stonetrace-faults-neo4j-'));
const boltPort = await freePort();
const startNeo4j = (): Promise<EmbeddedNeo4j> =>
  startEmbeddedNeo4j({ boltPort, dataDir, heapMb: 512, pageCacheMb: 64 });
let neo4j = await startNeo4j();
t.teardown(async () => {
  process.kill(neo4j.pid, 'SIGCONT');
  await neo4j.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The one place these tests say how to reach their Neo4j. */
const configFor = (server: EmbeddedNeo4j, capacity: Partial<CapacitySettings> = {}) => testConfig({ server, capacity });

async function faultApp(t: Test): Promise<{ app: FastifyInstance; token: string }> {
  const app = await buildApp(configFor(neo4j), { logger: false });
  t.teardown(() => app.close());
  await app.graphMigrated;
  return { app, token: await issueToken(app, 'ANALYST') };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

const quarryQuery = '{ quarry(id: "no-such-quarry") { id } }';
const noInternals = /neo4j|bolt|driver|cypher|pool|\bat \S+\.ts/i;

/** What a client sees while Neo4j is away: fast, coded answers from every kind of route. */
async function expectUnavailable(t: Test, app: FastifyInstance, token: string): Promise<void> {
  const [ready, graphql, csv] = await Promise.all([
    timed(() => app.inject('/readyz')),
    timed(() => gql(app, quarryQuery, {}, token)),
    timed(() => app.inject('/reports/quarry-areas/2025.csv')),
  ]);
  t.equal(ready.value.statusCode, 503, '/readyz says 503');
  t.ok(ready.ms < 1_000, `/readyz within 1 s (${ready.ms.toFixed(0)} ms)`);

  t.equal(graphql.value.errors?.[0]?.extensions?.code, 'SERVICE_UNAVAILABLE', 'GraphQL: a SERVICE_UNAVAILABLE error');
  t.ok(graphql.ms < 2_000, `GraphQL within 2 s (${graphql.ms.toFixed(0)} ms)`);
  t.notMatch(JSON.stringify(graphql.value), noInternals, 'GraphQL: no driver internals');

  t.equal(csv.value.statusCode, 503, 'a route: HTTP 503');
  t.equal(csv.value.json().code, 'SERVICE_UNAVAILABLE');
  t.ok(Number(csv.value.headers['retry-after']) > 0, 'with Retry-After');
  t.ok(csv.ms < 2_000, `the route within 2 s (${csv.ms.toFixed(0)} ms)`);
  t.notMatch(csv.value.body, noInternals, 'the route: no driver internals');
}

async function expectServed(t: Test, app: FastifyInstance, token: string, when: string): Promise<void> {
  const answer = await gql(app, quarryQuery, {}, token);
  t.same(answer.errors, undefined, `${when}: the next request succeeds`);
  t.same(answer.data, { quarry: null });
}

t.test(
  'Neo4j killed: quick 503s; restarted on the same data and port: served again without an API restart',
  async (t) => {
    const { app, token } = await faultApp(t);
    await expectServed(t, app, token, 'before');

    process.kill(neo4j.pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expectUnavailable(t, app, token);

    neo4j = await startNeo4j();
    await expectServed(t, app, token, 'after the restart');
    t.equal((await app.inject('/readyz')).statusCode, 200);
  },
);

t.test('Neo4j paused: requests in flight and new ones answer within the bounds; resumed: served again', async (t) => {
  const { app, token } = await faultApp(t);
  await expectServed(t, app, token, 'before');

  // Sent the moment it stops: nothing in the driver notices a silent server by itself.
  process.kill(neo4j.pid, 'SIGSTOP');
  try {
    await expectUnavailable(t, app, token);
    // And once the silence is known, new requests are refused at once.
    await expectUnavailable(t, app, token);
  } finally {
    process.kill(neo4j.pid, 'SIGCONT');
  }
  await expectServed(t, app, token, 'after resuming');
});

const markerNode = cypher<{ marker: string }, never>('test_fault_marker', 'CREATE (:FaultMarker {marker: $marker})');
const countMarkers = cypher<{ marker: string }, { n: number }>(
  'test_fault_marker_count',
  'MATCH (m:FaultMarker {marker: $marker}) RETURN count(m) AS n',
);
/** Seconds of work for Neo4j, with a tag to find it among the running transactions. */
const slowStatement = (tag: string) =>
  cypher<Record<string, never>, { n: number }>(
    'test_slow',
    `UNWIND range(1, 2000000000) AS i WITH i WHERE i = -1 /* ${tag} */ RETURN count(i) AS n`,
  );

/** Whether a transaction running `tag`'s statement is still open on the server. */
async function stillRunning(graph: Graph, tag: string): Promise<boolean> {
  const { records } = await graph.driver.executeQuery(
    'SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $tag RETURN count(*) AS n',
    {
      tag: `/* ${tag} */`,
    },
  );
  return Number(records[0]?.get('n')) > 0;
}

/** Whether the server reaches the state `running` about `tag`'s statement within `withinMs`. */
async function becomes(running: boolean, graph: Graph, tag: string, withinMs: number): Promise<boolean> {
  for (
    const until = Date.now() + withinMs;
    Date.now() < until;
    await new Promise((resolve) => setTimeout(resolve, 100))
  ) {
    if ((await stillRunning(graph, tag)) === running) return true;
  }
  return false;
}

t.test('a statement that reaches its time limit answers QUERY_TIMEOUT, and Neo4j stops it', async (t) => {
  const { neo4j: connection, capacity } = configFor(neo4j, { transactionTimeoutMs: 1_000 });
  const graph = Graph.connect(connection, capacity);
  t.teardown(() => graph.close());
  const tag = `timeout-${Date.now()}`;

  const { ms, value: error } = await timed(() =>
    graph.read(slowStatement(tag), {}).then(
      () => null,
      (e: unknown) => e,
    ),
  );
  t.type(error, QueryTimeout);
  t.equal((error as QueryTimeout).code, 'QUERY_TIMEOUT');
  t.notMatch((error as Error).message, noInternals, 'a message for clients');
  t.ok(ms < 2_500, `no longer than its limit and a little (${ms.toFixed(0)} ms)`);
  t.ok(await becomes(false, graph, tag, 2_000), 'the transaction is gone from the server');
});

/**
 * Starts `run` (work that sends `tag`'s slow statement) with a signal, waits until the statement
 * runs on the server, aborts, and checks that the caller is released at once and the statement is
 * gone from the server.
 */
async function expectAbortStops(
  t: Test,
  graph: Graph,
  tag: string,
  run: (signal: AbortSignal) => Promise<unknown>,
): Promise<void> {
  const clientLeft = new AbortController();
  const outcome = run(clientLeft.signal).then(
    () => null,
    (e: unknown) => e,
  );
  t.ok(await becomes(true, graph, tag, 20_000), 'the slow statement runs');

  const { ms, value: error } = await timed(() => (clientLeft.abort(), outcome));
  t.type(error, RequestAborted);
  t.ok(ms < 500, `the caller is released at once (${ms.toFixed(0)} ms)`);
  t.ok(await becomes(false, graph, tag, 2_000), 'the statement is gone from the server');
}

t.test('aborting a write transaction (its client left) rolls it back and frees it promptly', async (t) => {
  const { neo4j: connection, capacity } = configFor(neo4j);
  const graph = Graph.connect(connection, capacity);
  t.teardown(() => graph.close());
  const tag = `abort-${Date.now()}`;
  const marker = `m-${tag}`;

  await expectAbortStops(t, graph, tag, (signal) =>
    graph.writeTransaction(
      async (tx) => {
        await tx.run(markerNode, { marker });
        await tx.run(slowStatement(tag), {});
      },
      { timeoutMs: 120_000, signal },
    ),
  );
  t.same(await graph.read(countMarkers, { marker }), [{ n: 0 }], 'rolled back: its first write is not there');
});

t.test('aborting a read (its client left) releases the caller and stops the statement on the server', async (t) => {
  const { neo4j: connection, capacity } = configFor(neo4j);
  const graph = Graph.connect(connection, capacity);
  t.teardown(() => graph.close());
  const tag = `abort-read-${Date.now()}`;

  await expectAbortStops(t, graph, tag, (signal) => graph.read(slowStatement(tag), {}, { timeoutMs: 120_000, signal }));
});
