import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { ChainBuilder } from './helpers/chain.js';
import { gql, issueToken, testApp } from './helpers/app.js';
import { cypherDuring } from './helpers/cypher.js';

/**
 * Traces are cached per instance. Two instances share one Neo4j: every write goes through one,
 * every trace is read through the other, and compared with an instance that caches nothing.
 */

const TRACE = `query ($id: ID!) {
  trace(projectId: $id) {
    tracedShare
    origins { share quarry { id } paths { share links { id annualVolumeTonnes } } }
    gaps { share node { id } }
    riskSummary { theme highestResidualLevel share }
  }
}`;
const DUE_DILIGENCE = `query ($id: ID!) { dueDiligence(projectId: $id) { dataVersion origins { tracedShare } risks { theme highestResidualLevel share } } }`;

const chain = new ChainBuilder()
  .quarry('Q1')
  .quarry('Q2', { country: 'IN', region: 'Karnataka' })
  .processor('P')
  .importer('I')
  .project('Plaza')
  .link('Q1', 'P', { volume: 100 })
  .link('P', 'I', { volume: 100 })
  .delivery('Plaza', 'I', { deliveredOn: '2025-06-01' });

let caching: FastifyInstance;
let writer: FastifyInstance;
let uncached: FastifyInstance;
let admin: string;

t.before(async () => {
  caching = await testApp(t);
  writer = await testApp(t);
  uncached = await testApp(t, { trace: { cache: { maxEntries: 0, maxElements: 1 } } });
  await chain.save(writer.graph);
  admin = await issueToken(writer, 'ADMIN');
});

const projectId = chain.id('Plaza');

async function traceVia(app: FastifyInstance, query = TRACE): Promise<unknown> {
  const response = await gql(app, query, { id: projectId }, admin);
  t.equal(response.errors, undefined, 'no errors');
  return response.data;
}

async function mutate(query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await gql(writer, query, variables, admin);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as Record<string, any>;
}

t.test('a trace asked again is served without reading it again, after checking the data version', async (t) => {
  await traceVia(caching);
  const names = await cypherDuring(() => traceVia(caching));
  // The version comes with the key when the key is looked up, else on its own.
  t.equal(names.length, 1, `one round trip (${names.join(', ')})`);
  t.ok(['data_version', 'api_key_by_id'].includes(names[0] ?? ''), 'which reads the data version, not the trace');
});

t.test('no trace is served stale after a write has returned on another instance', async (t) => {
  const writes: [string, () => Promise<unknown>][] = [
    [
      'a new supply link',
      () =>
        mutate(`mutation ($input: SupplyLinkInput!) { registerSupplyLink(input: $input) { id } }`, {
          input: {
            supplierId: chain.id('Q2'),
            customerId: chain.id('P'),
            stoneType: 'GRANITE',
            validFrom: '2020-01-01',
            annualVolumeTonnes: 300,
          },
        }),
    ],
    [
      'a second delivery, of a stone with no registered supplier',
      () =>
        mutate(`mutation ($input: DeliveryInput!) { recordDelivery(input: $input) { id } }`, {
          input: {
            projectId,
            importerId: chain.id('I'),
            stoneType: 'MARBLE',
            quantity: 30,
            unit: 'T',
            massTonnes: 30,
            deliveredOn: '2025-07-01',
          },
        }),
    ],
    [
      'a risk assessment of a quarry',
      () =>
        mutate(`mutation ($input: RiskAssessmentInput!) { assessRisk(input: $input) { id } }`, {
          input: {
            theme: 'CHILD_LABOUR',
            severity: 'SEVERE',
            likelihood: 'HIGH',
            description: 'children seen at the quarry',
            source: 'https://example.org/report',
            assessedOn: '2024-01-01',
            siteId: chain.id('Q2'),
          },
        }),
    ],
  ];
  for (const [what, write] of writes) {
    const before = await traceVia(caching);
    t.same(await traceVia(caching), before, `${what}: unchanged data gives the same trace`);
    await write();
    const after = await traceVia(caching);
    t.not(JSON.stringify(after), JSON.stringify(before), `${what}: the caching instance shows the change at once`);
    t.same(after, await traceVia(uncached), `${what}: and answers as an instance without a cache`);
    t.same(
      await traceVia(caching, DUE_DILIGENCE),
      await traceVia(uncached, DUE_DILIGENCE),
      `${what}: dueDiligence too`,
    );
  }
});

