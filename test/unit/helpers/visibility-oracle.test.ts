import t from 'tap';
import { upstream } from '../../helpers/visibility-oracle.js';

/* The fuzz test's leak check, without a database: the walk upstream that decides what a viewer may see. */

const link = (id: string, supplierId: string, customerId: string, stoneType = 'GRANITE') => ({
  id,
  supplierId,
  customerId,
  stoneType,
});

t.test('upstream: nodes within the depth limit and the links to them, of the stone type asked', async (t) => {
  // importer <- p1 <- p2 <- quarry, a marble side branch at p1, and a cycle p2 -> p1.
  const links = [
    link('l1', 'p1', 'importer'),
    link('l2', 'p2', 'p1'),
    link('l3', 'quarry', 'p2'),
    link('l4', 'marble', 'p1', 'MARBLE'),
    link('l5', 'p1', 'p2'),
    link('downstream', 'importer', 'buyer-side'),
  ];
  t.same([...upstream(links, [{ nodeId: 'importer', stoneType: null }], 3)].sort(), [
    'importer',
    'l1',
    'l2',
    'l3',
    'l4',
    'l5',
    'marble',
    'p1',
    'p2',
    'quarry',
  ]);
  t.same(
    [...upstream(links, [{ nodeId: 'importer', stoneType: 'GRANITE' }], 3)].sort(),
    ['importer', 'l1', 'l2', 'l3', 'l5', 'p1', 'p2', 'quarry'],
    'no marble',
  );
  t.same(
    [...upstream(links, [{ nodeId: 'importer', stoneType: 'GRANITE' }], 2)].sort(),
    ['importer', 'l1', 'l2', 'p1', 'p2'],
    'the quarry is 3 links away, and so is the way back to p1',
  );
  t.same([...upstream(links, [{ nodeId: 'nobody', stoneType: null }], 5)], ['nobody']);
});
