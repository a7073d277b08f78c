import fc from 'fast-check';
import t from 'tap';
import { computeShares, type ShareDelivery, type ShareLink, type ShareResult } from '../../../src/trace/compute.js';
import { isQuarry, shareLink as link } from '../../helpers/shares.js';

/** Share computation: how a delivery's mass is split over its chain, and where the walk stops. */

const limits = { maxDepth: 12, maxPaths: 5_000 };
const delivery = (links: ShareLink[], massTonnes = 1, importerId = 'importer'): ShareDelivery => ({
  importerId,
  stoneType: 'GRANITE',
  massTonnes,
  links,
});
const originShares = (result: ShareResult) => Object.fromEntries(result.origins.map((o) => [o.quarryId, o.share]));
const gapShares = (result: ShareResult) => Object.fromEntries(result.gaps.map((g) => [g.nodeId, g.share]));

t.test(
  'declared volumes split the mass in proportion; one link without a positive volume makes the split equal',
  async (t) => {
    const chain = (p2Volume: number | null) => [
      link('p1', 'importer', 300),
      link('p2', 'importer', p2Volume),
      link('q1', 'p1'),
      link('q2', 'p2'),
    ];
    t.same(originShares(computeShares([delivery(chain(100))], isQuarry, limits)), { q1: 0.75, q2: 0.25 });
    t.same(
      originShares(computeShares([delivery(chain(null))], isQuarry, limits)),
      { q1: 0.5, q2: 0.5 },
      'an undeclared volume',
    );
    t.same(
      originShares(computeShares([delivery(chain(0))], isQuarry, limits)),
      { q1: 0.5, q2: 0.5 },
      'a volume of 0 is no declaration',
    );
  },
);

t.test('mass ends in a gap where no supplier is left to follow, and at the depth limit', async (t) => {
  const deadEnd = computeShares(
    [delivery([link('q1', 'importer'), link('p1', 'importer'), link('p2', 'p1')])],
    isQuarry,
    limits,
  );
  t.same(originShares(deadEnd), { q1: 0.5 });
  t.same(gapShares(deadEnd), { p2: 0.5 }, 'p2 has no supplier');
  t.equal(deadEnd.tracedShare, 0.5);
  t.same(
    deadEnd.leaves.find((leaf) => leaf.gap),
    { nodeIds: ['p2', 'p1', 'importer'], linkIds: ['p2>p1', 'p1>importer'], share: 0.5, gap: true },
    'the gap path, from where tracing stopped to the importer',
  );

  const long = delivery([link('p1', 'importer'), link('p2', 'p1'), link('p3', 'p2'), link('q1', 'p3')]);
  t.same(
    originShares(computeShares([long], isQuarry, { ...limits, maxDepth: 4 })),
    { q1: 1 },
    'four links: within a depth of 4',
  );
  const cut = computeShares([long], isQuarry, { ...limits, maxDepth: 2 });
  t.same(
    [originShares(cut), gapShares(cut), cut.tracedShare],
    [{}, { p2: 1 }, 0],
    'two links followed, then a gap where the walk stopped',
  );
  t.same(cut.nodeIds.sort(), ['importer', 'p1', 'p2'], 'nodes past the limit are not part of the trace');
});

t.test("deliveries weigh by their mass, each split over its own importer's links", async (t) => {
  const shares = computeShares(
    [delivery([link('q1', 'i1')], 30, 'i1'), delivery([link('q2', 'i2'), link('p2', 'i2')], 10, 'i2')],
    isQuarry,
    limits,
  );
  t.same(originShares(shares), { q1: 0.75, q2: 0.125 });
  t.same(gapShares(shares), { p2: 0.125 });
  t.same(
    shares.origins.map((o) => o.quarryId),
    ['q1', 'q2'],
    'largest share first',
  );
});

t.test('a link listed twice counts once; an origin lists its paths quarry first', async (t) => {
  const links = [link('q1', 'p1'), link('p1', 'importer'), link('q1', 'importer')];
  const shares = computeShares([delivery([...links, ...links])], isQuarry, limits);
  t.same(originShares(shares), { q1: 1 });
  t.same(
    shares.origins[0]?.paths.map(({ nodeIds, share }) => [nodeIds, share]),
    [
      [['q1', 'p1', 'importer'], 0.5],
      [['q1', 'importer'], 0.5],
    ],
    "in the order of their links' ids",
  );
  t.same(
    computeShares([delivery(links.toReversed())], isQuarry, limits).origins,
    shares.origins,
    'whatever order the links came in',
  );
});

