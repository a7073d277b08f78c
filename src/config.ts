import { z } from 'zod';
import { isLoopbackHost } from './shared/loopback.js';
import type { Role } from './shared/roles.js';

const port = z.coerce.number().int().min(0).max(65535);
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const blankAsUnset = (value: unknown): unknown => (value === '' ? undefined : value);

const EnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(4000),
  PUBLIC_URL: z
    .preprocess(blankAsUnset, z.string().optional())
    .refine((value) => value === undefined || isBareOrigin(value), {
      message:
        'must be the origin people reach the service at, like https://stonetrace.example.nl (scheme, host, optional port; no path)',
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NEO4J_URI: z.preprocess(
    blankAsUnset,
    z
      .string()
      .regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\/[^\s]+$/, 'must be a neo4j:// or bolt:// URI (optionally +s or +ssc)')
      .optional(),
  ),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.preprocess(blankAsUnset, z.string().min(1).optional()),
  NEO4J_BOLT_PORT: port.default(7687),
  NEO4J_DATA_DIR: z.string().min(1).default('./.data/neo4j'),
  NEO4J_HEAP_MB: z.coerce.number().int().min(256).max(16384).default(768),
  NEO4J_PAGECACHE_MB: z.coerce.number().int().min(16).max(16384).default(256),
  TRACE_LEAD_TIME_DAYS: z.coerce.number().int().min(0).max(3650).default(365),
  TRACE_MAX_DEPTH: z.coerce.number().int().min(1).max(50).default(12),
  // Trace cache: per instance, kept correct through the data version in Neo4j
  TRACE_CACHE_ENTRIES: z.coerce.number().int().min(0).max(1_000_000).default(2000),
  TRACE_CACHE_MAX_ELEMENTS: z.coerce.number().int().min(1).max(100_000_000).default(200_000),
  // Key cache: per instance; a revocation made elsewhere takes up to this long to bite
  AUTH_KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(10_000).default(2000),
  // Trace fan-out: how many paths one trace's share walk may follow
  TRACE_MAX_PATHS: z.coerce.number().int().min(1).max(10_000_000).default(5_000),
  REPORT_MIN_COMPANIES: z.coerce.number().int().min(2).max(100).default(3),
  // A new quarry this close to one its registrant sees is taken for a likely duplicate of it
  DUPLICATE_SITE_DISTANCE_M: z.coerce.number().int().min(0).max(100_000).default(500),
  SEED_ON_EMPTY: z.preprocess(blankAsUnset, flag.optional()),
  // GraphQL document limits: checked before any resolver runs
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(200).max(100_000).default(2000),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(30),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(5).max(100).default(15),
  GRAPHQL_COST_ANONYMOUS: z.coerce.number().int().min(10).max(1_000_000).default(50),
  GRAPHQL_COST_BUYER: z.coerce.number().int().min(10).max(1_000_000).default(200),
  GRAPHQL_COST_MEMBER: z.coerce.number().int().min(10).max(1_000_000).default(200),
  GRAPHQL_COST_ANALYST: z.coerce.number().int().min(10).max(1_000_000).default(500),
  GRAPHQL_COST_ADMIN: z.coerce.number().int().min(10).max(1_000_000).default(1000),
  // Fair use, browser policy and the proxy in front (src/edge/)
  RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).max(3600).default(60),
  RATE_LIMIT_PER_KEY: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(300),
  RATE_LIMIT_AUTH_FAILURES: z.coerce.number().int().min(1).default(20),
  RATE_LIMIT_COMPLAINTS: z.coerce.number().int().min(1).default(5),
  RATE_LIMIT_COMPLAINTS_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(3600),
  AUTH_UNKNOWN_KEY_TTL_S: z.coerce.number().int().min(1).max(600).default(30),
  // Browser sessions (src/auth/sessions.ts): ended after this long without a request
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  TRUST_PROXY: z.preprocess(blankAsUnset, z.string().optional()),
  CORS_ORIGINS: z.preprocess(blankAsUnset, z.string().optional()).transform((value, ctx) => {
    const origins = parseOrigins(value ?? '');
    const bad = origins.find((origin) => !isBareOrigin(origin));
    if (bad !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(bad)} is not an origin like https://portal.example.nl (scheme, host, optional port; no path)`,
      });
    }
    return origins;
  }),
  // Time limits, overload and faults
  NEO4J_TX_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  NEO4J_IMPORT_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(120_000),
  NEO4J_ACQUISITION_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(10_000).default(32),
  MAX_QUEUED_REQUESTS: z.coerce.number().int().min(0).max(100_000).default(64),
  MAX_QUEUE_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(120_000),
  // CSV import: limits of one uploaded file
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
  IMPORT_MAX_RECORD_CHARS: z.coerce
    .number()
    .int()
    .min(256)
    .max(1024 * 1024)
    .default(4096),
  // Webhooks (src/notifications/): who may be called, and how deliveries are retried
  WEBHOOK_ALLOW_PRIVATE: flag.default(false),
  WEBHOOK_WORKER: flag.default(true),
  WEBHOOK_MAX_PER_ORGANISATION: z.coerce.number().int().min(1).max(1000).default(10),
  WEBHOOK_MAX_PAYLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024)
    .default(64 * 1024),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(30_000),
  WEBHOOK_RETRY_MAX_MS: z.coerce.number().int().min(1).max(86_400_000).default(3_600_000),
  WEBHOOK_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
  WEBHOOK_LEASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
});

