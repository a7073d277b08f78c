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
  chain.quarry('Big', { country: 'FI', region: 'Kymenlaakso' }).quarry('Small', { country: 'FI', region: 'Uusimaa' }).quarry('Mid', { country: 'FI', region: 'Pirkanmaa' });
  for (const c of ['A', 'B', 'C', 'D']) chain.importer(c).link('Big', c, year);
  chain.link('Small', 'A', year);
  for (const c of ['A', 'B', 'C']) chain.link('Mid', c, year);
  chain.processor('P').link('Mid', 'P', { validFrom: '2002-01-01' });
  await chain.save(app.graph);

  const { data, errors } = await gql(app, '{ quarryAreaReport(year: 2001) { year rows { country area label companies } } }');
  t.equal(errors, undefined);
  const finland = data!.quarryAreaReport.rows.filter((r: QuarryAreaRow) => r.country === 'FI');
  t.same(finland, [
    { country: 'FI', area: 'Kymenlaakso', label: 'Kymenlaakso', companies: 4 },
    { country: 'FI', area: null, label: 'other areas in FI', companies: 3 },
  ], 'Uusimaa (1 company) is merged with Pirkanmaa, the smallest shown area; P sourced in 2002 only');

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

t.test('a quarry area named like a formula comes out of the public CSV as text', async (t) => {
  const app = await testApp(t);
  // Year 2000 belongs to this test alone (nothing else is valid then): three companies import one area for it.
  const formula = '=HYPERLINK("http://x","y")';
  const chain = await new ChainBuilder().importer('A').importer('B').importer('C').save(app.graph);
  for (const company of ['A', 'B', 'C']) {
    const token = await issueToken(app, 'MEMBER', chain.id(company));
    const csv = `${importColumns.join(',')}\n,QUARRY,Hekla ${company},IS,"${formula.replaceAll('"', '""')}",,BASALT,2000-01-01,2000-12-31,`;
    const imported = await app.inject({ method: 'POST', url: '/import/supply-links', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, payload: csv });
    t.equal(imported.statusCode, 200, imported.body);
  }
  const csv = (await app.inject('/reports/quarry-areas/2000.csv')).body;
  const neutralised = `"'${formula.replaceAll('"', '""')}"`;
  const iceland = csv.split('\n').find((line) => line.startsWith('IS,'));
  // The count is at least these three companies (a rerun on the same database adds three more).
  t.equal(iceland?.replace(/,\d+$/, ''), `IS,${neutralised},${neutralised}`, `area and label behind a quote, quoted:\n${csv}`);
  t.notOk(/(^|,)[=+\-@]/m.test(csv), 'no cell starts like a formula');
});
