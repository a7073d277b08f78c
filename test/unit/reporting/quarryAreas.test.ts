import fc from 'fast-check';
import t from 'tap';
import { suppress, type QuarryAreaRow } from '../../../src/reporting/quarryAreas.js';

const companies = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const area = (country: string, name: string, n: number, prefix = `${country}-${name}-`) => ({
  country,
  area: name,
  companies: companies(n, prefix),
});
const shown = (rows: QuarryAreaRow[]) => Object.fromEntries(rows.map((r) => [r.label, r.companies]));

t.test('areas with 1 and 2 companies are merged; 3 is shown', async (t) => {
  const rows = suppress(
    [area('BR', 'Bahia', 1), area('BR', 'Minas Gerais', 2), area('BR', 'Espirito Santo', 3), area('BR', 'Ceara', 4)],
    3,
  );
  t.same(shown(rows), { 'Espirito Santo': 3, Ceara: 4, 'other areas in BR': 3 });
});

t.test(
  'one hidden area alone would be readable off the remainder: the smallest shown area is hidden too',
  async (t) => {
    const rows = suppress([area('IN', 'Rajasthan', 1), area('IN', 'Telangana', 3), area('IN', 'Andhra Pradesh', 5)], 3);
    t.same(shown(rows), { 'Andhra Pradesh': 5, 'other areas in IN': 4 });
  },
);

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

/**
 * On any areas and any k, what the public list shows must not let anyone learn a count below k:
 * - every count shown is at least k, and is the true number of companies behind its row;
 * - a count is shown for one area of its own, or for a remainder of at least two areas or
 *   countries, never for a single hidden one;
 * - a shown country hides none of its areas or at least two, and beside shown countries none or
 *   at least two countries are hidden (secondary suppression);
 * - the rows partition the areas: each area is counted in exactly one row, and there are no
 *   totals, so no count can be subtracted from another to isolate a hidden one.
 */
t.test('suppression never reveals a count below k, on any areas, directly or by subtraction', async (t) => {
  const pool = companies(12, 'c');
  const input = fc.record({
    k: fc.integer({ min: 2, max: 5 }),
    areas: fc.uniqueArray(
      fc.record({
        country: fc.constantFrom('AA', 'BB', 'CC', 'DD'),
        area: fc.constantFrom('north', 'south', 'east', 'west'),
        companies: fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: 8 }),
      }),
      { selector: (a) => `${a.country} ${a.area}`, maxLength: 16 },
    ),
  });
  fc.assert(
    fc.property(input, ({ k, areas }) => {
      const rows = suppress(areas, k);
      const countriesWithRows = new Set(rows.flatMap((r) => (r.country === null ? [] : [r.country])));
      const ownRow = new Set(rows.filter((r) => r.area !== null).map((r) => `${r.country} ${r.area}`));
      /** The areas a row stands for. */
      const covered = (row: QuarryAreaRow) =>
        areas.filter((a) =>
          row.area !== null
            ? a.country === row.country && a.area === row.area
            : row.country !== null
              ? a.country === row.country && !ownRow.has(`${a.country} ${a.area}`)
              : !countriesWithRows.has(a.country),
        );
      const counted = rows.flatMap((row) => covered(row).map((a) => `${a.country} ${a.area}`));
      if (counted.length !== areas.length || new Set(counted).size !== areas.length)
        throw new Error('the rows do not count every area exactly once');
      for (const row of rows) {
        const behind = covered(row);
        if (behind.length === 0) throw new Error(`${row.label} stands for nothing`);
        if (row.companies === null) continue;
        if (row.companies < k) throw new Error(`${row.label} shows ${row.companies} < k = ${k}`);
        if (row.companies !== new Set(behind.flatMap((a) => a.companies)).size)
          throw new Error(`${row.label} shows a wrong count`);
        const merged = new Set(behind.map((a) => (row.country === null ? a.country : a.area)));
        if (row.area === null && merged.size < 2)
          throw new Error(
            `${row.label} shows the count of a single hidden ${row.country === null ? 'country' : 'area'}`,
          );
      }
      for (const country of countriesWithRows) {
        const hidden = areas.filter((a) => a.country === country && !ownRow.has(`${a.country} ${a.area}`));
        if (hidden.length === 1) throw new Error(`${country} hides a single area`);
      }
      const hiddenCountries = new Set(areas.filter((a) => !countriesWithRows.has(a.country)).map((a) => a.country));
      if (hiddenCountries.size === 1 && countriesWithRows.size > 0)
        throw new Error('a single country is hidden beside shown ones');
    }),
    { numRuns: 2_000 },
  );
  t.pass('2,000 lists');
});