export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
  database?: string | undefined;
}

export interface EmbeddedNeo4jSettings {
  boltPort: number;
  dataDir: string;
  heapMb: number;
  pageCacheMb: number;
}

export interface TraceCacheSettings {
  /** Traces held at most; 0 turns the cache off. */
  maxEntries: number;
  /** Nodes and links held over all traces at most, so a few huge chains cannot fill the memory. */
  maxElements: number;
}

export interface TraceSettings {
  leadTimeDays: number;
  maxDepth: number;
  cache: TraceCacheSettings;
  /** Paths (quarry or gap to importer, per delivery) one trace may follow; beyond, TRACE_TOO_COMPLEX. */
  maxPaths: number;
}

/** How registrations are compared with the sites already registered. */
export interface RegistrySettings {
  /** A new quarry within this many metres of one its registrant sees is a likely duplicate (0: not compared by place). */
  duplicateSiteDistanceM: number;
}

export interface ReportSettings {
  /** k: an area or country backed by fewer companies is not shown alone in the public list. */
  minCompanies: number;
}

/** Per GraphQL document: refused before any resolver runs when it exceeds one of these. */
export interface GraphqlLimits {
  maxTokens: number;
  maxAliases: number;
  /** Nesting of fields; fragments add no level of their own. */
  maxDepth: number;
  /** The most a document may cost (see src/graphql/cost.ts), per role; `anonymous` without a key. */
  costBudgets: Record<Role | 'anonymous', number>;
}

/**
 * Rate limits, browser policy and the proxy in front. Counters live in each instance's memory, so
 * behind N instances a client gets up to N times each budget.
 */
export interface EdgeSettings {
  rateLimits: {
    windowMs: number;
    /** Requests per window per API key, wherever they come from. */
    perKey: number;
    /** Requests per window per address without a key. */
    perAddress: number;
    /** Refused tokens per window per address; beyond it they are answered 429 instead of 401. */
    authFailuresPerAddress: number;
    /** Complaints filed per address per `complaintsWindowMs`, by the API and the form together. */
    complaintsPerAddress: number;
    complaintsWindowMs: number;
  };
  /** How long a key id found not to exist (or revoked) is refused without asking Neo4j. */
  unknownKeyTtlMs: number;
  /** How long a valid key is trusted without asking Neo4j again: the delay before a revocation bites (0 = ask every time). */
  keyCacheTtlMs: number;
  /** Fastify's `trustProxy`: false, true, the proxies' addresses, or which hops to trust. */
  trustProxy: boolean | string[] | ((address: string, hop: number) => boolean);
  /** Origins whose pages may call the API from a browser; empty: CORS is off. */
  corsOrigins: string[];
}

/** Browser sessions: kept in Neo4j, so every instance serves every session. */
export interface SessionSettings {
  /** A session not used for this long is over. */
  idleTimeoutMs: number;
}

/** How long Neo4j work may take, and how much of it one instance takes on at once. */
export interface CapacitySettings {
  /** Server-side time limit of every read and write transaction (the client gives up shortly after). */
  transactionTimeoutMs: number;
  /** The same for a CSV import's one transaction. */
  importTimeoutMs: number;
  /** Longest wait for a pooled Neo4j connection. */
  acquisitionTimeoutMs: number;
  /** Requests served at once; health checks are not counted. */
  maxConcurrentRequests: number;
  /** Requests waiting for a free slot; beyond this they are refused at once. */
  maxQueuedRequests: number;
  /** Longest wait in that queue before a 503. */
  maxQueueWaitMs: number;
  /** Event-loop delay beyond which requests are refused (0 = not checked). */
  maxEventLoopDelayMs: number;
  /** Longest time a client may take to send a whole request, body included; then its socket is closed. */
  requestTimeoutMs: number;
}

