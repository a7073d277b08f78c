import type { FastifyInstance } from 'fastify';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { loadSchemaSource } from '../../src/graphql/plugin.js';
import { parseToken } from '../../src/auth/tokens.js';
import { readDataset, seedId, type Dataset } from '../../src/seed/dataset.js';
import { loadDataset } from '../../src/seed/load.js';
import { generateDocuments, type ArgumentPools, type GeneratedDocument } from './documents.js';
import { publicIds, recordIds, visibleIds, type OracleViewer } from './visibility-oracle.js';

/**
 * Runs generated documents (see documents.ts) against the app as every role of the sample data,
 * and records what must never happen: an HTTP 5xx, a masked internal error, an error without a
 * code, an id a BUYER or MEMBER (or an anonymous caller) may not see (see visibility-oracle.ts),
 * or an out-of-range argument that an ADMIN does not get back as BAD_USER_INPUT.
 */

export interface FuzzSettings {
  seed: number;
  documents: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Replay a single document of the seed by its index. */
  only: number | null;
}

const DEFAULT_SEED = 20261201;

function integerFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(`${name} must be an integer of at least ${min}, not ${raw}`);
  return value;
}

/** FUZZ_SEED, FUZZ_DOCUMENTS (at least 2,000 by default), FUZZ_CONCURRENCY and FUZZ_ONLY (an index to replay). */
export function fuzzSettings(env: NodeJS.ProcessEnv = process.env, documents = 2000): FuzzSettings {
  const only = env.FUZZ_ONLY ? integerFromEnv(env, 'FUZZ_ONLY', 0, 0) : null;
  return {
    seed: integerFromEnv(env, 'FUZZ_SEED', DEFAULT_SEED, Number.MIN_SAFE_INTEGER),
    documents: integerFromEnv(env, 'FUZZ_DOCUMENTS', documents, 1),
    concurrency: integerFromEnv(env, 'FUZZ_CONCURRENCY', 4, 1),
    only,
  };
}

export interface Caller {
  name: string;
  token: string | null;
  /** Whose visibility the answers are checked against; null: everything is visible (ADMIN, ANALYST). */
  viewer: OracleViewer | 'anonymous' | null;
}

export type FailureKind =
  | 'invalid document'
  | 'HTTP 5xx'
  | 'unexpected HTTP status'
  | 'masked internal error'
  | 'error without a code'
  | 'id the caller may not see'
  | 'no BAD_USER_INPUT for an out-of-range argument';

export interface FuzzFailure {
  kind: FailureKind;
  index: number;
  caller: string;
  detail: string;
  document: GeneratedDocument;
}

export interface FuzzReport {
  seed: number;
  documents: number;
  requests: number;
  seconds: number;
  statuses: Record<string, number>;
  errorCodes: Record<string, number>;
  /** Per caller: answers refused before execution by a document budget (QUERY_TOO_COMPLEX and kin). */
  refusedByBudget: Record<string, number>;
  /** Answers refused with 429 (a rate limit the fuzzing app should not be under). */
  rateLimited: number;
  /** Per caller: answers whose data held at least one record id, each checked against the oracle. */
  answersWithIds: Record<string, number>;
  /** The slowest answers, slowest first: where the time of a run goes. */
  slowest: { ms: number; index: number; caller: string }[];
  oracleRefreshes: number;
  failures: FuzzFailure[];
}

/** Codes of refusals by the document budgets (cost, aliases, depth, tokens): neither pass nor failure. */
export const isBudgetRefusal = (code: string): boolean =>
  /TOO_COMPLEX|TOO_DEEP|TOO_MANY|TOO_LARGE|COST|DEPTH|ALIAS|TOKEN/.test(code);

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id inside one of the API's cursors (base64url JSON [sort key, id]), if `value` is one. */
function cursorId(value: string): string | null {
  if (!/^[A-Za-z0-9_-]{8,}$/.test(value)) return null;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return Array.isArray(decoded) && decoded.length === 2 && typeof decoded[1] === 'string' ? decoded[1] : null;
  } catch {
    return null;
  }
}