t.test('each caller gets the trace it may see, not the one cached for another', async (t) => {
  const buyer = await issueToken(writer, 'BUYER', chain.id('Plaza-buyer'));
  const otherMember = await issueToken(writer, 'MEMBER', chain.id('P'));
  const asAdmin = await gql(caching, TRACE, { id: projectId }, admin);
  t.ok((asAdmin.data as any).trace.origins.length > 0, 'ADMIN sees origins');
  const asBuyer = await gql(caching, TRACE, { id: projectId }, buyer);
  t.same(
    asBuyer.data,
    (await gql(uncached, TRACE, { id: projectId }, buyer)).data,
    "the buyer sees its own project's trace as uncached",
  );
  const asMember = await gql(caching, TRACE, { id: projectId }, otherMember);
  const uncachedMember = await gql(uncached, TRACE, { id: projectId }, otherMember);
  t.same(
    asMember.errors?.map((e) => e.extensions?.code),
    uncachedMember.errors?.map((e) => e.extensions?.code),
    'a member that did not deliver is refused as uncached',
  );
  t.same(asMember.data, uncachedMember.data, 'and gets the same data');
});

t.test('a list of projects with their traces costs at most two round trips, cached or not', async (t) => {
  // The buyer's own projects: other tests' projects on the same database stay out of the list.
  const buyerId = chain.id('Plaza-buyer');
  const { registerProject } = await mutate(
    `mutation ($input: ProjectInput!) { registerProject(input: $input) { id } }`,
    {
      input: { name: 'Quay wall', kind: 'STREET', city: 'Utrecht', country: 'NL', buyerId },
    },
  );
  await mutate(`mutation ($p: ID!, $i: ID!) { authoriseImporter(projectId: $p, importerId: $i) { __typename } }`, {
    p: registerProject.id,
    i: chain.id('I'),
  });
  await mutate(`mutation ($input: DeliveryInput!) { recordDelivery(input: $input) { id } }`, {
    input: {
      projectId: registerProject.id,
      importerId: chain.id('I'),
      stoneType: 'GRANITE',
      quantity: 5,
      unit: 'T',
      massTonnes: 5,
      deliveredOn: '2025-08-01',
    },
  });
  const list = `{ projects(first: 20) { nodes { id trace { tracedShare origins { share } } } } }`;
  // A key new to the caching instance: its lookup reads the current data version, newer than any
  // trace cached before (an earlier test cached this buyer's trace), so nothing cached is a candidate.
  const buyer = await issueToken(writer, 'BUYER', buyerId);
  let cold: any;
  // Authentication is not the list's: its key lookup (which also reads the data version) is left out.
  const besidesKeyLookup = (names: string[]) => names.filter((name) => name !== 'api_key_by_id');
  const coldTrips = besidesKeyLookup(await cypherDuring(async () => (cold = await gql(caching, list, {}, buyer))));
  t.same(cold.errors, undefined, 'no errors');
  t.equal(cold.data.projects.nodes.length, 2, "both of the buyer's projects");
  t.ok(coldTrips.length <= 2, `nothing cached: ${coldTrips.length} round trips (${coldTrips.join(', ')})`);
  let warm: any;
  const warmTrips = besidesKeyLookup(await cypherDuring(async () => (warm = await gql(caching, list, {}, buyer))));
  t.ok(warmTrips.length <= 2, `all cached: ${warmTrips.length} round trips (${warmTrips.join(', ')})`);
  t.notOk(
    warmTrips.some((name) => name.startsWith('project_trace')),
    'and no trace read again',
  );
  t.same(warm.data, cold.data, 'the same answer');
  t.same(warm.data, (await gql(uncached, list, {}, buyer)).data, 'as an instance without a cache');
});
