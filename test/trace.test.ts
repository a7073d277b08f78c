import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { cypherChannel } from '../src/db/graph.js';
import { analystToken, gql, testApp } from './helpers/app.js';
import { ChainBuilder } from './helpers/chain.js';

const TRACE = `query Trace($id: ID!, $asOf: Date) {
  trace(projectId: $id, asOf: $asOf) {
    project { id name }
    tracedShare
    origins { share quarry { id name } paths { nodes { __typename name } links { id supplier { name } customer { name } } } }
    gaps { share stoneType node { __typename name } }
    nodes { name }
    links { id }
  }
}`;

interface TraceView {
  traced: number;
  origins: Record<string, number>;
  gaps: Record<string, number>;
  paths: Record<string, string[]>;
  nodes: string[];
  linkCount: number;
}

async function traceOf(app: FastifyInstance, chain: ChainBuilder, project: string, asOf?: string): Promise<TraceView> {
  const { data, errors } = await gql(app, TRACE, { id: chain.id(project), asOf }, await analystToken(app));
  if (errors) throw new Error(JSON.stringify(errors));
  const trace = data!.trace;
  const view: TraceView = {
    traced: trace.tracedShare,
    origins: Object.fromEntries(trace.origins.map((o: any) => [o.quarry.name, o.share])),
    gaps: Object.fromEntries(trace.gaps.map((g: any) => [g.node.name, g.share])),
    paths: Object.fromEntries(
      trace.origins.map((o: any) => [
        o.quarry.name,
        o.paths.map((p: any) => p.nodes.map((n: any) => n.name).join('>')).sort(),
      ]),
    ),
    nodes: trace.nodes.map((n: any) => n.name).sort(),
    linkCount: trace.links.length,
  };
  const total =
    trace.origins.reduce((s: number, o: any) => s + o.share, 0) +
    trace.gaps.reduce((s: number, g: any) => s + g.share, 0);
  if (trace.origins.length + trace.gaps.length > 0 && Math.abs(total - 1) > 1e-9) {
    throw new Error(`origin and gap shares add up to ${total}, not 1`);
  }
  return view;
}

function near(t: Test, actual: Record<string, number>, expected: Record<string, number>, message: string): void {
  t.same(Object.keys(actual).sort(), Object.keys(expected).sort(), `${message}: same keys`);
  for (const [name, share] of Object.entries(expected)) {
    t.ok(Math.abs((actual[name] ?? NaN) - share) < 1e-9, `${message}: ${name} = ${share} (got ${actual[name]})`);
  }
}

t.test(
  'a multi-hop chain quarry > processor > processor > importer traces fully, path ordered from the quarry',
  async (t) => {
    const app = await testApp(t);
    const chain = await new ChainBuilder()
      .quarry('Q')
      .processor('P1')
      .processor('P2')
      .importer('I')
      .project('X')
      .link('Q', 'P1')
      .link('P1', 'P2')
      .link('P2', 'I')
      .delivery('X', 'I')
      .save(app.graph);
    const trace = await traceOf(app, chain, 'X');
    near(t, trace.origins, { Q: 1 }, 'origins');
    t.same(trace.gaps, {});
    t.equal(trace.traced, 1);
    t.same(trace.paths.Q, ['Q>P1>P2>I']);
    t.same(trace.nodes, ['I', 'P1', 'P2', 'Q']);
    t.equal(trace.linkCount, 3);
  },
);

t.test('declared volumes split in proportion; one undeclared volume makes the split equal', async (t) => {
  const app = await testApp(t);
  const chain = await new ChainBuilder()
    .quarry('Q1')
    .quarry('Q2')
    .quarry('Q3')
    .quarry('Q4')
    .processor('P')
    .processor('R')
    .importer('I')
    .project('X')
    .link('Q1', 'P', { volume: 3000 })
    .link('Q2', 'P', { volume: 1000 })
    .link('P', 'I', { volume: 500 })
    .link('Q3', 'R', { volume: 3000 })
    .link('Q4', 'R')
    .link('R', 'I', { volume: 1500 })
    .delivery('X', 'I')
    .save(app.graph);
  const trace = await traceOf(app, chain, 'X');
  // I splits 500:1500 over P and R; P splits 3:1; R splits equally (Q4 declares nothing).
  near(t, trace.origins, { Q1: 0.25 * 0.75, Q2: 0.25 * 0.25, Q3: 0.75 * 0.5, Q4: 0.75 * 0.5 }, 'origins');
  t.equal(trace.traced, 1);
});

