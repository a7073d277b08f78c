import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { cypher } from '../src/db/graph.js';
import { gql, issueToken, testApp } from './helpers/app.js';
import { ChainBuilder } from './helpers/chain.js';

const MERGE = `mutation($keep: ID!, $merge: ID!, $reason: String!) {
  mergeSites(keepId: $keep, mergeId: $merge, reason: $reason) { id keptId mergedId kind reason keptName mergedName }
}`;
const TRACE = 'query($id: ID!) { project(id: $id) { trace { tracedShare origins { share quarry { id } } } } }';
const LOG = 'query { siteMerges(first: 100) { nodes { id keptId mergedId reason keptName mergedName } } }';
const LINK = `mutation($input: SupplyLinkInput!) { registerSupplyLink(input: $input) { id supplier { id } } }`;

const ASSESS_SITE = `mutation($site: ID!) { assessRisk(input: {theme: HEALTH_SAFETY, severity: HIGH, likelihood: HIGH,
  description: "Silica dust", source: "site visit", assessedOn: "2025-01-01", siteId: $site}) { id } }`;

const attached = cypher<{ id: string }, { n: number }>(
  'test_relationships_of',
  'MATCH (n {id: $id}) OPTIONAL MATCH (n)-[r]-() RETURN count(r) AS n',
);

const assessmentsOf = cypher<{ id: string }, { n: number }>(
  'test_assessments_of',
  'MATCH (:ChainNode {id: $id})<-[:ASSESSES]-(assessment:RiskAssessment) RETURN count(assessment) AS n',
);

/** Quarries A and B (one area) supply processor P, which supplies importer I, which delivered to project X. */
async function chainOfTwoRecords(app: FastifyInstance) {
  return new ChainBuilder()
    .quarry('A')
    .quarry('B')
    .processor('P')
    .processor('Q')
    .importer('I')
    .project('X')
    .link('A', 'P')
    .link('B', 'P')
    .link('P', 'I')
    .delivery('X', 'I')
    .save(app.graph);
}

async function originsOf(app: FastifyInstance, token: string, projectId: string) {
  const answer = await gql(app, TRACE, { id: projectId }, token);
  const trace = answer.data!.project.trace as {
    tracedShare: number;
    origins: { share: number; quarry: { id: string } }[];
  };
  return {
    tracedShare: trace.tracedShare,
    shares: Object.fromEntries(trace.origins.map((o) => [o.quarry.id, o.share])),
  };
}

