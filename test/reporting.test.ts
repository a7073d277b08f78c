import t from 'tap';
import type { QuarryAreaRow } from '../src/reporting/quarryAreas.js';
import { importColumns } from '../src/registry/supplyLinkImport.js';
import { gql, issueToken, testApp } from './helpers/app.js';
import { ChainBuilder } from './helpers/chain.js';

t.test('served without a token, as GraphQL and as CSV', async (t) => {
  const app = await testApp(t);
  // Year 2001 belongs to this test alone: every link here is valid in 2001 only.
  const chain = new ChainBuilder();
  const year = { validFrom: '2001-01-01', validTo: '2001-12-31' } as const;
  chain
    .quarry('Big', { country: 'FI', region: 'Kymenlaakso' })
    .quarry('Small', { country: 'FI', region: 'Uusimaa' })
    .quarry('Mid', { country: 'FI', region: 'Pirkanmaa' });
  for (const c of ['A', 'B', 'C', 'D']) chain.importer(c).link('Big', c, year);
  chain.link('Small', 'A', year);
  for (const c of ['A', 'B', 'C']) chain.link('Mid', c, year);
  chain.processor('P').link('Mid', 'P', { validFrom: '2002-01-01' });
  await chain.save(app.graph);

  const { data, errors } = await gql(
    app,
    '{ quarryAreaReport(year: 2001) { year rows { country area label companies } } }',
  );
  t.equal(errors, undefined);
  const finland = data!.quarryAreaReport.rows.filter((r: QuarryAreaRow) => r.country === 'FI');
  t.same(
    finland,
    [
      { country: 'FI', area: 'Kymenlaakso', label: 'Kymenlaakso', companies: 4 },
      { country: 'FI', area: null, label: 'other areas in FI', companies: 3 },
    ],
    'Uusimaa (1 company) is merged with Pirkanmaa, the smallest shown area; P sourced in 2002 only',
  );

  const csv = await app.inject('/reports/quarry-areas/2001.csv');
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /text\/csv/);
  t.match(csv.body, /^country,area,label,companies\n/);
  t.match(csv.body, /\nFI,Kymenlaakso,Kymenlaakso,4\n/);
  t.match(csv.body, /\nFI,,other areas in FI,3\n/);
  t.equal((await app.inject('/reports/quarry-areas/nineteen.csv')).statusCode, 404);
  const bad = await gql(app, '{ quarryAreaReport(year: 1899) { year } }');
  t.equal(bad.errors?.[0]?.extensions?.field, 'year');
});

t.test(
  'a company counts for the areas of the quarries at most TRACE_MAX_DEPTH links up its chain, of any stone type, through links valid in the year',
  async (t) => {
    // k = 1 shows every area alone; the areas' names are this run's own, so earlier runs on the same database do not count.
    const app = await testApp(t, { trace: { maxDepth: 3 }, report: { minCompanies: 1 } });
    const chain = new ChainBuilder();
    const near = `Near ${chain.key('area')}`;
    const far = `Far ${chain.key('area')}`;
    const in2004 = { validFrom: '2004-01-01', validTo: '2004-12-31' } as const;
    chain.quarry('Q1', { country: 'FI', region: near }).quarry('Q2', { country: 'FI', region: far });
    for (const name of ['P1', 'P2', 'P4', 'P5']) chain.processor(name);
    chain.importer('I1').importer('I2');
    // Q1 > P1 > P2 > I1 > I2: I2 is four links from Q1, one more than the limit; P2 > P1 closes a cycle.
    chain
      .link('Q1', 'P1', in2004)
      .link('P1', 'P2', { ...in2004, stoneType: 'MARBLE' })
      .link('P2', 'I1', in2004)
      .link('I1', 'I2', in2004);
    chain.link('P2', 'P1', in2004);
    // Q2 > P4 > P5, the second link valid only from 2005; Q2 > I1 > I2.
    chain.link('Q2', 'P4', in2004).link('P4', 'P5', { validFrom: '2005-01-01' }).link('Q2', 'I1', in2004);
    await chain.save(app.graph);

    const { data, errors } = await gql(app, '{ quarryAreaReport(year: 2004) { rows { country area companies } } }');
    t.equal(errors, undefined);
    const counts = Object.fromEntries(
      data!.quarryAreaReport.rows
        .filter((r: QuarryAreaRow) => r.area === near || r.area === far)
        .map((r: QuarryAreaRow) => [r.area, r.companies]),
    );
    t.same(counts, { [near]: 3, [far]: 3 }, 'near: P1, P2 and I1, not I2; far: P4, I1 and I2, not P5');
  },
);

t.test('a quarry area named like a formula comes out of the public CSV as text', async (t) => {
  const app = await testApp(t);
  // Year 2000 belongs to this test alone (nothing else is valid then): three companies import one area for it.
  const formula = '=HYPERLINK("http://x","y")';
  const chain = await new ChainBuilder().importer('A').importer('B').importer('C').save(app.graph);
  for (const company of ['A', 'B', 'C']) {
    const token = await issueToken(app, 'MEMBER', chain.id(company));
    const csv = `${importColumns.join(',')}\n,QUARRY,Hekla ${company},IS,"${formula.replaceAll('"', '""')}",,BASALT,2000-01-01,2000-12-31,`;
    const imported = await app.inject({
      method: 'POST',
      url: '/import/supply-links',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      payload: csv,
    });
    t.equal(imported.statusCode, 200, imported.body);
  }
  const csv = (await app.inject('/reports/quarry-areas/2000.csv')).body;
  const neutralised = `"'${formula.replaceAll('"', '""')}"`;
  const iceland = csv.split('\n').find((line) => line.startsWith('IS,'));
  // The count is at least these three companies (a rerun on the same database adds three more).
  t.equal(
    iceland?.replace(/,\d+$/, ''),
    `IS,${neutralised},${neutralised}`,
    `area and label behind a quote, quoted:\n${csv}`,
  );
  t.notOk(/(^|,)[=+\-@]/m.test(csv), 'no cell starts like a formula');
});