t.test('only links of the delivered stone type are followed', async (t) => {
  const app = await testApp(t);
  const chain = await new ChainBuilder()
    .quarry('Granite quarry')
    .quarry('Marble quarry', { stoneTypes: ['MARBLE'] })
    .importer('I')
    .project('X')
    .link('Granite quarry', 'I', { stoneType: 'GRANITE' })
    .link('Marble quarry', 'I', { stoneType: 'MARBLE' })
    .delivery('X', 'I', { stoneType: 'MARBLE', massTonnes: 30 })
    .delivery('X', 'I', { stoneType: 'GRANITE', massTonnes: 10 })
    .save(app.graph);
  const trace = await traceOf(app, chain, 'X');
  near(t, trace.origins, { 'Marble quarry': 0.75, 'Granite quarry': 0.25 }, 'shares are fractions of delivered mass');
});

t.test('a link counts only when its validity overlaps [deliveredOn - lead time, deliveredOn]', async (t) => {
  const app = await testApp(t);
  const chain = await new ChainBuilder()
    .quarry('Expired')
    .quarry('Ended in window')
    .quarry('Starts later')
    .quarry('Open')
    .importer('I')
    .project('X')
    .link('Expired', 'I', { validFrom: '2020-01-01', validTo: '2024-05-31' })
    .link('Ended in window', 'I', { validFrom: '2020-01-01', validTo: '2024-06-01' })
    .link('Starts later', 'I', { validFrom: '2025-06-02' })
    .link('Open', 'I', { validFrom: '2025-06-01' })
    .delivery('X', 'I', { deliveredOn: '2025-06-01' })
    .save(app.graph);
  // 2025-06-01 minus 365 days is 2024-06-01: a link ending that day still overlaps.
  const trace = await traceOf(app, chain, 'X');
  near(t, trace.origins, { 'Ended in window': 0.5, Open: 0.5 }, 'delivery date window');

  const asOf = await traceOf(app, chain, 'X', '2026-01-01');
  near(t, asOf.origins, { 'Starts later': 0.5, Open: 0.5 }, 'asOf replaces the delivery date');

  const longAgo = await traceOf(app, chain, 'X', '2019-06-01');
  near(t, longAgo.gaps, { I: 1 }, 'no link valid then: the importer is a gap');
  t.equal(longAgo.traced, 0);
});

t.test('the lead time comes from configuration', async (t) => {
  const app = await testApp(t, { trace: { leadTimeDays: 30 } });
  const chain = await new ChainBuilder()
    .quarry('Recent')
    .quarry('Two months ago')
    .importer('I')
    .project('X')
    .link('Recent', 'I', { validFrom: '2025-01-01' })
    .link('Two months ago', 'I', { validFrom: '2020-01-01', validTo: '2025-04-01' })
    .delivery('X', 'I', { deliveredOn: '2025-06-01' })
    .save(app.graph);
  near(t, (await traceOf(app, chain, 'X')).origins, { Recent: 1 }, 'a 30-day window');
});

t.test('a cycle between processors neither loops nor double counts; each distinct path is listed once', async (t) => {
  const app = await testApp(t);
  const chain = await new ChainBuilder()
    .quarry('Q1')
    .quarry('Q2')
    .processor('P1')
    .processor('P2')
    .importer('I')
    .project('X')
    .link('Q1', 'P1')
    .link('Q2', 'P2')
    .link('P1', 'P2')
    .link('P2', 'P1')
    .link('P1', 'I')
    .link('P2', 'I')
    .delivery('X', 'I', { massTonnes: 10 })
    .delivery('X', 'I', { massTonnes: 30 })
    .save(app.graph);
  const trace = await traceOf(app, chain, 'X');
  // I: 1/2 to P1, 1/2 to P2. From P1: 1/4 to Q1, 1/4 to P2 whose only way on is Q2 (P1 is on the path).
  near(t, trace.origins, { Q1: 0.5, Q2: 0.5 }, 'origins');
  t.same(trace.gaps, {});
  t.same(trace.paths.Q1, ['Q1>P1>I', 'Q1>P1>P2>I'], 'two deliveries over the same chain: each path once');
  t.same(trace.paths.Q2, ['Q2>P2>I', 'Q2>P2>P1>I']);
  t.equal(trace.linkCount, 6);
});

t.test('a node other than a quarry with nothing upstream is a gap with the share that ends there', async (t) => {
  const app = await testApp(t);
  const chain = await new ChainBuilder()
    .quarry('Q')
    .processor('Known')
    .processor('Dead end')
    .importer('I')
    .project('X')
    .link('Q', 'Known', { volume: 600 })
    .link('Known', 'I', { volume: 600 })
    .link('Dead end', 'I', { volume: 200 })
    .delivery('X', 'I')
    .save(app.graph);
  const trace = await traceOf(app, chain, 'X');
  near(t, trace.origins, { Q: 0.75 }, 'origins');
  near(t, trace.gaps, { 'Dead end': 0.25 }, 'gaps');
  t.ok(Math.abs(trace.traced - 0.75) < 1e-9, 'tracedShare = 1 - gap shares');
});