t.test(
  'a merge moves everything to the kept site, the merged id resolves to it, and traces keep their shares',
  async (t) => {
    const app = await testApp(t);
    const chain = await chainOfTwoRecords(app);
    const [a, b] = [chain.id('A'), chain.id('B')];
    const admin = await issueToken(app, 'ADMIN');
    const assessed = await gql(app, ASSESS_SITE, { site: b }, admin);
    t.notOk(assessed.errors);
    const before = await originsOf(app, admin, chain.id('X'));
    t.same(before.shares, { [a]: 0.5, [b]: 0.5 });
    const [keptBefore] = await app.graph.read(attached, { id: a });
    const [mergedBefore] = await app.graph.read(attached, { id: b });

    const merged = await gql(app, MERGE, { keep: a, merge: b, reason: 'one quarry, registered twice' }, admin);
    t.notOk(merged.errors);
    t.has(merged.data!.mergeSites, { keptId: a, mergedId: b, kind: 'QUARRY', reason: 'one quarry, registered twice' });

    const after = await originsOf(app, admin, chain.id('X'));
    t.same(after, { tracedShare: before.tracedShare, shares: { [a]: 1 } }, "the kept site's share is the sum of both");
    const [keptAfter] = await app.graph.read(attached, { id: a });
    const [mergedAfter] = await app.graph.read(attached, { id: b });
    t.equal(keptAfter!.n, keptBefore!.n + mergedBefore!.n, 'the link and the assessment moved');
    t.equal(mergedAfter!.n, 0, 'nothing stays on the tombstone');

    const node = await gql(app, 'query($id: ID!) { chainNode(id: $id) { id } }', { id: b }, admin);
    t.same(node.data!.chainNode, { id: a }, 'the merged id resolves to the kept site');
    const link = await gql(
      app,
      LINK,
      { input: { supplierId: b, customerId: chain.id('Q'), stoneType: 'GRANITE', validFrom: '2025-01-01' } },
      admin,
    );
    t.equal(link.data!.registerSupplyLink.supplier.id, a, 'a mutation given the merged id writes to the kept site');
    const [keptBeforeAssessment] = await app.graph.read(attached, { id: a });
    const reassessed = await gql(app, ASSESS_SITE, { site: b }, admin);
    t.notOk(reassessed.errors);
    const [keptAfterAssessment] = await app.graph.read(attached, { id: a });
    t.equal(keptAfterAssessment!.n, keptBeforeAssessment!.n + 1, 'so does an assessment of the merged id');

    const downstream = await gql(
      app,
      'query($id: ID!) { downstream(siteId: $id) { site { id } projects { project { id } } } }',
      { id: b },
      admin,
    );
    t.same(
      downstream.data?.downstream,
      { site: { id: a }, projects: [{ project: { id: chain.id('X') } }] },
      'where its stone went is asked by the merged id too',
    );
    const filed = await gql(app, 'mutation($input: ComplaintInput!) { fileComplaint(input: $input) { reference } }', {
      input: { siteId: b, themes: ['HEALTH_SAFETY'], description: 'Dust at the saws, no masks.' },
    });
    const reference = filed.data!.fileComplaint.reference as string;
    const complaints = await gql(
      app,
      'query($site: ID!) { complaints(siteId: $site) { nodes { reference siteFound } } }',
      { site: a },
      admin,
    );
    t.ok(
      (complaints.data!.complaints.nodes as { reference: string; siteFound: boolean }[]).some(
        (c) => c.reference === reference && c.siteFound,
      ),
      'a complaint filed with the merged id is about the kept site',
    );

    const repeat = await gql(app, MERGE, { keep: a, merge: b, reason: 'again' }, admin);
    t.equal(repeat.data!.mergeSites.id, merged.data!.mergeSites.id, 'merging again returns the merge');
    const trail = await gql(
      app,
      'query($id: ID!) { auditTrail(recordId: $id) { nodes { action } } }',
      { id: b },
      admin,
    );
    t.ok(
      (trail.data?.auditTrail?.nodes as { action: string }[] | undefined)?.some((e) => e.action === 'mergeSites'),
      'the merge is audited',
    );
  },
);

t.test('merges that are not of two records of one site are refused', async (t) => {
  const app = await testApp(t);
  const chain = await chainOfTwoRecords(app);
  const admin = await issueToken(app, 'ADMIN');
  const member = await issueToken(app, 'MEMBER', chain.id('I'));
  const rule = async (keep: string, merge: string, token = admin) => {
    const answer = await gql(app, MERGE, { keep, merge, reason: 'test' }, token);
    return answer.errors?.[0]?.extensions?.rule ?? answer.errors?.[0]?.extensions?.code;
  };
  t.equal(await rule(chain.id('A'), chain.id('A')), 'merge_into_itself');
  t.equal(await rule(chain.id('P'), chain.id('A')), 'merge_same_kind', 'a quarry into a processor');
  t.equal(await rule(chain.id('I'), chain.id('P')), 'merge_sites_only', 'importers are not sites');
  const linked = await new ChainBuilder().processor('R').processor('S').link('R', 'S').save(app.graph);
  t.equal(await rule(linked.id('S'), linked.id('R')), 'merge_linked_sites', 'a site would supply itself');
  t.equal(await rule(chain.id('A'), chain.id('B'), member), 'FORBIDDEN');
  t.equal(await rule(chain.id('A'), 'no-such-site'), 'NOT_FOUND');
});

