import { randomBytes } from 'node:crypto';
import t from 'tap';
import { gql, issueToken, testApp } from './helpers/app.js';
import { cypherDuring } from './helpers/cypher.js';

/** The statements `work` sends, less the API key's lookup (cached for a while, so sent or not). */
const statementsOf = async (work: () => Promise<unknown>): Promise<string[]> =>
  (await cypherDuring(work)).filter((name) => name !== 'api_key_by_id');
import { ok, TrackedChain } from './helpers/orgs.js';

/**
 * Importer.deliveries: each importer's deliveries as a connection, newest first, under the caller's
 * visibility, and a page of importers with theirs in one round trip.
 */

const app = await testApp(t);
const tag = `deliveries-${randomBytes(3).toString('hex')}`;
const tc = new TrackedChain();
const [i1, i2, i3] = ['A', 'B', 'C'].map((name) => `${tag} importer ${name}`) as [string, string, string];
// Heard Island: the importers' country, so a list filtered by it holds these (and those of earlier runs).
tc.chain.importer(i1, 'HM').importer(i2, 'HM').importer(i3, 'HM').project('X').project('Y').quarry('Q');
tc.link('Q', i2);
tc.link(i2, i1); // I2 supplies I1: it is in I1's chain, but its deliveries are its own
const delivery = {
  x1: tc.delivery('X', i1, { deliveredOn: '2025-01-01' }),
  x2: tc.delivery('X', i1, { deliveredOn: '2025-02-01' }),
  y: tc.delivery('Y', i1, { deliveredOn: '2025-02-15' }),
  x3: tc.delivery('X', i1, { deliveredOn: '2025-03-01' }),
  x4: tc.delivery('X', i2, { deliveredOn: '2025-04-01' }),
};
await tc.chain.save(app.graph);
const admin = await issueToken(app, 'ADMIN');

const PAGE =
  'totalCount nodes { id deliveredOn project { name } importer { name } } pageInfo { hasNextPage endCursor }';
const IMPORTERS = `query($first: Int, $after: String) {
  importers(country: "HM", first: 50) { nodes { name deliveries(first: $first, after: $after) { ${PAGE} } } }
}`;

/** Each of this test's importers with its deliveries, by name. */
async function deliveriesByImporter(
  token: string,
  variables: Record<string, unknown> = { first: 2 },
): Promise<Record<string, any>> {
  const data = await ok(app, IMPORTERS, variables, token);
  return Object.fromEntries(
    data.importers.nodes.filter((n: any) => n.name.startsWith(tag)).map((n: any) => [n.name, n.deliveries]),
  );
}

t.test('each importer lists its deliveries newest first, page by page', async (t) => {
  const first = await deliveriesByImporter(admin);
  t.same(Object.keys(first), [i1, i2, i3]);
  t.equal(first[i1].totalCount, 4, 'I1 made four deliveries');
  t.same(
    first[i1].nodes.map((d: any) => [d.id, d.deliveredOn, d.project.name, d.importer.name]),
    [
      [delivery.x3, '2025-03-01', 'X', i1],
      [delivery.y, '2025-02-15', 'Y', i1],
    ],
    'newest first, with project and importer',
  );
  t.equal(first[i1].pageInfo.hasNextPage, true);
  t.same([first[i2].totalCount, first[i2].nodes.map((d: any) => d.id)], [1, [delivery.x4]], 'I2 made one');
  t.same(first[i3], { totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, endCursor: null } }, 'I3 none');

  const { chainNode } = await ok(
    app,
    `query($id: ID!, $after: String) { chainNode(id: $id) { ... on Importer { deliveries(first: 2, after: $after) { ${PAGE} } } } }`,
    { id: tc.id(i1), after: first[i1].pageInfo.endCursor },
    admin,
  );
  t.same(
    chainNode.deliveries.nodes.map((d: any) => d.id),
    [delivery.x2, delivery.x1],
    'the next page, from the cursor',
  );
  t.equal(chainNode.deliveries.pageInfo.hasNextPage, false, 'and the last');
  t.equal(chainNode.deliveries.totalCount, 4);
});

t.test("a page of importers with their deliveries is one round trip for all importers' deliveries", async (t) => {
  const statements = await statementsOf(() => deliveriesByImporter(admin));
  t.same(statements, ['importers_page', 'deliveries_of_importers']);

  // Pages of different sizes and cursors in one document still go together.
  const byName = await deliveriesByImporter(admin);
  const document = `query($after: String) {
    importers(country: "HM", first: 50) { nodes { name
      newest: deliveries(first: 1) { nodes { id } }
      older: deliveries(first: 3, after: $after) { nodes { id } pageInfo { hasNextPage } }
    } }
  }`;
  let data: any;
  const mixed = await statementsOf(
    async () => (data = await ok(app, document, { after: byName[i1].pageInfo.endCursor }, admin)),
  );
  t.same(
    mixed,
    ['importers_page', 'deliveries_of_importers'],
    'aliases with their own sizes and cursors: still one round trip',
  );
  const one = data.importers.nodes.find((n: any) => n.name === i1);
  t.same(
    one.newest.nodes.map((d: any) => d.id),
    [delivery.x3],
    'each alias gets its own page size',
  );
  t.same(
    one.older.nodes.map((d: any) => d.id),
    [delivery.x2, delivery.x1],
    'and its own cursor',
  );
});

t.test('an importer shows the deliveries the caller sees', async (t) => {
  const buyerOfX = await issueToken(app, 'BUYER', tc.id('X-buyer'));
  const asBuyer = await deliveriesByImporter(buyerOfX, { first: 10 });
  t.same(Object.keys(asBuyer), [i1, i2], "the buyer of X sees X's importers");
  t.same(
    asBuyer[i1].nodes.map((d: any) => d.id),
    [delivery.x3, delivery.x2, delivery.x1],
    'and only their deliveries to X',
  );
  t.equal(asBuyer[i1].totalCount, 3, 'counted the same way');

  const memberI1 = await issueToken(app, 'MEMBER', tc.id(i1));
  const asI1 = await deliveriesByImporter(memberI1, { first: 10 });
  t.same(Object.keys(asI1), [i1, i2], 'importer I1 sees itself and its supplier I2');
  t.equal(asI1[i1].totalCount, 4, 'all of its own deliveries');
  t.same(
    asI1[i2],
    { totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, endCursor: null } },
    "none of its supplier's",
  );

  const memberI2 = await issueToken(app, 'MEMBER', tc.id(i2));
  t.same(
    (await deliveriesByImporter(memberI2, { first: 10 }))[i2].nodes.map((d: any) => d.id),
    [delivery.x4],
    'I2 its own',
  );
});

t.test('a cancelled delivery is not listed, and page arguments are checked', async (t) => {
  await ok(
    app,
    'mutation($id: ID!) { cancelDelivery(id: $id, reason: "entered twice") { cancelledOn } }',
    { id: delivery.x2 },
    admin,
  );
  const after = await deliveriesByImporter(admin, { first: 10 });
  t.same(
    after[i1].nodes.map((d: any) => d.id),
    [delivery.x3, delivery.y, delivery.x1],
  );
  t.equal(after[i1].totalCount, 3);
  const tooMany = await gql(app, IMPORTERS, { first: 101 }, admin);
  t.equal(tooMany.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  t.equal(tooMany.errors?.[0]?.extensions?.field, 'first');
  t.same(
    tooMany.errors?.map((e) => e.path?.at(-1)),
    tooMany.errors?.map(() => 'deliveries'),
    'on the deliveries fields, not the whole document',
  );
});
