import t from 'tap';
import type { ChildProcess } from 'node:child_process';
import { cypher } from '../src/db/graph.js';
import { traceRows, type TracePartRow } from '../src/trace/query.js';
import { withCypherEvents } from './bench/http.js';
import { shareDifference, startPeerInChild, type OriginsAnswer } from './bench/peer.js';
import { ORIGINS_GRAPHQL } from './bench/roles.js';
import { analystToken, gql, testApp, testConfig } from './helpers/app.js';
import { ChainBuilder } from './helpers/chain.js';

const answer = (tracedShare: number, origins: [string, number][]): OriginsAnswer => ({
  tracedShare,
  origins: origins.map(([id, share]) => ({ share, quarry: { id } })),
});

t.test('shareDifference names what differs between two answers, and nothing for equal ones', async (t) => {
  const ours = answer(0.8, [
    ['q1', 0.6],
    ['q2', 0.2],
  ]);
  t.equal(
    shareDifference(
      ours,
      answer(0.8, [
        ['q2', 0.2],
        ['q1', 0.6],
      ]),
    ),
    null,
    'order does not matter',
  );
  t.match(
    shareDifference(
      ours,
      answer(0.7, [
        ['q1', 0.6],
        ['q2', 0.1],
      ]),
    ),
    /tracedShare/,
  );
  t.match(
    shareDifference(
      ours,
      answer(0.8, [
        ['q1', 0.6],
        ['q3', 0.2],
      ]),
    ),
    /q2: 0.2 vs absent/,
  );
  t.match(shareDifference(ours, answer(0.8, [['q1', 0.8]])), /2 origins vs 1/);
  t.match(
    shareDifference(
      ours,
      answer(0.8, [
        ['q1', 0.5],
        ['q2', 0.3],
      ]),
    ),
    /q1: 0.6 vs 0.5/,
  );
});

t.test('the @neo4j/graphql peer answers the same shares as stonetrace', async (t) => {
  const app = await testApp(t);
  // Two quarries split by declared volume behind a processor, and a processor with no supplier (a gap).
  const chain = await new ChainBuilder()
    .quarry('Q1')
    .quarry('Q2')
    .processor('P')
    .processor('Bare')
    .importer('I')
    .project('Square')
    .link('Q1', 'P', { volume: 300 })
    .link('Q2', 'P', { volume: 100 })
    .link('P', 'I', { volume: 600 })
    .link('Bare', 'I', { volume: 200 })
    .delivery('Square', 'I')
    .save(app.graph);

  const children = new Set<ChildProcess>();
  t.teardown(() => {
    for (const child of children) child.kill('SIGTERM');
  });
  const config = testConfig();
  const peer = await startPeerInChild(
    {
      neo4j: config.neo4j,
      maxDepth: config.trace.maxDepth,
      maxPaths: config.trace.maxPaths,
      leadTimeDays: config.trace.leadTimeDays,
    },
    children,
  );
  const variables = { id: chain.id('Square') };
  const response = await fetch(peer.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: ORIGINS_GRAPHQL, variables }),
  });
  const theirs = ((await response.json()) as { data: { trace: OriginsAnswer } }).data.trace;
  const token = await analystToken(app);
  const { result, events } = await withCypherEvents(() =>
    gql<{ trace: OriginsAnswer }>(app, ORIGINS_GRAPHQL, variables, token),
  );
  const ours = result.data?.trace;

  t.ok(ours, 'stonetrace traced the project');
  t.equal(theirs.tracedShare, 0.75, 'the gap behind the bare processor is a quarter');
  t.same(
    new Set(theirs.origins.map((o) => `${o.quarry.id} ${o.share}`)),
    new Set([`${chain.id('Q1')} 0.5625`, `${chain.id('Q2')} 0.1875`]),
  );
  t.equal(shareDifference(ours as OriginsAnswer, theirs), null, 'equal shares');
  t.match(
    (await peer.sentCypher()).join('\n'),
    /UNWIND frontier AS customer\s+MATCH \(customer\)<-\[:CUSTOMER\]-\(link:SupplyLink\)/,
    'the peer ran our traversal',
  );

  // What the bench's driver baseline replays: the statement the API sent, by text and parameters.
  const traceRead = events.find((event) => event.routing === 'READ' && /MATCH \(project:Project/.test(event.text));
  t.match(traceRead?.params, { projectIds: [chain.id('Square')] }, 'the channel carries the parameters');
  if (traceRead) {
    const replayed = traceRows(
      await app.graph.read(cypher<object, TracePartRow>(traceRead.name, traceRead.text), traceRead.params),
    );
    t.same(
      replayed.map((row) => row.project.properties.id),
      [chain.id('Square')],
      'replayed, it reads the trace again',
    );
  }
});