/** Limits of one uploaded CSV file. */
export interface CsvImportSettings {
  /** Bytes of one uploaded file. */
  maxBytes: number;
  /** Data rows of one file (the header not counted). */
  maxRows: number;
  /** Characters of one record, all its fields together. */
  maxRecordChars: number;
}

/**
 * Webhooks: which addresses may be called, the limits of a delivery, and its retries. Every
 * instance runs a delivery worker (unless `worker` is false); they share the work through leases
 * written in Neo4j (src/notifications/deliveries.ts).
 */
export interface WebhookSettings {
  /** Allow http:// and private, loopback and link-local addresses: for development and tests only. */
  allowPrivate: boolean;
  /** Whether this instance sends deliveries (events are written to the outbox either way). */
  worker: boolean;
  /** Webhooks one organisation may have at once. */
  maxPerOrganisation: number;
  /** A request body larger than this is sent without its `data` (`truncated: true`); the feed has it whole. */
  maxPayloadBytes: number;
  /** Longest wait for a receiver's answer, connecting included; then the attempt counts as failed. */
  timeoutMs: number;
  /** Attempts per delivery; after the last failed one it is FAILED and not tried again. */
  maxAttempts: number;
  /** The wait after the first failed attempt, doubled after each further one (with jitter) ... */
  retryBaseMs: number;
  /** ... up to this. */
  retryMaxMs: number;
  /** How often an idle worker looks for due deliveries. */
  pollIntervalMs: number;
  /** How long a claimed delivery is reserved for the instance that claimed it; after, another may send it. */
  leaseMs: number;
}

/** What `buildApp` needs: a reachable Neo4j and the service settings. */
export interface AppConfig {
  host: string;
  port: number;
  /** Where people reach the service (links handed out are built on it); null: taken from each request. */
  publicUrl: string | null;
  logLevel: string;
  neo4j: Neo4jConnection;
  trace: TraceSettings;
  registry: RegistrySettings;
  report: ReportSettings;
  graphql: GraphqlLimits;
  edge: EdgeSettings;
  sessions: SessionSettings;
  capacity: CapacitySettings;
  csvImport: CsvImportSettings;
  webhooks: WebhookSettings;
}

/** The whole environment: `neo4j.uri` is absent when the project should start its own Neo4j. */
export interface EnvConfig extends Omit<AppConfig, 'neo4j'> {
  neo4j: Omit<Neo4jConnection, 'uri'> & { uri?: string | undefined };
  embeddedNeo4j: EmbeddedNeo4jSettings;
  /**
   * Load the sample data (with its published keys) into an empty database: on by default with the
   * embedded Neo4j, and never allowed on a HOST other machines can reach.
   */
  seedOnEmpty: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** `TRUST_PROXY`: unset or false, true (any proxy), a hop count, or a comma-separated list of proxy addresses or CIDRs. */
export function parseTrustProxy(value: string | undefined): EdgeSettings['trustProxy'] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value
    .split(',')
    .map((address) => address.trim())
    .filter(Boolean);
}

/** `CORS_ORIGINS`: comma-separated origins such as https://portal.example.nl. */
const parseOrigins = (value: string): string[] =>
  value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);

const isBareOrigin = (origin: string): boolean => {
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  return /^https?:$/.test(url.protocol) && url.origin === origin;
};

type Env = z.infer<typeof EnvSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  const e = parseEnv(env);
  return {
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL ?? null,
    logLevel: e.LOG_LEVEL,
    neo4j: { uri: e.NEO4J_URI, user: e.NEO4J_USER, password: e.NEO4J_PASSWORD, database: e.NEO4J_DATABASE },
    embeddedNeo4j: {
      boltPort: e.NEO4J_BOLT_PORT,
      dataDir: e.NEO4J_DATA_DIR,
      heapMb: e.NEO4J_HEAP_MB,
      pageCacheMb: e.NEO4J_PAGECACHE_MB,
    },
    trace: {
      leadTimeDays: e.TRACE_LEAD_TIME_DAYS,
      maxDepth: e.TRACE_MAX_DEPTH,
      maxPaths: e.TRACE_MAX_PATHS,
      cache: { maxEntries: e.TRACE_CACHE_ENTRIES, maxElements: e.TRACE_CACHE_MAX_ELEMENTS },
    },
    registry: { duplicateSiteDistanceM: e.DUPLICATE_SITE_DISTANCE_M },
    report: { minCompanies: e.REPORT_MIN_COMPANIES },
    graphql: graphqlLimits(e),
    edge: edgeSettings(e),
    sessions: { idleTimeoutMs: e.SESSION_IDLE_MINUTES * 60_000 },
    seedOnEmpty: e.SEED_ON_EMPTY ?? (e.NEO4J_URI === undefined && isLoopbackHost(e.HOST)),
    capacity: capacitySettings(e),
    csvImport: { maxBytes: e.IMPORT_MAX_BYTES, maxRows: e.IMPORT_MAX_ROWS, maxRecordChars: e.IMPORT_MAX_RECORD_CHARS },
    webhooks: webhookSettings(e),
  };
}

