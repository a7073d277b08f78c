import t from 'tap';
import { readDataset } from '../../../src/seed/dataset.js';
import { graphiqlSampleTokens, sampleKeyIds, sampleKeysRefusal } from '../../../src/seed/sampleKeys.js';

t.test('the sample keys refuse a non-loopback HOST, and say why and how to fix it', async (t) => {
  const ids = sampleKeyIds(readDataset());
  t.equal(ids.length, 4, 'the four published keys');
  const live = [{ id: 'd000000000000001', role: 'ADMIN' }];
  t.equal(sampleKeysRefusal('127.0.0.1', live), null, 'loopback is the development set-up');
  t.equal(sampleKeysRefusal('0.0.0.0', []), null, 'no live sample key: nothing to refuse');
  const message = sampleKeysRefusal('0.0.0.0', live) ?? '';
  t.match(message, /refusing to listen on 0\.0\.0\.0/);
  t.match(message, /published in the README/, 'why');
  t.match(message, /npm run keys -- revoke d000000000000001/, 'how to fix it');
});

t.test("GraphiQL's tabs embed the sample ANALYST and MEMBER keys only on loopback", async (t) => {
  const dataset = readDataset();
  const local = graphiqlSampleTokens('127.0.0.1', dataset);
  t.same(
    Object.keys(local).sort(),
    ['ANALYST', 'MEMBER'],
    'the read-only key and the importer that registers a chain, locally',
  );
  t.match(local.ANALYST, /^stk_d000000000000002\./);
  t.match(local.MEMBER, /^stk_d000000000000003\./);
  t.same(graphiqlSampleTokens('0.0.0.0', dataset), {}, 'nothing beyond this machine');
  t.same(graphiqlSampleTokens('127.0.0.1', { ...dataset, apiKeys: [] }), {}, 'nothing without sample keys');
});
