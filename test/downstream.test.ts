import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { analystToken, gql, issueToken, testApp } from './helpers/app.js';
import { ChainBuilder } from './helpers/chain.js';
import { cypherDuring } from './helpers/cypher.js';

/**
 * downstream(siteId): which projects received stone through a quarry or processor, and how much
 * of each project's delivered mass passed through it, checked against each project's own trace.
 */

const DOWNSTREAM = `query Downstream($siteId: ID!, $asOf: Date) {
  downstream(siteId: $siteId, asOf: $asOf) {
    site { id name }
    projects { project { id name } share massTonnes }
    importers { importer { id name } massTonnes }
    buyers { buyer { id name } massTonnes }
  }
}`;

const TRACE = `query Trace($id: ID!, $asOf: Date) {
  trace(projectId: $id, asOf: $asOf) {
    origins { paths { nodes { id } share } }
    gaps { node { id } share }
    riskLocations { node { id } share }
  }
}`;

interface Downstream {
  site: { id: string; name: string };
  projects: { project: { id: string; name: string }; share: number; massTonnes: number }[];
  importers: { importer: { id: string; name: string }; massTonnes: number }[];
  buyers: { buyer: { id: string; name: string }; massTonnes: number }[];
}

async function downstreamOf(app: FastifyInstance, siteId: string, token: string, asOf?: string): Promise<Downstream> {
  const { data, errors } = await gql<{ downstream: Downstream }>(app, DOWNSTREAM, { siteId, asOf }, token);
  if (errors) throw new Error(JSON.stringify(errors));
  return data!.downstream;
}

/** Project name → share, as downstream answers. */
const sharesOf = (answer: Downstream): Record<string, number> =>
  Object.fromEntries(answer.projects.map((p) => [p.project.name, p.share]));

/**
 * What a project's trace says about a site: the share on its risk location (the sum over every
 * path through the site, ending at a quarry or in a gap), and the sum of the listed paths through
 * it (origin paths, and the gap at the site itself).
 */
async function traceSays(
  app: FastifyInstance,
  projectId: string,
  siteId: string,
  token: string,
  asOf?: string,
): Promise<{ location: number; paths: number }> {
  const { data, errors } = await gql(app, TRACE, { id: projectId, asOf }, token);
  if (errors) throw new Error(JSON.stringify(errors));
  const trace = data!.trace;
  const location = trace.riskLocations.find((l: any) => l.node?.id === siteId)?.share ?? 0;
  const originPaths = trace.origins
    .flatMap((o: any) => o.paths)
    .filter((p: any) => p.nodes.some((n: any) => n.id === siteId))
    .reduce((sum: number, p: any) => sum + p.share, 0);
  const gapHere = trace.gaps.filter((g: any) => g.node.id === siteId).reduce((sum: number, g: any) => sum + g.share, 0);
  return { location, paths: originPaths + gapHere };
}

/** Equal as shares are given (to 12 decimals), or, for sums of rounded shares, within 1e-9. */
const near = (t: Test, actual: number, expected: number, message: string, within = 1e-9): void => {
  t.ok(Math.abs(actual - expected) <= within, `${message}: ${actual} ≈ ${expected}`);
};

/*
 * Granite unless said otherwise; volumes in brackets:
 *
 *   Q1 ─(300)─▶ P1 ◀─(100)─ Q2        Q3 ─▶ P3 ◀─ Q2        P3 ─(100)─▶ P1,  P1 ─▶ P3 (a cycle)
 *   P1 ─▶ I1,  P2 ─▶ I1,  Q1 ─▶ P2     P1 ─▶ I2,  Q3 ─▶ I2,  G ─▶ I2 (G declares no supplier: a gap)
 *   Q4 ─(marble)─▶ P2 ─(marble)─▶ I1
 *
 *   X: I1 30 t (2025-06-01), I1 10 t (2025-01-01), I2 20 t     Y: I2 15 t     Z: I1 8 t of marble
 */
function mainChain(): ChainBuilder {
  return new ChainBuilder()
    .quarry('Q1')
    .quarry('Q2')
    .quarry('Q3')
    .quarry('Q4', { stoneTypes: ['MARBLE'] })
    .processor('P1')
    .processor('P2')
    .processor('P3')
    .processor('G')
    .importer('I1')
    .importer('I2')
    .project('X')
    .project('Y')
    .project('Z')
    .link('Q1', 'P1', { volume: 300 })
    .link('Q2', 'P1', { volume: 100 })
    .link('P3', 'P1', { volume: 100 })
    .link('Q3', 'P3')
    .link('Q2', 'P3')
    .link('P1', 'P3')
    .link('P1', 'I1')
    .link('P2', 'I1')
    .link('Q1', 'P2')
    .link('P1', 'I2')
    .link('Q3', 'I2')
    .link('G', 'I2')
    .link('Q4', 'P2', { stoneType: 'MARBLE' })
    .link('P2', 'I1', { stoneType: 'MARBLE' })
    .delivery('X', 'I1', { massTonnes: 30, deliveredOn: '2025-06-01' })
    .delivery('X', 'I1', { massTonnes: 10, deliveredOn: '2025-01-01' })
    .delivery('X', 'I2', { massTonnes: 20 })
    .delivery('Y', 'I2', { massTonnes: 15 })
    .delivery('Z', 'I1', { stoneType: 'MARBLE', massTonnes: 8 });
}