/** Every string in `value` that is a record id, or shaped like one (also inside cursors), with where it sits. */
export function idsIn(
  value: unknown,
  isId: (s: string) => boolean,
  path = '',
  found: { id: string; path: string }[] = [],
): { id: string; path: string }[] {
  if (typeof value === 'string') {
    if (isId(value) || uuidPattern.test(value)) found.push({ id: value, path });
    const inCursor = cursorId(value);
    if (inCursor !== null && (isId(inCursor) || uuidPattern.test(inCursor)))
      found.push({ id: inCursor, path: `${path} (cursor)` });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => idsIn(item, isId, `${path}[${i}]`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) idsIn(item, isId, path ? `${path}.${key}` : key, found);
  }
  return found;
}

/** What each caller may see, recomputed on demand: other tests add records to the shared database meanwhile. */
class Oracle {
  private universe = new Set<string>();
  private readonly visible = new Map<string, Set<string>>();
  private refreshing: Promise<void> | null = null;
  private refreshedAt = 0;
  /** How often the sets were worked out: once at the start, then once per burst of suspects. */
  refreshes = 0;

  constructor(
    private readonly app: FastifyInstance,
    private readonly callers: Caller[],
    private readonly maxDepth: number,
  ) {}

  refresh(): Promise<void> {
    // Suspects arriving together share one recomputation.
    if (this.refreshing && performance.now() - this.refreshedAt < 2000) return this.refreshing;
    this.refreshedAt = performance.now();
    this.refreshes += 1;
    this.refreshing = (async () => {
      this.universe = await recordIds(this.app.graph);
      for (const caller of this.callers) {
        if (caller.viewer === null) continue;
        this.visible.set(
          caller.name,
          caller.viewer === 'anonymous'
            ? await publicIds(this.app.graph)
            : await visibleIds(this.app.graph, caller.viewer, this.maxDepth),
        );
      }
    })();
    return this.refreshing;
  }

  /** Ids in `data` the caller may not see (an empty list for callers who see everything). */
  async unseeable(caller: Caller, data: unknown): Promise<{ ids: { id: string; path: string }[]; any: boolean }> {
    if (caller.viewer === null) return { ids: [], any: false };
    const outside = () => {
      const found = idsIn(data, (s) => this.universe.has(s));
      const visible = this.visible.get(caller.name) ?? new Set();
      return { found, outside: found.filter(({ id }) => !visible.has(id)) };
    };
    let { found, outside: ids } = outside();
    if (ids.length > 0) {
      await this.refresh();
      ({ found, outside: ids } = outside());
    }
    return { ids, any: found.length > 0 };
  }
}

/** The sample data's keys, one caller per role, plus an anonymous one. */
function callersOf(data: Dataset): Caller[] {
  const callers: Caller[] = [{ name: 'anonymous', token: null, viewer: 'anonymous' }];
  for (const key of data.apiKeys ?? []) {
    const keyId = parseToken(key.token)?.keyId;
    if (!keyId) throw new Error(`sample key ${key.key} has no key id`);
    const viewer: OracleViewer | null =
      (key.role === 'MEMBER' || key.role === 'BUYER') && key.organisation
        ? { role: key.role, orgId: seedId(key.organisation), keyId }
        : null;
    callers.push({ name: key.role, token: key.token, viewer });
  }
  return callers;
}