t.test('no delivered mass: no origins, no gaps, nothing traced', async (t) => {
  const shares = computeShares([delivery([link('q1', 'importer')], 0)], isQuarry, limits);
  t.same([shares.origins, shares.gaps, shares.tracedShare], [[], [], 0]);
});

/**
 * Every fraction of delivered mass ends at exactly one leaf, so the origins and gaps a trace shows
 * add up to 1, whatever the chain: any links between up to 9 nodes (cycles included), any declared
 * volumes, several deliveries of any mass, any depth limit. Each share shown is rounded to 12
 * decimals, off by at most 5e-13, so n shares may be off by n * 5e-13 together; the floating-point
 * error of the products and sums (tens of operations at 2^-53 each) is about a thousand times
 * smaller. The tolerance is 1e-12 per share shown, plus one.
 */
t.test('origins plus gaps add up to 1 for any chain, volumes and deliveries, within rounding', async (t) => {
  const tonnes = fc.double({ min: 0, minExcluded: true, max: 1e9, noNaN: true });
  const chain = fc.integer({ min: 2, max: 9 }).chain((size) => {
    const node = fc.integer({ min: 0, max: size - 1 });
    return fc.record({
      quarries: fc.uniqueArray(node, { maxLength: size }),
      links: fc.uniqueArray(
        fc
          .record({ supplier: node, customer: node, volume: fc.oneof(fc.constant(null), fc.constant(0), tonnes) })
          .filter((l) => l.supplier !== l.customer),
        { selector: (l) => `${l.supplier}>${l.customer}`, maxLength: 20 },
      ),
      deliveries: fc.array(fc.record({ importer: node, mass: tonnes }), { minLength: 1, maxLength: 3 }),
      maxDepth: fc.integer({ min: 1, max: 8 }),
    });
  });
  fc.assert(
    fc.property(chain, ({ quarries, links, deliveries, maxDepth }) => {
      const id = (n: number) => (quarries.includes(n) ? `q${n}` : `n${n}`);
      const shareLinks = links.map((l) => link(id(l.supplier), id(l.customer), l.volume));
      const shares = computeShares(
        deliveries.map((d) => ({
          importerId: id(d.importer),
          stoneType: 'GRANITE',
          massTonnes: d.mass,
          links: shareLinks,
        })),
        isQuarry,
        { maxDepth, maxPaths: 1_000_000 },
      );
      const shown = [...shares.origins, ...shares.gaps];
      const tolerance = (shown.length + 1) * 1e-12;
      const originSum = shares.origins.reduce((sum, o) => sum + o.share, 0);
      const total = shown.reduce((sum, s) => sum + s.share, 0);
      if (Math.abs(total - 1) > tolerance) throw new Error(`origins and gaps add up to ${total}`);
      if (Math.abs(shares.tracedShare - originSum) > tolerance)
        throw new Error(`traced ${shares.tracedShare}, origins ${originSum}`);
      if (shown.some((s) => !(s.share >= 0))) throw new Error('a negative share');
    }),
    { numRuns: 1_000 },
  );
  t.pass('1,000 chains');
});

/** `processors` processors all linked to each other and to the importer, each fed by a quarry of its own. */
function mesh(processors: number): ShareDelivery {
  const ids = Array.from({ length: processors }, (_, i) => `p${i}`);
  const links = ids.flatMap((p, i) => [
    link(p, 'importer'),
    link(`q${i}`, p),
    ...ids.filter((other) => other !== p).map((other) => link(p, other)),
  ]);
  return { importerId: 'importer', stoneType: 'BLUESTONE', massTonnes: 10, links };
}

/** The `extensions` of the client error `compute` throws, or null when it answers. */
function refusal(compute: () => unknown): Record<string, unknown> | null {
  try {
    compute();
  } catch (caught) {
    return (caught as { extensions?: Record<string, unknown> }).extensions ?? { message: String(caught) };
  }
  return null;
}