const sites = ['Q1', 'Q2', 'Q3', 'Q4', 'P1', 'P2', 'P3', 'G'];
const projects = ['X', 'Y', 'Z'];

t.test(
  "for every site and project, the downstream share is what the project's trace says about the site",
  async (t) => {
    const app = await testApp(t);
    const chain = await mainChain().save(app.graph);
    const token = await analystToken(app);
    for (const site of sites) {
      const answer = await downstreamOf(app, chain.id(site), token);
      t.equal(answer.site.name, site, `${site}: the site`);
      for (const project of projects) {
        const listed = answer.projects.find((p) => p.project.name === project);
        const says = await traceSays(app, chain.id(project), chain.id(site), token);
        // The trace's own figure for the site, as shares are given: to 12 decimals.
        near(t, listed?.share ?? 0, says.location, `${site} > ${project}: the share on the trace's location`, 1.5e-12);
        // No gap lies upstream of a site of this chain (G is a gap itself), so the trace lists every path through it.
        near(t, listed?.share ?? 0, says.paths, `${site} > ${project}: the sum of the trace's paths through the site`);
        t.equal(
          listed === undefined,
          says.location === 0,
          `${site} > ${project}: listed exactly when some of its stone passed`,
        );
      }
    }
  },
);

t.test('shares, tonnes, importers and buyers on a hand-worked example', async (t) => {
  const app = await testApp(t);
  const chain = await mainChain().save(app.graph);
  const token = await analystToken(app);

  // X's 60 t: I1's 40 t split equally over P1 and P2, I2's 20 t over P1, Q3 and G.
  // P1 splits 3:1:1 over Q1, Q2 and P3 (every link declares a volume); P2's granite comes from Q1 only.
  const x = { viaI1: 40 / 60, viaI2: 20 / 60 };
  const q1 = await downstreamOf(app, chain.id('Q1'), token);
  const q1InX = x.viaI1 * (0.5 * 0.6 + 0.5) + x.viaI2 * (1 / 3) * 0.6;
  const q1InY = (1 / 3) * 0.6;
  t.same(Object.keys(sharesOf(q1)), ['X', 'Y'], 'Q1 reached X and Y, the largest share first; not Z, which is marble');
  near(t, sharesOf(q1).X!, q1InX, 'Q1 in X');
  near(t, sharesOf(q1).Y!, q1InY, 'Q1 in Y');
  near(t, q1.projects[0]!.massTonnes, q1InX * 60, "tonnes are the share of the project's delivered mass");
  near(t, q1.projects[1]!.massTonnes, q1InY * 15, 'for each project');
  t.same(
    q1.importers.map((i) => i.importer.name),
    ['I1', 'I2'],
    'the importers that delivered it, the most tonnes first',
  );
  near(t, q1.importers[0]!.massTonnes, 40 * (0.5 * 0.6 + 0.5), 'I1 delivered its part of 40 t');
  near(t, q1.importers[1]!.massTonnes, (20 + 15) * (1 / 3) * 0.6, 'I2 its part of 35 t, to X and Y');
  t.same(
    q1.buyers.map((b) => [b.buyer.name, b.massTonnes]),
    [
      ['Buyer of X', q1.projects[0]!.massTonnes],
      ['Buyer of Y', q1.projects[1]!.massTonnes],
    ],
    "the buyers, with their projects' tonnes",
  );

  const q4 = await downstreamOf(app, chain.id('Q4'), token);
  t.same(sharesOf(q4), { Z: 1 }, 'the marble quarry fed only the marble project, all of it');
  t.same(
    q4.importers.map((i) => [i.importer.name, i.massTonnes]),
    [['I1', 8]],
  );
});

