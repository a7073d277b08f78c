import t from 'tap';
import { ConfigError, loadConfig, parseTrustProxy } from '../../src/config.js';

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
  t.same(defaults.edge.rateLimits, {
    windowMs: 60_000,
    perKey: 600,
    perAddress: 300,
    authFailuresPerAddress: 20,
    complaintsPerAddress: 5,
    complaintsWindowMs: 3_600_000,
  });
  t.equal(defaults.edge.unknownKeyTtlMs, 30_000);
  t.equal(defaults.edge.trustProxy, false, 'no proxy is trusted unless configured');
  t.same(defaults.edge.corsOrigins, [], 'CORS is off unless configured');
  t.equal(loadConfig({ RATE_LIMIT_PER_KEY: '50', RATE_LIMIT_WINDOW_S: '10' }).edge.rateLimits.perKey, 50);
  t.throws(() => loadConfig({ RATE_LIMIT_PER_ADDRESS: '0' }), /RATE_LIMIT_PER_ADDRESS/);

  t.same(loadConfig({ CORS_ORIGINS: 'https://a.example.nl, http://localhost:5173' }).edge.corsOrigins, [
    'https://a.example.nl',
    'http://localhost:5173',
  ]);
  t.throws(
    () => loadConfig({ CORS_ORIGINS: 'https://a.example.nl/app' }),
    /CORS_ORIGINS: "https:\/\/a\.example\.nl\/app" is not an origin/,
  );
  t.throws(() => loadConfig({ CORS_ORIGINS: '*' }), /CORS_ORIGINS/, 'a wildcard is not an allow-list');

  t.equal(parseTrustProxy(undefined), false);
  t.equal(parseTrustProxy('true'), true);
  t.same(parseTrustProxy('10.0.0.1, 10.1.0.0/16'), ['10.0.0.1', '10.1.0.0/16']);
  const twoHops = parseTrustProxy('2');
  t.ok(
    typeof twoHops === 'function' && twoHops('10.0.0.1', 1) && !twoHops('10.0.0.1', 2),
    'a hop count trusts that many proxies',
  );

  t.equal(loadConfig({}).seedOnEmpty, true, 'npm start on loopback loads the sample data');
  t.equal(loadConfig({ HOST: '0.0.0.0' }).seedOnEmpty, false, 'not when it listens beyond this machine');
  t.throws(
    () => loadConfig({ HOST: '0.0.0.0', SEED_ON_EMPTY: 'true' }),
    /SEED_ON_EMPTY: .*loopback/,
    'and cannot be made to',
  );
  t.equal(
    loadConfig({ NEO4J_URI: 'bolt://db:7687', SEED_ON_EMPTY: 'true' }).seedOnEmpty,
    true,
    'a local developer may seed another Neo4j on loopback',
  );
});

// Each group of settings is read from its own variables; a setting wired to a neighbour's variable
// would pass a test of the defaults alone, so every variable here gets a value of its own.

t.test('every GraphQL limit and per-role cost budget comes from its own variable', async (t) => {
  const graphql = loadConfig({
    GRAPHQL_MAX_TOKENS: '3001',
    GRAPHQL_MAX_ALIASES: '31',
    GRAPHQL_MAX_DEPTH: '16',
    GRAPHQL_COST_ANONYMOUS: '51',
    GRAPHQL_COST_BUYER: '201',
    GRAPHQL_COST_MEMBER: '202',
    GRAPHQL_COST_ANALYST: '501',
    GRAPHQL_COST_ADMIN: '1001',
  }).graphql;
  t.same(graphql, {
    maxTokens: 3001,
    maxAliases: 31,
    maxDepth: 16,
    costBudgets: { anonymous: 51, BUYER: 201, MEMBER: 202, ANALYST: 501, ADMIN: 1001 },
  });
});