/** The environment checked variable by variable, then as a whole; every problem is named in one ConfigError. */
function parseEnv(env: NodeJS.ProcessEnv): Env {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  if (e.WEBHOOK_LEASE_MS < 2 * e.WEBHOOK_TIMEOUT_MS) {
    throw new ConfigError(
      `invalid configuration:\n  WEBHOOK_LEASE_MS: must be at least twice WEBHOOK_TIMEOUT_MS (${e.WEBHOOK_TIMEOUT_MS} ms), so a delivery is sent before its lease runs out`,
    );
  }
  if (e.SEED_ON_EMPTY && !isLoopbackHost(e.HOST)) {
    throw new ConfigError(
      `invalid configuration:\n  SEED_ON_EMPTY: the sample data's API keys are published, so it is loaded only when HOST is loopback (HOST is ${e.HOST})`,
    );
  }
  return e;
}

function graphqlLimits(e: Env): GraphqlLimits {
  return {
    maxTokens: e.GRAPHQL_MAX_TOKENS,
    maxAliases: e.GRAPHQL_MAX_ALIASES,
    maxDepth: e.GRAPHQL_MAX_DEPTH,
    costBudgets: {
      anonymous: e.GRAPHQL_COST_ANONYMOUS,
      BUYER: e.GRAPHQL_COST_BUYER,
      MEMBER: e.GRAPHQL_COST_MEMBER,
      ANALYST: e.GRAPHQL_COST_ANALYST,
      ADMIN: e.GRAPHQL_COST_ADMIN,
    },
  };
}

function edgeSettings(e: Env): EdgeSettings {
  return {
    rateLimits: {
      windowMs: e.RATE_LIMIT_WINDOW_S * 1000,
      perKey: e.RATE_LIMIT_PER_KEY,
      perAddress: e.RATE_LIMIT_PER_ADDRESS,
      authFailuresPerAddress: e.RATE_LIMIT_AUTH_FAILURES,
      complaintsPerAddress: e.RATE_LIMIT_COMPLAINTS,
      complaintsWindowMs: e.RATE_LIMIT_COMPLAINTS_WINDOW_S * 1000,
    },
    unknownKeyTtlMs: e.AUTH_UNKNOWN_KEY_TTL_S * 1000,
    keyCacheTtlMs: e.AUTH_KEY_CACHE_TTL_MS,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    corsOrigins: e.CORS_ORIGINS,
  };
}

function capacitySettings(e: Env): CapacitySettings {
  return {
    transactionTimeoutMs: e.NEO4J_TX_TIMEOUT_MS,
    importTimeoutMs: e.NEO4J_IMPORT_TIMEOUT_MS,
    acquisitionTimeoutMs: e.NEO4J_ACQUISITION_TIMEOUT_MS,
    maxConcurrentRequests: e.MAX_CONCURRENT_REQUESTS,
    maxQueuedRequests: e.MAX_QUEUED_REQUESTS,
    maxQueueWaitMs: e.MAX_QUEUE_WAIT_MS,
    maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
  };
}

function webhookSettings(e: Env): WebhookSettings {
  return {
    allowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    worker: e.WEBHOOK_WORKER,
    maxPerOrganisation: e.WEBHOOK_MAX_PER_ORGANISATION,
    maxPayloadBytes: e.WEBHOOK_MAX_PAYLOAD_BYTES,
    timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
    retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
    retryMaxMs: e.WEBHOOK_RETRY_MAX_MS,
    pollIntervalMs: e.WEBHOOK_POLL_INTERVAL_MS,
    leaseMs: e.WEBHOOK_LEASE_MS,
  };
}
