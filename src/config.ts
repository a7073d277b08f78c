import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const blankAsUnset = (value: unknown): unknown => (value === '' ? undefined : value);

const EnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(4000),
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
  REPORT_MIN_COMPANIES: z.coerce.number().int().min(2).max(100).default(3),
  SEED_ON_EMPTY: z.preprocess(blankAsUnset, flag.optional()),
  // CSV import: limits of one uploaded file
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(20 * 1024 * 1024),
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
  IMPORT_MAX_RECORD_CHARS: z.coerce.number().int().min(256).max(1024 * 1024).default(4096),
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

export interface TraceSettings {
  leadTimeDays: number;
  maxDepth: number;
}

export interface ReportSettings {
  /** k: an area or country backed by fewer companies is not shown alone in the public list. */
  minCompanies: number;
}

export interface CsvImportSettings {
  /** Bytes of one uploaded file. */
  maxBytes: number;
  /** Data rows of one file (the header not counted). */
  maxRows: number;
  /** Characters of one record, all its fields together. */
  maxRecordChars: number;
}

/** What `buildApp` needs: a reachable Neo4j and the service settings. */
export interface AppConfig {
  host: string;
  port: number;
  logLevel: string;
  neo4j: Neo4jConnection;
  trace: TraceSettings;
  report: ReportSettings;
  csvImport: CsvImportSettings;
}

/** The whole environment: `neo4j.uri` is absent when the project should start its own Neo4j. */
export interface EnvConfig extends Omit<AppConfig, 'neo4j'> {
  neo4j: Omit<Neo4jConnection, 'uri'> & { uri?: string | undefined };
  embeddedNeo4j: EmbeddedNeo4jSettings;
  /** Load the sample data into an empty database: on by default only with the embedded Neo4j. */
  seedOnEmpty: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    neo4j: { uri: e.NEO4J_URI, user: e.NEO4J_USER, password: e.NEO4J_PASSWORD, database: e.NEO4J_DATABASE },
    embeddedNeo4j: {
      boltPort: e.NEO4J_BOLT_PORT,
      dataDir: e.NEO4J_DATA_DIR,
      heapMb: e.NEO4J_HEAP_MB,
      pageCacheMb: e.NEO4J_PAGECACHE_MB,
    },
    trace: { leadTimeDays: e.TRACE_LEAD_TIME_DAYS, maxDepth: e.TRACE_MAX_DEPTH },
    report: { minCompanies: e.REPORT_MIN_COMPANIES },
    csvImport: { maxBytes: e.IMPORT_MAX_BYTES, maxRows: e.IMPORT_MAX_ROWS, maxRecordChars: e.IMPORT_MAX_RECORD_CHARS },
    seedOnEmpty: e.SEED_ON_EMPTY ?? e.NEO4J_URI === undefined,
  };
}