/** Argument values from the sample data: every record's id, its countries, regions and names. */
function poolsOf(data: Dataset): ArgumentPools {
  const records: { key: string }[] = [
    data.quarries,
    data.processors,
    data.importers,
    data.buyers,
    data.projects,
    data.supplyLinks,
    data.deliveries,
    data.riskAssessments ?? [],
    data.actionPlans ?? [],
    data.certificates ?? [],
  ].flat();
  const sites = [...data.quarries, ...data.processors, ...data.importers];
  // The keys' own records count three times, so lookups find something visible often enough to
  // check what comes back; the rest are records the key may or may not see.
  const organisations = new Set((data.apiKeys ?? []).flatMap((k) => (k.organisation ? [k.organisation] : [])));
  const own = [
    ...organisations,
    ...data.projects.filter((p) => organisations.has(p.buyer)).map((p) => p.key),
    ...data.deliveries.filter((d) => organisations.has(d.importer)).flatMap((d) => [d.key, d.project]),
    ...data.supplyLinks.filter((l) => organisations.has(l.customer)).flatMap((l) => [l.key, l.supplier]),
  ];
  return {
    ids: [...records.map((r) => r.key), ...own, ...own].map(seedId),
    countries: [...new Set([...sites.map((s) => s.country), 'NL', 'BE', 'nl'])],
    regions: [...new Set(data.quarries.map((q) => q.region))],
    names: [...sites, ...data.projects].map((r) => r.name),
  };
}

export interface Answer {
  statusCode: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } | null;
}

async function post(app: FastifyInstance, document: GeneratedDocument, token: string | null): Promise<Answer> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query: document.query, variables: document.variables },
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  let body: Answer['body'] = null;
  try {
    body = response.json();
  } catch {
    body = null;
  }
  return { statusCode: response.statusCode, body };
}

const count = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

const emptyReport = (seed: number, documents: number, callers: Caller[]): FuzzReport => ({
  seed,
  documents,
  requests: 0,
  seconds: 0,
  statuses: {},
  errorCodes: {},
  refusedByBudget: Object.fromEntries(callers.map((c) => [c.name, 0])),
  rateLimited: 0,
  answersWithIds: Object.fromEntries(callers.map((c) => [c.name, 0])),
  slowest: [],
  oracleRefreshes: 0,
  failures: [],
});

interface Task {
  index: number;
  caller: Caller;
}

/**
 * Every document at `indexes` as every caller, in that order; a document the schema does not
 * validate is a failure of the generator, recorded in `report` and sent to no one.
 */
export function tasksOf(
  schema: GraphQLSchema,
  all: GeneratedDocument[],
  indexes: number[],
  callers: Caller[],
  report: FuzzReport,
): Task[] {
  const tasks: Task[] = [];
  for (const index of indexes) {
    const document = all[index]!;
    const problems = validate(schema, parse(document.query));
    if (problems.length > 0) {
      report.failures.push({
        kind: 'invalid document',
        index,
        caller: '-',
        detail: problems.map((p) => p.message).join('; '),
        document,
      });
      continue;
    }
    for (const caller of callers) tasks.push({ index, caller });
  }
  return tasks;
}

/** The answer's HTTP status and error codes, and its time among the slowest. */
function tally(report: FuzzReport, { statusCode, body }: Answer, ms: number, index: number, caller: string): void {
  report.slowest.push({ ms, index, caller });
  report.slowest = report.slowest.sort((a, b) => b.ms - a.ms).slice(0, 5);
  report.requests += 1;
  count(report.statuses, String(statusCode));
  for (const error of body?.errors ?? []) count(report.errorCodes, error.extensions?.code ?? '(none)');
}

export interface Problem {
  kind: FailureKind;
  detail: string;
}

/**
 * What must never happen in an answer, the ids in it aside (see `Oracle`): a 5xx or other
 * unexpected status, a masked or uncoded error, and for an ADMIN no BAD_USER_INPUT where the
 * document has an out-of-range argument. An answer refused by a rate limit or a document budget is
 * neither pass nor failure: it says which.
 */
