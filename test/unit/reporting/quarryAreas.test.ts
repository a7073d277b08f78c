import t from 'tap';
import { suppress, type QuarryAreaRow } from '../../../src/reporting/quarryAreas.js';

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
