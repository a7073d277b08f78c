import t from 'tap';
import { loadConfig, parseTrustProxy } from '../../src/config.js';

t.test('configuration: defaults, and a bad variable is named', async (t) => {
  const config = loadConfig({});
  t.equal(config.port, 4000);
  t.equal(config.trace.leadTimeDays, 365);
  t.equal(config.trace.maxDepth, 12);
  t.equal(config.embeddedNeo4j.boltPort, 7687);
  t.equal(config.embeddedNeo4j.dataDir, './.data/neo4j');
  t.equal(config.seedOnEmpty, true, 'the embedded Neo4j gets the sample data');
  t.equal(loadConfig({ NEO4J_URI: 'neo4j://db:7687' }).seedOnEmpty, false, 'an external Neo4j does not');

  t.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
  t.throws(() => loadConfig({ NEO4J_URI: 'http://db:7474' }), /NEO4J_URI: must be a neo4j:\/\/ or bolt:\/\/ URI/);
  t.throws(() => loadConfig({ TRACE_MAX_DEPTH: '0' }), /TRACE_MAX_DEPTH/);
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
