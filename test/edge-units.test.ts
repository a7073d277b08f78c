import t from 'tap';
import { RefusedKeyIds } from '../src/auth/refusedKeyIds.js';
import { loadConfig, parseTrustProxy } from '../src/config.js';
import { graphiqlSampleTokens, sampleKeyIds, sampleKeysRefusal } from '../src/seed/sampleKeys.js';
import { isLoopbackHost } from '../src/shared/loopback.js';
import { readDataset } from '../src/seed/dataset.js';

/** The pure parts of fair use and safe defaults; no database. */

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

t.test('loopback hosts', async (t) => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) t.ok(isLoopbackHost(host), host);
  for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.10', 'api.example.nl', '128.0.0.1']) t.notOk(isLoopbackHost(host), host);
});

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
  const local = graphiqlSampleTokens('127.0.0.1', dataset);
  t.same(Object.keys(local).sort(), ['ANALYST', 'MEMBER'], 'the read-only key and the importer that registers a chain, locally');
  t.match(local.ANALYST, /^stk_d000000000000002\./);
  t.match(local.MEMBER, /^stk_d000000000000003\./);
  t.same(graphiqlSampleTokens('0.0.0.0', dataset), {}, 'nothing beyond this machine');
  t.same(graphiqlSampleTokens('127.0.0.1', { ...dataset, apiKeys: [] }), {}, 'nothing without sample keys');
});

t.test('configuration: rate limits, proxy, CORS and sample data', async (t) => {
  const defaults = loadConfig({});
  t.same(defaults.edge.rateLimits, { windowMs: 60_000, perKey: 600, perAddress: 300, authFailuresPerAddress: 20 });
  t.equal(defaults.edge.unknownKeyTtlMs, 30_000);
  t.equal(defaults.edge.trustProxy, false, 'no proxy is trusted unless configured');
  t.same(defaults.edge.corsOrigins, [], 'CORS is off unless configured');
  t.equal(loadConfig({ RATE_LIMIT_PER_KEY: '50', RATE_LIMIT_WINDOW_S: '10' }).edge.rateLimits.perKey, 50);
  t.throws(() => loadConfig({ RATE_LIMIT_PER_ADDRESS: '0' }), /RATE_LIMIT_PER_ADDRESS/);

  t.same(loadConfig({ CORS_ORIGINS: 'https://a.example.nl, http://localhost:5173' }).edge.corsOrigins, ['https://a.example.nl', 'http://localhost:5173']);
  t.throws(() => loadConfig({ CORS_ORIGINS: 'https://a.example.nl/app' }), /CORS_ORIGINS: "https:\/\/a\.example\.nl\/app" is not an origin/);
  t.throws(() => loadConfig({ CORS_ORIGINS: '*' }), /CORS_ORIGINS/, 'a wildcard is not an allow-list');

  t.equal(parseTrustProxy(undefined), false);
  t.equal(parseTrustProxy('true'), true);
  t.same(parseTrustProxy('10.0.0.1, 10.1.0.0/16'), ['10.0.0.1', '10.1.0.0/16']);
  const twoHops = parseTrustProxy('2');
  t.ok(typeof twoHops === 'function' && twoHops('10.0.0.1', 1) && !twoHops('10.0.0.1', 2), 'a hop count trusts that many proxies');

  t.equal(loadConfig({}).seedOnEmpty, true, 'npm start on loopback loads the sample data');
  t.equal(loadConfig({ HOST: '0.0.0.0' }).seedOnEmpty, false, 'not when it listens beyond this machine');
  t.throws(() => loadConfig({ HOST: '0.0.0.0', SEED_ON_EMPTY: 'true' }), /SEED_ON_EMPTY: .*loopback/, 'and cannot be made to');
  t.equal(loadConfig({ NEO4J_URI: 'bolt://db:7687', SEED_ON_EMPTY: 'true' }).seedOnEmpty, true, 'a local developer may seed another Neo4j on loopback');
});
