import t from 'tap';
import { placeLinks } from '../../../src/registry/supplyLinkRegistration.js';

t.test('rows are placed as links: repeats collapse, overlaps with existing links reuse them', async (t) => {
  const row = (id: string, validFrom: string, validTo: string | null, stoneType = 'GRANITE') => ({
    id,
    supplierId: 'q',
    customerId: 'c',
    stoneType,
    validFrom,
    validTo,
    annualVolumeTonnes: null,
  });
  const days = Array.from({ length: 1000 }, (_, i) => {
    const day = new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10);
    return row(`d${i}`, day, day);
  });
  t.equal(placeLinks(days.reverse(), new Map()).create.length, 1000, 'one link per day, in any order');

  const placed = placeLinks(
    [
      row('late', '2025-03-01', null),
      row('early', '2025-01-01', '2025-06-30'),
      row('after', '2025-07-01', '2025-07-31'),
      row('marble', '2025-01-01', null, 'MARBLE'),
      row('old', '2010-01-01', '2010-12-31'),
      row('between', '2012-06-01', '2012-06-30'),
    ],
    new Map([
      [
        'q|c|GRANITE',
        [
          { id: 'x2', validFrom: '2009-01-01', validTo: '2010-03-01' },
          { id: 'x1', validFrom: '2009-01-01', validTo: null },
        ],
      ],
    ]),
  );
  t.same(
    placed.create.map((r) => r.id),
    ['marble'],
    'every GRANITE row overlaps the open-ended existing link x1, or a row kept before it',
  );
  t.same(
    Object.fromEntries(placed.existing),
    { old: 'x1', between: 'x1', early: 'x1', after: 'x1' },
    'the earliest overlapping existing link (validFrom, then id); "late" repeats "early"',
  );

  const gaps = placeLinks(
    [
      row('in-gap', '2011-01-01', '2011-12-31'),
      row('touching', '2010-12-31', '2010-12-31'),
      row('new', '2020-01-01', null),
    ],
    new Map([
      [
        'q|c|GRANITE',
        [
          { id: 'e1', validFrom: '2010-01-01', validTo: '2010-12-31' },
          { id: 'e2', validFrom: '2012-01-01', validTo: '2012-12-31' },
        ],
      ],
    ]),
  );
  t.same(
    gaps.create.map((r) => r.id),
    ['in-gap', 'new'],
    'rows between existing links are new links',
  );
  t.same(Object.fromEntries(gaps.existing), { touching: 'e1' });
});