t.test('every capacity setting comes from its own variable', async (t) => {
  const capacity = loadConfig({
    NEO4J_TX_TIMEOUT_MS: '10001',
    NEO4J_IMPORT_TIMEOUT_MS: '120001',
    NEO4J_ACQUISITION_TIMEOUT_MS: '2001',
    MAX_CONCURRENT_REQUESTS: '33',
    MAX_QUEUED_REQUESTS: '65',
    MAX_QUEUE_WAIT_MS: '1001',
    MAX_EVENT_LOOP_DELAY_MS: '1002',
    REQUEST_TIMEOUT_MS: '120002',
  }).capacity;
  t.same(capacity, {
    transactionTimeoutMs: 10001,
    importTimeoutMs: 120001,
    acquisitionTimeoutMs: 2001,
    maxConcurrentRequests: 33,
    maxQueuedRequests: 65,
    maxQueueWaitMs: 1001,
    maxEventLoopDelayMs: 1002,
    requestTimeoutMs: 120002,
  });
});

t.test('edge settings: seconds become milliseconds, the key cache is already in milliseconds', async (t) => {
  const edge = loadConfig({
    RATE_LIMIT_WINDOW_S: '7',
    RATE_LIMIT_PER_KEY: '601',
    RATE_LIMIT_PER_ADDRESS: '301',
    RATE_LIMIT_AUTH_FAILURES: '21',
    RATE_LIMIT_COMPLAINTS: '6',
    RATE_LIMIT_COMPLAINTS_WINDOW_S: '60',
    AUTH_UNKNOWN_KEY_TTL_S: '31',
    AUTH_KEY_CACHE_TTL_MS: '2001',
    TRUST_PROXY: '10.0.0.1, 10.0.0.2',
  }).edge;
  t.same(edge.rateLimits, {
    windowMs: 7000,
    perKey: 601,
    perAddress: 301,
    authFailuresPerAddress: 21,
    complaintsPerAddress: 6,
    complaintsWindowMs: 60_000,
  });
  t.equal(edge.unknownKeyTtlMs, 31_000);
  t.equal(edge.keyCacheTtlMs, 2001);
  t.same(edge.trustProxy, ['10.0.0.1', '10.0.0.2']);
});

t.test('every problem of the environment is named in one ConfigError', async (t) => {
  const error = t.throws(() => loadConfig({ PORT: 'eighty', TRACE_MAX_DEPTH: '0' }));
  t.type(error, ConfigError);
  t.match((error as Error).message, /PORT: /);
  t.match((error as Error).message, /TRACE_MAX_DEPTH: /);
});

t.test('browser sessions end after SESSION_IDLE_MINUTES without a request', async (t) => {
  t.equal(loadConfig({}).sessions.idleTimeoutMs, 30 * 60_000, 'by default after 30 minutes');
  t.equal(loadConfig({ SESSION_IDLE_MINUTES: '5' }).sessions.idleTimeoutMs, 5 * 60_000);
  t.throws(() => loadConfig({ SESSION_IDLE_MINUTES: '0' }), /SESSION_IDLE_MINUTES/);
  t.throws(() => loadConfig({ SESSION_IDLE_MINUTES: 'half an hour' }), /SESSION_IDLE_MINUTES/);
});

t.test('PUBLIC_URL, the origin of share links, is an origin or unset', async (t) => {
  t.equal(loadConfig({}).publicUrl, null, 'unset: each link takes the origin of the request that made it');
  t.equal(loadConfig({ PUBLIC_URL: 'https://stonetrace.example.nl' }).publicUrl, 'https://stonetrace.example.nl');
  t.throws(
    () => loadConfig({ PUBLIC_URL: 'https://stonetrace.example.nl/app' }),
    /PUBLIC_URL/,
    'an origin, without a path',
  );
});

t.test('webhooks: safe by default, and a lease outlasts the sending it reserves', async (t) => {
  t.match(loadConfig({}).webhooks, { allowPrivate: false, worker: true, maxPerOrganisation: 10, timeoutMs: 10_000 });
  t.match(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_MS: '20' }).webhooks, {
    allowPrivate: true,
    retryBaseMs: 20,
  });
  t.throws(() => loadConfig({ WEBHOOK_TIMEOUT_MS: '40000', WEBHOOK_LEASE_MS: '60000' }), {
    name: 'ConfigError',
    message: /WEBHOOK_LEASE_MS: must be at least twice WEBHOOK_TIMEOUT_MS/,
  });
});
