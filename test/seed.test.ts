import t from 'tap';
import { cypher } from '../src/db/graph.js';
import { readDataset, seedId } from '../src/seed/dataset.js';
import { loadDataset } from '../src/seed/load.js';
import { analystToken, gql, testApp } from './helpers/app.js';

const footprint = cypher<{ ids: string[] }, { nodes: number; relationships: number; properties: unknown[] }>(
  'test_seed_footprint',
  `MATCH (n) WHERE n.id IN $ids
   OPTIONAL MATCH (n)-[r]->()
   WITH n, count(r) AS rels
   ORDER BY n.id
   RETURN count(n) AS nodes, sum(rels) AS relationships, collect(properties(n)) AS properties`,
);

t.test('loading the sample data twice writes exactly what loading it once does', async (t) => {
  const app = await testApp(t);
  const data = readDataset();
  const {
    quarries,
    processors,
    importers,
    buyers,
    projects,
    supplyLinks,
    deliveries,
    riskAssessments,
    actionPlans,
    certificates,
  } = data;
  const ids = [
    quarries,
    processors,
    importers,
    buyers,
    projects,
    supplyLinks,
    deliveries,
    riskAssessments ?? [],
    actionPlans ?? [],
    certificates ?? [],
  ]
    .flat()
    .map((record: { key: string }) => seedId(record.key));

  await loadDataset(app.graph, data);
  const [once] = await app.graph.read(footprint, { ids });
  await loadDataset(app.graph, data);
  const [twice] = await app.graph.read(footprint, { ids });
  t.equal(once?.nodes, ids.length, 'one node per record');
  t.same(twice, once, 'same nodes, relationships and properties');
});

t.test('the sample data traces as its scenarios say', async (t) => {
  const app = await testApp(t);
  await loadDataset(app.graph, readDataset());
  const trace = async (projectKey: string) => {
    const { data } = await gql(
      app,
      `query($id: ID!) { trace(projectId: $id) { tracedShare origins { quarry { country region } share } gaps { node { name } share } } }`,
      {
        id: seedId(projectKey),
      },
      await analystToken(app),
    );
    return data!.trace;
  };
  const gent = await trace('project-gent-square');
  const gentMismatches = await gql(
    app,
    'query($id: ID!) { dueDiligence(projectId: $id) { originMismatches { share } } }',
    { id: seedId('project-gent-square') },
    await analystToken(app),
  );
  t.same(gentMismatches.data!.dueDiligence.originMismatches, [], 'Gent: declared Belgian (Hainaut), and it is');
  t.same(
    [...new Set(gent.origins.map((o: any) => `${o.quarry.country} ${o.quarry.region}`))],
    ['BE Hainaut'],
    'Gent: Belgian bluestone only',
  );
  const quay = await trace('project-amsterdam-quay-wall');
  t.ok(
    quay.origins.every((o: any) => o.quarry.country === 'VN'),
    'the quay wall "bluestone" is Vietnamese',
  );
  const square = await trace('project-rotterdam-square');
  t.ok(square.gaps.length > 0 && square.tracedShare < 1, 'the Rotterdam square has a gap');
});

t.test(
  'the sample data answers the due-diligence questions for the quay wall, each risk with its source',
  async (t) => {
    const app = await testApp(t);
    const data = readDataset();
    await loadDataset(app.graph, data);
    const buyerToken = data.apiKeys!.find((k) => k.role === 'BUYER' && k.organisation === 'buyer-amsterdam')!.token;
    const { data: result, errors } = await gql(
      app,
      `query($id: ID!) { dueDiligence(projectId: $id) {
      origins { tracedShare countries { country share } }
      originMismatches { delivery { id } declaredCountry share tracedCountries { country } }
      risks { theme highestResidualLevel evidence { source country region } }
      measures { actionPlans { status company { name } } } } }`,
      { id: seedId('project-amsterdam-quay-wall') },
      buyerToken,
    );
    t.notOk(errors, JSON.stringify(errors));
    const report = result!.dueDiligence;
    t.same(
      report.origins.countries.map((c: any) => c.country),
      ['VN'],
      'Vietnamese stone sold as bluestone',
    );
    t.same(
      report.originMismatches,
      [
        {
          delivery: { id: seedId('delivery-amsterdam-quay-1') },
          declaredCountry: 'BE',
          share: 1,
          tracedCountries: [{ country: 'VN' }],
        },
      ],
      'the first delivery, declared Belgian bluestone, traces wholly to Vietnam',
    );
    t.equal(
      report.risks.find((r: any) => r.theme === 'UNKNOWN_ORIGIN')?.highestResidualLevel,
      'SEVERE',
      'an origin contradicted by the trace is a severe unknown-origin risk',
    );
    const health = report.risks.find((r: any) => r.theme === 'HEALTH_SAFETY');
    t.equal(health.highestResidualLevel, 'SEVERE', 'silicosis and quarry collapses in Thanh Hoa and Ninh Binh');
    t.ok(
      health.evidence.some((e: any) => e.country === 'VN' && e.region === 'Thanh Hoa'),
      'the Thanh Hoa area assessment is evidence',
    );
    t.ok(
      report.risks.flatMap((r: any) => r.evidence).every((e: any) => e.source.trim().length > 0),
      'every assessment names its source',
    );
    t.ok(
      report.measures.actionPlans.some((p: any) => p.status === 'DONE'),
      "the importer's completed dust-extraction plan is listed",
    );
    t.ok(data.riskAssessments!.length >= 30, `${data.riskAssessments!.length} baseline assessments`);
    const assessedCountries = new Set(data.riskAssessments!.map((a) => a.country));
    t.same(
      data.quarries.filter((q) => !assessedCountries.has(q.country)).map((q) => q.key),
      [],
      "every seed quarry's country or area is assessed",
    );
  },
);
