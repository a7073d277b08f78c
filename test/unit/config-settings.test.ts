import t from 'tap';
import { ConfigError, loadConfig } from '../../src/config.js';

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
    AUTH_UNKNOWN_KEY_TTL_S: '31',
    AUTH_KEY_CACHE_TTL_MS: '2001',
    TRUST_PROXY: '10.0.0.1, 10.0.0.2',
  }).edge;
  t.same(edge.rateLimits, { windowMs: 7000, perKey: 601, perAddress: 301, authFailuresPerAddress: 21 });
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
