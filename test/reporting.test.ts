import t from 'tap';
import { suppress, type QuarryAreaRow } from '../src/reporting/quarryAreas.js';
import { importColumns } from '../src/registry/supplyLinkImport.js';
import { gql, issueToken, testApp } from './helpers/app.js';
import { ChainBuilder } from './helpers/chain.js';

const companies = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const area = (country: string, name: string, n: number, prefix = `${country}-${name}-`) => ({ country, area: name, companies: companies(n, prefix) });
const shown = (rows: QuarryAreaRow[]) => Object.fromEntries(rows.map((r) => [r.label, r.companies]));

t.test('areas with 1 and 2 companies are merged; 3 is shown', async (t) => {
  const rows = suppress([area('BR', 'Bahia', 1), area('BR', 'Minas Gerais', 2), area('BR', 'Espirito Santo', 3), area('BR', 'Ceara', 4)], 3);
  t.same(shown(rows), { 'Espirito Santo': 3, Ceara: 4, 'other areas in BR': 3 });
});

t.test('one hidden area alone would be readable off the remainder: the smallest shown area is hidden too', async (t) => {
  const rows = suppress([area('IN', 'Rajasthan', 1), area('IN', 'Telangana', 3), area('IN', 'Andhra Pradesh', 5)], 3);
  t.same(shown(rows), { 'Andhra Pradesh': 5, 'other areas in IN': 4 });
});

t.test('a merged row shows no count below k', async (t) => {
  const rows = suppress([area('TR', 'Afyon', 1, 'x'), area('TR', 'Denizli', 1, 'x'), area('TR', 'Balikesir', 3)], 3);
  // Afyon and Denizli are backed by the same single company: the merged row must not say "1".
  t.same(shown(rows), { Balikesir: 3, 'other areas in TR': null });
});

t.test('countries below k go to "other countries", never a single one alone', async (t) => {
  const base = [area('CN', 'Fujian', 4), area('VN', 'Thanh Hoa', 3), area('NO', 'Vestfold', 5)];
  t.same(shown(suppress([...base, area('BE', 'Hainaut', 2), area('PT', 'Evora', 1)], 3)), {
    Fujian: 4,
    'Thanh Hoa': 3,
    Vestfold: 5,
    'other countries': 3,
  });
  t.same(
    shown(suppress([...base, area('BE', 'Hainaut', 2)], 3)),
    { Fujian: 4, Vestfold: 5, 'other countries': 5 },
    'one small country: the smallest shown country (VN) joins it',
  );
});

t.test('differencing: no hidden count can be derived from what is shown, on random data', async (t) => {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 300; round++) {
    const k = 2 + Math.floor(random() * 3);
    const pool = companies(12, 'c');
    const areas = [];
    for (const country of ['AA', 'BB', 'CC', 'DD'].slice(0, 1 + Math.floor(random() * 4))) {
      for (let a = 0; a < 1 + Math.floor(random() * 4); a++) {
        areas.push({ country, area: `${country}${a}`, companies: pool.filter(() => random() < 0.25) });
      }
    }
    const input = areas.filter((a) => a.companies.length > 0);
    const rows = suppress(input, k);
    const shownAreas = new Set(rows.filter((r) => r.area !== null).map((r) => r.area));
    for (const row of rows) {
      if (row.area !== null) t.ok(row.companies! >= k, `round ${round}: a shown area has at least k companies`);
    }
    // Every hidden area is covered by a merged row that covers at least one other hidden area.
    for (const country of new Set(input.map((a) => a.country))) {
      const hidden = input.filter((a) => a.country === country && !shownAreas.has(a.area));
      const inOtherCountries = !rows.some((r) => r.country === country);
      if (!inOtherCountries && hidden.length > 0) t.ok(hidden.length >= 2, `round ${round}: ${country} hides at least two areas together`);
    }
    const hiddenCountries = [...new Set(input.map((a) => a.country))].filter((c) => !rows.some((r) => r.country === c));
    const others = rows.find((r) => r.label === 'other countries');
    if (hiddenCountries.length === 1) t.equal(others?.companies, null, `round ${round}: a single hidden country shows no count`);
    if (hiddenCountries.length === 0) t.notOk(others, `round ${round}: no empty remainder`);
  }
});

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

t.test('a company counts for the areas of the quarries at most TRACE_MAX_DEPTH links up its chain, of any stone type, through links valid in the year', async (t) => {
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
  chain.link('Q1', 'P1', in2004).link('P1', 'P2', { ...in2004, stoneType: 'MARBLE' }).link('P2', 'I1', in2004).link('I1', 'I2', in2004);
  chain.link('P2', 'P1', in2004);
  // Q2 > P4 > P5, the second link valid only from 2005; Q2 > I1 > I2.
  chain.link('Q2', 'P4', in2004).link('P4', 'P5', { validFrom: '2005-01-01' }).link('Q2', 'I1', in2004);
  await chain.save(app.graph);

  const { data, errors } = await gql(app, '{ quarryAreaReport(year: 2004) { rows { country area companies } } }');
  t.equal(errors, undefined);
  const counts = Object.fromEntries(data!.quarryAreaReport.rows.filter((r: QuarryAreaRow) => r.area === near || r.area === far).map((r: QuarryAreaRow) => [r.area, r.companies]));
  t.same(counts, { [near]: 3, [far]: 3 }, 'near: P1, P2 and I1, not I2; far: P4, I1 and I2, not P5');
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