export function judgeAnswer(
  { statusCode, body }: Answer,
  caller: string,
  document: GeneratedDocument,
): 'rateLimited' | 'refusedByBudget' | Problem[] {
  const errors = body?.errors ?? [];
  const codes = errors.map((error) => error.extensions?.code ?? '(none)');
  if (statusCode === 429) return 'rateLimited';
  if (codes.some(isBudgetRefusal)) return 'refusedByBudget';
  const problems: Problem[] = [];
  if (statusCode >= 500)
    problems.push({ kind: 'HTTP 5xx', detail: `HTTP ${statusCode}: ${JSON.stringify(body).slice(0, 500)}` });
  else if (statusCode !== 200)
    problems.push({
      kind: 'unexpected HTTP status',
      detail: `HTTP ${statusCode}: ${JSON.stringify(body).slice(0, 500)}`,
    });
  for (const error of errors) {
    const code = error.extensions?.code;
    if (code === 'INTERNAL_SERVER_ERROR')
      problems.push({ kind: 'masked internal error', detail: JSON.stringify(error) });
    else if (code === undefined) problems.push({ kind: 'error without a code', detail: JSON.stringify(error) });
  }
  if (caller === 'ADMIN' && document.expectsBadUserInput && !codes.includes('BAD_USER_INPUT')) {
    problems.push({
      kind: 'no BAD_USER_INPUT for an out-of-range argument',
      detail: JSON.stringify(body).slice(0, 500),
    });
  }
  return problems;
}

/** Sends one document as one caller and records in `report` what the answer shows. */
async function sendAndJudge(
  app: FastifyInstance,
  oracle: Oracle,
  report: FuzzReport,
  index: number,
  document: GeneratedDocument,
  caller: Caller,
): Promise<void> {
  const sent = performance.now();
  const answer = await post(app, document, caller.token);
  tally(report, answer, Math.round(performance.now() - sent), index, caller.name);
  const verdict = judgeAnswer(answer, caller.name, document);
  if (verdict === 'refusedByBudget') return count(report.refusedByBudget, caller.name);
  if (verdict === 'rateLimited') {
    report.rateLimited += 1;
    return;
  }
  const fail = ({ kind, detail }: Problem) =>
    report.failures.push({ kind, index, caller: caller.name, detail, document });
  verdict.forEach(fail);
  const { ids, any } = await oracle.unseeable(caller, answer.body?.data);
  if (any) count(report.answersWithIds, caller.name);
  if (ids.length > 0)
    fail({ kind: 'id the caller may not see', detail: ids.map(({ id, path }) => `${id} at ${path}`).join(', ') });
}

/** Runs `work` on every item, at most `concurrency` at a time, each worker taking the next item when done. */
async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Loads the sample data (idempotent), then sends the seed's documents as every caller. */
export async function runFuzz(app: FastifyInstance, settings: FuzzSettings, maxDepth: number): Promise<FuzzReport> {
  const data = readDataset();
  await loadDataset(app.graph, data);
  const callers = callersOf(data);
  const oracle = new Oracle(app, callers, maxDepth);
  await oracle.refresh();

  const schema = buildSchema(loadSchemaSource());
  const all = generateDocuments(
    schema,
    poolsOf(data),
    settings.seed,
    Math.max(settings.documents, (settings.only ?? -1) + 1),
  );
  const indexes = settings.only === null ? all.map((_, i) => i) : [settings.only];
  const report = emptyReport(settings.seed, indexes.length, callers);
  const tasks = tasksOf(schema, all, indexes, callers, report);

  const started = performance.now();
  await inParallel(tasks, settings.concurrency, ({ index, caller }) =>
    sendAndJudge(app, oracle, report, index, all[index]!, caller),
  );
  report.seconds = (performance.now() - started) / 1000;
  report.oracleRefreshes = oracle.refreshes;
  return report;
}

/** One failure as text a developer can replay. */
export function describeFailure(report: FuzzReport, failure: FuzzFailure): string {
  return [
    `${failure.kind}: document #${failure.index} of seed ${report.seed} as ${failure.caller}: ${failure.detail}`,
    `replay: FUZZ_SEED=${report.seed} FUZZ_ONLY=${failure.index} npx tap test/fuzz.test.ts`,
    failure.document.query,
    `variables: ${JSON.stringify(failure.document.variables)}`,
  ].join('\n');
}
