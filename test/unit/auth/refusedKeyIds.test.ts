import t from 'tap';
import { RefusedKeyIds } from '../../../src/auth/refusedKeyIds.js';

t.test('refused key ids are remembered for the time limit, and at most `capacity` of them', async (t) => {
  let now = 0;
  const refused = new RefusedKeyIds(1_000, 3, () => now);
  refused.remember('a', 'unknown');
  refused.remember('b', 'revoked');
  t.equal(refused.get('a'), 'unknown');
  t.equal(refused.get('b'), 'revoked', 'with the reason');
  now = 999;
  t.equal(refused.get('a'), 'unknown', 'until the time limit');
  now = 1_000;
  t.equal(refused.get('a'), undefined, 'forgotten at the time limit');
  refused.remember('c', 'unknown');
  refused.remember('d', 'unknown');
  refused.remember('e', 'unknown');
  t.equal(refused.size, 3, 'never more than the capacity');
  t.equal(refused.get('b'), undefined, 'the oldest went first');
  t.equal(refused.get('e'), 'unknown');
  refused.remember('c', 'unknown');
  refused.remember('f', 'unknown');
  t.equal(refused.get('c'), 'unknown', 'remembering again makes an id the newest');
  t.equal(refused.get('d'), undefined);
});