t.test('a merge under concurrent writes to both sites loses nothing and leaves traces as they were', async (t) => {
  const app = await testApp(t);
  const chain = await new ChainBuilder()
    .quarry('A')
    .quarry('B')
    .processor('P0')
    .processor('P1')
    .processor('P2')
    .processor('P3')
    .processor('P4')
    .importer('I')
    .project('X')
    .link('A', 'P0')
    .link('B', 'P0')
    .link('P0', 'I')
    .delivery('X', 'I')
    .save(app.graph);
  const [a, b] = [chain.id('A'), chain.id('B')];
  const admin = await issueToken(app, 'ADMIN');
  const before = await originsOf(app, admin, chain.id('X'));

  const customers = ['P1', 'P2', 'P3', 'P4'].map((p) => chain.id(p));
  const writes = customers.flatMap((customerId) =>
    [a, b].map((supplierId) =>
      gql(app, LINK, { input: { supplierId, customerId, stoneType: 'GRANITE', validFrom: '2025-01-01' } }, admin),
    ),
  );
  const assessments = [a, b, b, b].map((site) => gql(app, ASSESS_SITE, { site }, admin));
  const merge = gql(app, MERGE, { keep: a, merge: b, reason: 'concurrent' }, admin);
  const answers = await Promise.all([merge, ...writes]);
  for (const answer of [...answers, ...(await Promise.all(assessments))])
    t.notOk(answer.errors, JSON.stringify(answer.errors));

  // A write to the merged site after the merge finds the kept site's link of the same triple.
  const written = new Set(answers.slice(1).map((answer) => answer.data!.registerSupplyLink.id as string));
  const links = await gql(
    app,
    'query($s: ID!) { supplyLinks(supplierId: $s, first: 100) { nodes { id } } }',
    { s: a },
    admin,
  );
  const onKept = new Set((links.data!.supplyLinks.nodes as { id: string }[]).map((l) => l.id));
  t.ok(
    [...written].every((id) => onKept.has(id)),
    'every link written meanwhile is on the kept site',
  );
  t.equal(onKept.size, 2 + written.size, 'and nothing else was made');
  const [onTombstone] = await app.graph.read(attached, { id: b });
  t.equal(onTombstone!.n, 0, 'no link and no assessment landed on the merged site');
  const [assessed] = await app.graph.read(assessmentsOf, { id: a });
  t.equal(assessed!.n, 4, 'every assessment written meanwhile is on the kept site');
  const after = await originsOf(app, admin, chain.id('X'));
  t.equal(after.tracedShare, before.tracedShare);
  t.same(after.shares, { [a]: 1 });
});

t.test('the merge log is public; names only for callers who see the site', async (t) => {
  const app = await testApp(t);
  const chain = await chainOfTwoRecords(app);
  const [a, b] = [chain.id('A'), chain.id('B')];
  const admin = await issueToken(app, 'ADMIN');
  const merged = await gql(app, MERGE, { keep: a, merge: b, reason: 'same pit' }, admin);
  const mergeId = merged.data!.mergeSites.id as string;
  const stranger = await new ChainBuilder().importer('S').save(app.graph);

  const entry = async (token?: string) => {
    const answer = await gql(app, LOG, {}, token);
    t.notOk(answer.errors);
    return (answer.data!.siteMerges.nodes as { id: string }[]).find((n) => n.id === mergeId);
  };
  const common = { keptId: a, mergedId: b, reason: 'same pit' };
  t.same(await entry(), { id: mergeId, ...common, keptName: null, mergedName: null }, 'without a key: no names');
  t.same(await entry(admin), { id: mergeId, ...common, keptName: 'A', mergedName: 'B' });
  t.same(
    await entry(await issueToken(app, 'MEMBER', chain.id('I'))),
    { id: mergeId, ...common, keptName: 'A', mergedName: 'B' },
    'the chain sees it',
  );
  t.same(
    await entry(await issueToken(app, 'MEMBER', stranger.id('S'))),
    { id: mergeId, ...common, keptName: null, mergedName: null },
    'another company does not',
  );
});
