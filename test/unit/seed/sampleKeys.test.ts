import t from 'tap';
import { readDataset } from '../../../src/seed/dataset.js';
import { graphiqlSampleToken, sampleKeyIds, sampleKeysRefusal } from '../../../src/seed/sampleKeys.js';

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

t.test('GraphiQL embeds the sample ANALYST key only on loopback', async (t) => {
  const dataset = readDataset();
  t.match(graphiqlSampleToken('127.0.0.1', dataset), /^stk_d000000000000002\./, 'the read-only key, locally');
  t.equal(graphiqlSampleToken('0.0.0.0', dataset), undefined, 'nothing beyond this machine');
  t.equal(graphiqlSampleToken('127.0.0.1', { ...dataset, apiKeys: [] }), undefined, 'nothing without sample keys');
});