t.test('a node whose only supplier is already on the path is a gap, not a loop', async (t) => {
  const app = await testApp(t);
  const chain = await new ChainBuilder()
    .processor('P1')
    .processor('P2')
    .importer('I')
    .project('X')
    .link('P1', 'P2')
    .link('P2', 'P1')
    .link('P1', 'I')
    .delivery('X', 'I')
    .save(app.graph);
  const trace = await traceOf(app, chain, 'X');
  near(t, trace.gaps, { P2: 1 }, 'the cycle ends at P2');
  t.equal(trace.traced, 0);
});

t.test('the depth limit cuts a path into a gap', async (t) => {
  const app = await testApp(t, { trace: { maxDepth: 2 } });
  const chain = await new ChainBuilder()
    .quarry('Near')
    .quarry('Far')
    .processor('P1')
    .processor('P2')
    .processor('P3')
    .importer('I')
    .project('X')
    .link('Near', 'I')
    .link('P1', 'I')
    .link('P2', 'P1')
    .link('P3', 'P2')
    .link('Far', 'P3')
    .delivery('X', 'I')
    .save(app.graph);
  const trace = await traceOf(app, chain, 'X');
  near(t, trace.origins, { Near: 0.5 }, 'origins within two links');
  near(t, trace.gaps, { P2: 0.5 }, 'P2 sits at the depth limit');
});

t.test('an importer may buy from another importer', async (t) => {
  const app = await testApp(t);
  const chain = await new ChainBuilder()
    .quarry('Q')
    .importer('Wholesaler', 'BE')
    .importer('Retailer')
    .project('X')
    .link('Q', 'Wholesaler')
    .link('Wholesaler', 'Retailer')
    .delivery('X', 'Retailer')
    .save(app.graph);
  const trace = await traceOf(app, chain, 'X');
  t.same(trace.paths.Q, ['Q>Wholesaler>Retailer']);
  t.equal(trace.traced, 1);
});

t.test('a project without deliveries has nothing traced', async (t) => {
  const app = await testApp(t);
  const chain = await new ChainBuilder().project('Empty').save(app.graph);
  const trace = await traceOf(app, chain, 'Empty');
  t.same(trace.origins, {});
  t.same(trace.gaps, {});
  t.equal(trace.traced, 0);
});

t.test('Project.trace gives the same answer as Query.trace', async (t) => {
  const app = await testApp(t);
  const chain = await new ChainBuilder()
    .quarry('Q')
    .importer('I')
    .project('X')
    .link('Q', 'I')
    .delivery('X', 'I')
    .save(app.graph);
  const { data } = await gql(
    app,
    `query($id: ID!) { project(id: $id) { trace { tracedShare origins { quarry { name } share } } } }`,
    {
      id: chain.id('X'),
    },
    await analystToken(app),
  );
  t.same(data!.project.trace, { tracedShare: 1, origins: [{ quarry: { name: 'Q' }, share: 1 }] });
});

t.test('a trace is one Cypher round trip, whatever the size of the chain', async (t) => {
  const app = await testApp(t);
  const chain = new ChainBuilder().importer('I').project('X');
  for (let i = 0; i < 8; i++) {
    chain.processor(`P${i}`).quarry(`Q${i}`).link(`Q${i}`, `P${i}`).link(`P${i}`, 'I');
    if (i > 0) chain.link(`P${i}`, `P${i - 1}`).link(`P${i - 1}`, `P${i}`);
  }
  await chain.delivery('X', 'I').delivery('X', 'I', { deliveredOn: '2025-01-01' }).save(app.graph);

  await analystToken(app);
  const seen: string[] = [];
  const listener = (message: unknown): void => void seen.push((message as { name: string }).name);
  subscribe(cypherChannel.name, listener);
  t.teardown(() => unsubscribe(cypherChannel.name, listener));
  const trace = await traceOf(app, chain, 'X');
  t.equal(Object.keys(trace.origins).length, 8);
  t.same(
    seen.filter((name) => name !== 'api_key_by_id'),
    ['project_trace'],
    'besides the API key lookup, exactly one query reached Neo4j',
  );
});

t.test('an unknown project is NOT_FOUND', async (t) => {
  const app = await testApp(t);
  const { data, errors } = await gql(app, TRACE, { id: 'no-such-project' }, await analystToken(app));
  t.equal(data, null);
  t.equal(errors?.[0]?.extensions?.code, 'NOT_FOUND');
  t.match(errors?.[0]?.message, /no-such-project/);
});

t.test('a malformed asOf is refused with BAD_USER_INPUT', async (t) => {
  const app = await testApp(t);
  const { errors } = await gql(app, TRACE, { id: 'any', asOf: '2025-02-30' }, await analystToken(app));
  t.match(errors?.[0]?.message, /Date|asOf/);
  t.equal(errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
});