t.test(
  'a gap: mass that ends upstream of a processor passed through it, and a gap node itself is a site',
  async (t) => {
    const app = await testApp(t);
    const chain = await mainChain().save(app.graph);
    const token = await analystToken(app);
    // G declares no supplier: a third of what I2 delivers ends there.
    near(t, sharesOf(await downstreamOf(app, chain.id('G'), token)).Y!, 1 / 3, 'the gap node carries its gap share');

    // P2 buys from P4, which declares no supplier: what P2 delivers ends in a gap at P4, after passing P2.
    const gapped = await new ChainBuilder()
      .quarry('Q')
      .processor('P2')
      .processor('P4')
      .importer('I')
      .project('W')
      .link('Q', 'I')
      .link('P2', 'I')
      .link('P4', 'P2')
      .delivery('W', 'I', { massTonnes: 12 })
      .save(app.graph);
    const p2 = await downstreamOf(app, gapped.id('P2'), token);
    t.same(sharesOf(p2), { W: 0.5 }, 'half of W passed P2, though none of it is traced to a quarry');
    t.equal(p2.projects[0]!.massTonnes, 6);
    const says = await traceSays(app, gapped.id('W'), gapped.id('P2'), token);
    t.equal(says.location, 0.5, "as W's trace says about P2");
    t.equal(says.paths, 0, 'which lists no quarry path through P2: its mass ends in the gap at P4');
    t.same(sharesOf(await downstreamOf(app, gapped.id('P4'), token)), { W: 0.5 }, 'and the gap node P4 carries it');
  },
);

t.test('downstream reaches as far as a trace does: the depth limit in links from the importer', async (t) => {
  const app = await testApp(t, { trace: { maxDepth: 3 } });
  const chain = await new ChainBuilder()
    .quarry('Q3')
    .quarry('Q4')
    .processor('A1')
    .processor('A2')
    .processor('B1')
    .processor('B2')
    .processor('B3')
    .importer('I')
    .project('X')
    .link('Q3', 'A1')
    .link('A1', 'A2')
    .link('A2', 'I')
    .link('Q4', 'B1')
    .link('B1', 'B2')
    .link('B2', 'B3')
    .link('B3', 'I')
    .delivery('X', 'I')
    .save(app.graph);
  const token = await analystToken(app);
  t.same(
    sharesOf(await downstreamOf(app, chain.id('Q3'), token)),
    { X: 0.5 },
    'a quarry three links from the importer is an origin',
  );
  t.same(
    sharesOf(await downstreamOf(app, chain.id('B1'), token)),
    { X: 0.5 },
    'a processor three links away is where the limit cuts the path',
  );
  t.same(sharesOf(await downstreamOf(app, chain.id('Q4'), token)), {}, 'a quarry four links away is beyond the trace');
});

t.test('asOf traces every delivery as on that day, as trace(asOf) does', async (t) => {
  const app = await testApp(t);
  const chain = await new ChainBuilder()
    .quarry('Old')
    .quarry('New')
    .processor('P')
    .importer('I')
    .project('X')
    .link('Old', 'P', { validFrom: '2020-01-01', validTo: '2024-12-31' })
    .link('New', 'P', { validFrom: '2026-01-01' })
    .link('P', 'I')
    .delivery('X', 'I', { deliveredOn: '2025-06-01' })
    .save(app.graph);
  const token = await analystToken(app);
  t.same(sharesOf(await downstreamOf(app, chain.id('Old'), token)), { X: 1 }, 'by the delivery date, the old quarry');
  t.same(sharesOf(await downstreamOf(app, chain.id('New'), token)), {}, 'the new one had no valid link then');
  t.same(
    sharesOf(await downstreamOf(app, chain.id('New'), token, '2026-06-01')),
    { X: 1 },
    'asOf 2026-06-01: the new quarry',
  );
  t.same(
    sharesOf(await downstreamOf(app, chain.id('Old'), token, '2026-06-01')),
    {},
    'and not the old one, ended too long before',
  );
  t.same(
    sharesOf(await downstreamOf(app, chain.id('Old'), token, '2025-06-01')),
    { X: 1 },
    'asOf within the lead time of its end',
  );
  const says = await traceSays(app, chain.id('X'), chain.id('New'), token, '2026-06-01');
  t.equal(says.location, 1, 'as the trace asOf the same day says');
  t.equal(
    sharesOf(await downstreamOf(app, chain.id('P'), token, '2019-06-01')).X,
    undefined,
    'asOf before any link: nothing passed the processor',
  );
});