t.test(
  'a mesh of 30 processors, 12 hops deep, is refused with TRACE_TOO_COMPLEX instead of walking its paths',
  async (t) => {
    // Walking every simple path would take longer than the universe has: only a limit lets this return.
    const error = refusal(() => computeShares([mesh(30)], isQuarry, { maxDepth: 12, maxPaths: 5_000 }));
    t.equal(error?.code, 'TRACE_TOO_COMPLEX', 'a client error with its own code');
    t.equal(error?.limit, 5_000, 'naming the limit');
  },
);

t.test('a mesh within the limit is walked in full: shares add up to 1 and cycles are never followed', async (t) => {
  const shares = computeShares([mesh(4)], isQuarry, { maxDepth: 12, maxPaths: 5_000 });
  const total = shares.origins.reduce((sum, o) => sum + o.share, 0) + shares.gaps.reduce((sum, g) => sum + g.share, 0);
  t.ok(Math.abs(total - 1) < 1e-9, `origins and gaps add up to 1 (${total})`);
  t.same(shares.origins.map((o) => o.quarryId).sort(), ['q0', 'q1', 'q2', 'q3']);
  // From the importer to any of 4 processors; from each, to its quarry (one path) or on to one of the processors not yet on the path.
  t.equal(shares.leaves.length, 4 * (1 + 3 * (1 + 2 * (1 + 1 * 1))), 'every simple path once');
  for (const leaf of shares.leaves)
    t.equal(new Set(leaf.nodeIds).size, leaf.nodeIds.length, `${leaf.nodeIds.join('>')} visits no node twice`);
  t.equal(
    refusal(() => computeShares([mesh(4)], isQuarry, { maxDepth: 12, maxPaths: shares.leaves.length - 1 }))?.code,
    'TRACE_TOO_COMPLEX',
    'one path fewer is refused',
  );
});

t.test(
  'paths taken by several deliveries count against the limit once per delivery, and are listed once',
  async (t) => {
    const delivery = { ...mesh(2), massTonnes: 5 };
    const shares = computeShares([delivery, delivery], isQuarry, { maxDepth: 12, maxPaths: 100 });
    const single = computeShares([delivery], isQuarry, { maxDepth: 12, maxPaths: 100 });
    t.equal(shares.leaves.length, single.leaves.length, 'the same paths');
    t.same(
      shares.origins.map((o) => o.share),
      single.origins.map((o) => o.share),
      'with the same shares',
    );
    t.equal(
      refusal(() => computeShares([delivery, delivery], isQuarry, { maxDepth: 12, maxPaths: single.leaves.length }))
        ?.code,
      'TRACE_TOO_COMPLEX',
      'counted per delivery',
    );
  },
);

/**
 * The organisations downstream of a node or link, as the walk gathers them, equal what the paths
 * say: some path runs through the target and then through (or starts at) the organisation.
 */
t.test('downstream organisations are exactly those on a path at or after a node or link', async (t) => {
  const nodes = ['importer', 'p0', 'p1', 'p2', 'p3', 'q0', 'q1'];
  const arbitraryLinks = fc.uniqueArray(
    fc
      .record({ supplier: fc.constantFrom(...nodes.slice(1)), customer: fc.constantFrom(...nodes.slice(0, 5)) })
      .filter((l) => l.supplier !== l.customer),
    { selector: (l) => `${l.supplier}>${l.customer}`, maxLength: 16 },
  );
  fc.assert(
    fc.property(arbitraryLinks, fc.integer({ min: 1, max: 4 }), (links, maxDepth) => {
      const shares = computeShares(
        [
          {
            importerId: 'importer',
            stoneType: 'GRANITE',
            massTonnes: 1,
            links: links.map((l) => link(l.supplier, l.customer)),
          },
        ],
        isQuarry,
        { maxDepth, maxPaths: 10_000 },
      );
      for (const target of [...nodes, ...links.map((l) => `${l.supplier}>${l.customer}`)]) {
        for (const organisation of nodes) {
          const onSomePath = shares.leaves.some((leaf) => {
            const organisationAt = leaf.nodeIds.indexOf(organisation);
            const targetAt = Math.max(leaf.nodeIds.indexOf(target), leaf.linkIds.indexOf(target));
            return organisationAt >= 0 && targetAt >= 0 && targetAt <= organisationAt;
          });
          if ((shares.downstream.get(target)?.has(organisation) ?? false) !== onSomePath) return false;
        }
      }
      return true;
    }),
    { numRuns: 300 },
  );
  t.pass('300 random chains agree');
});
