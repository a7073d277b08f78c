import fc from 'fast-check';
import t from 'tap';
import { publishedRows, sourcingOf, suppress, type SupplyRow } from '../../../src/reporting/quarryAreas.js';

/**
 * Who sourced where, worked out level by level over all links at once, against the definition:
 * a company sourced in an area when a chain of at most maxDepth links, visiting no node twice,
 * leads from a quarry of the area to it. No database.
 */

const quarries = ['q0', 'q1', 'q2', 'q3'];
const companies = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];
const areaOf: Record<string, [string, string]> = {
  q0: ['FI', 'North'],
  q1: ['FI', 'South'],
  q2: ['FI', 'South'],
  q3: ['PT', 'Evora'],
};

/** The rows `quarryAreaSupply` returns for these links: suppliers per customer, and every quarry with its area. */
function supplyRows(links: [string, string][]): SupplyRow[] {
  const byCustomer = new Map<string, string[]>();
  for (const [supplier, customer] of links) byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), supplier]);
  return [
    ...[...byCustomer].map(([nodeId, suppliers]) => ({ nodeId, suppliers, area: null })),
    ...quarries.map((nodeId) => ({ nodeId, suppliers: [], area: areaOf[nodeId]! })),
  ];
}

/** Per area, the companies at the end of a simple path of at most `maxDepth` links from one of its quarries. */
function byDefinition(links: [string, string][], maxDepth: number): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  const walk = (path: string[], area: string): void => {
    if (path.length > 1) result.set(area, (result.get(area) ?? new Set()).add(path.at(-1)!));
    if (path.length > maxDepth) return;
    for (const [supplier, customer] of links)
      if (supplier === path.at(-1) && !path.includes(customer)) walk([...path, customer], area);
  };
  for (const quarry of quarries) walk([quarry], areaOf[quarry]!.join(' '));
  return result;
}

const arbitraryLinks = fc.uniqueArray(
  fc
    .tuple(fc.constantFrom(...quarries, ...companies), fc.constantFrom(...companies))
    .filter(([supplier, customer]) => supplier !== customer),
  { selector: ([supplier, customer]) => `${supplier}>${customer}`, maxLength: 20 },
);

t.test(
  'each area counts the companies a chain of at most maxDepth links leads to from its quarries, cycles or not',
  async (t) => {
    await fc.assert(
      fc.asyncProperty(arbitraryLinks, fc.integer({ min: 1, max: 5 }), async (links, maxDepth) => {
        const expected = byDefinition(links, maxDepth);
        const sourcing = await sourcingOf(supplyRows(links), maxDepth);
        const areas = sourcing.areas.map((a) => `${a.country} ${a.area}`);
        t.same(new Set(areas), new Set(expected.keys()), 'the areas where some company sourced, and only those');
        areas.forEach((area, i) => t.equal(sourcing.companiesIn([i]), expected.get(area)?.size, area));
        const all = new Set([...expected.values()].flatMap((set) => [...set]));
        t.equal(
          sourcing.companiesIn(areas.map((_area, i) => i)),
          all.size,
          'a company that sourced in several areas counts once',
        );
      }),
      { numRuns: 200 },
    );
  },
);

t.test('the published rows are those the suppression rules give for the same companies listed per area', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      arbitraryLinks,
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 4 }),
      async (links, maxDepth, k) => {
        const listed = [...byDefinition(links, maxDepth)].map(([key, set]) => {
          const [country, area] = key.split(' ') as [string, string];
          return { country, area, companies: [...set] };
        });
        t.same(publishedRows(await sourcingOf(supplyRows(links), maxDepth), k), suppress(listed, k));
      },
    ),
    { numRuns: 200 },
  );
});