t.test('each role sees what its trace shows: a BUYER its own projects, a MEMBER what it delivered', async (t) => {
  const app = await testApp(t);
  const chain = await mainChain().save(app.graph);
  const q1 = chain.id('Q1');
  const analyst = await downstreamOf(app, q1, await analystToken(app));
  const admin = await downstreamOf(app, q1, await issueToken(app, 'ADMIN'));
  t.same(admin, analyst, 'ADMIN and ANALYST see every project');

  const buyerOfX = await issueToken(app, 'BUYER', chain.id('X-buyer'));
  const asBuyer = await downstreamOf(app, q1, buyerOfX);
  t.same(
    asBuyer.projects,
    analyst.projects.filter((p) => p.project.name === 'X'),
    'the buyer of X sees X alone, with the same share',
  );
  t.same(
    asBuyer.buyers.map((b) => b.buyer.name),
    ['Buyer of X'],
    'and only itself among the buyers',
  );
  t.same(
    asBuyer.importers.map((i) => i.importer.name),
    ['I1', 'I2'],
    "and X's importers",
  );
  const buyerOfY = await issueToken(app, 'BUYER', chain.id('Y-buyer'));
  t.same(sharesOf(await downstreamOf(app, q1, buyerOfY)), { Y: sharesOf(analyst).Y }, 'the buyer of Y sees Y alone');
  const notOnItsChain = await gql(app, DOWNSTREAM, { siteId: chain.id('Q4') }, buyerOfY);
  t.equal(
    notOnItsChain.errors?.[0]?.extensions?.code,
    'NOT_FOUND',
    "a quarry outside the buyer's traces does not exist for it",
  );

  // A MEMBER's trace of a project weighs only its own deliveries: so does its downstream view.
  const memberI2 = await issueToken(app, 'MEMBER', chain.id('I2'));
  const asI2 = await downstreamOf(app, q1, memberI2);
  t.same(
    asI2.importers.map((i) => i.importer.name),
    ['I2'],
    'importer I2 sees only what it delivered itself',
  );
  t.same(Object.keys(sharesOf(asI2)), ['X', 'Y'], 'to both projects');
  near(t, sharesOf(asI2).X!, (1 / 3) * 0.6, "X's share among I2's own 20 t");
  for (const project of ['X', 'Y']) {
    const says = await traceSays(app, chain.id(project), q1, memberI2);
    near(t, sharesOf(asI2)[project]!, says.location, `as I2's own trace of ${project} says`, 1.5e-12);
  }
  t.same(
    asI2.buyers.map((b) => b.buyer.name),
    ['Buyer of X', 'Buyer of Y'],
    'the buyers it delivered to',
  );

  const memberP1 = await issueToken(app, 'MEMBER', chain.id('P1'));
  const asP1 = await downstreamOf(app, q1, memberP1);
  t.same(
    [asP1.projects, asP1.importers, asP1.buyers],
    [[], [], []],
    'a processor sees its supplier, but delivers to no project itself',
  );
  const unrelated = await issueToken(app, 'MEMBER', chain.id('P2'));
  const hidden = await gql(app, DOWNSTREAM, { siteId: chain.id('Q3') }, unrelated);
  t.equal(hidden.errors?.[0]?.extensions?.code, 'NOT_FOUND', "a quarry outside a MEMBER's chain does not exist for it");
});

t.test('an unknown site is NOT_FOUND, an importer BAD_USER_INPUT, and no key is refused', async (t) => {
  const app = await testApp(t);
  const chain = await mainChain().save(app.graph);
  const token = await analystToken(app);
  const unknown = await gql(app, DOWNSTREAM, { siteId: 'no-such-site' }, token);
  t.equal(unknown.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  t.match(unknown.errors?.[0]?.message, /no-such-site/);
  t.equal(unknown.data, null);
  const importer = await gql(app, DOWNSTREAM, { siteId: chain.id('I1') }, token);
  t.equal(importer.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  t.equal(importer.errors?.[0]?.extensions?.field, 'siteId');
  const badDate = await gql(app, DOWNSTREAM, { siteId: chain.id('Q1'), asOf: '2026-02-30' }, token);
  t.equal(badDate.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  // Downstream costs more than a document without a key may (GRAPHQL_COST_ANONYMOUS), so the
  // caller is refused for the cost, told that it is spending as a caller without a key.
  const anonymous = await gql(app, DOWNSTREAM, { siteId: chain.id('Q1') });
  t.equal(anonymous.errors?.[0]?.extensions?.code, 'QUERY_TOO_COMPLEX');
  t.match(anonymous.errors?.[0]?.message, /a caller without an API key/);
  t.equal(anonymous.data, undefined, 'and nothing runs');
});

t.test('a site without customers answers empty lists', async (t) => {
  const app = await testApp(t);
  const chain = await new ChainBuilder().quarry('Lonely').save(app.graph);
  const answer = await downstreamOf(app, chain.id('Lonely'), await analystToken(app));
  t.same([answer.site.name, answer.projects, answer.importers, answer.buyers], ['Lonely', [], [], []]);
});

t.test('downstream is one Cypher round trip, however many projects it reaches', async (t) => {
  const app = await testApp(t);
  const chain = await mainChain().save(app.graph);
  const token = await analystToken(app);
  const statements = await cypherDuring(() => downstreamOf(app, chain.id('Q1'), token));
  // The API key's lookup is cached for a while, so it may or may not be among them.
  t.same(
    statements.filter((name) => name !== 'api_key_by_id'),
    ['site_downstream'],
  );
});
