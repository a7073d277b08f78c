import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { freePort, startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../neo4j/embedded.js';
import { buildApp } from '../../src/app.js';
import { benchFairUseRefusals } from './fairUse.js';
import { benchFanout } from './fanout.js';
import { benchFuzz } from './fuzz.js';
import { benchImport, benchImportScaling } from './importThroughput.js';
import { benchRefusals } from './refusals.js';
import { benchPeer } from './peer.js';
import { issueRoleKeys, benchRoleLatency } from './roles.js';
import { benchShedding } from './shedding.js';
import { benchColdStart } from './coldStart.js';
import { benchProjectListTraces } from './lists.js';
import { measureEventLoopDelay, PhaseResources } from './resources.js';
import { benchWrites } from './writes.js';
import { benchScaleComparison } from './scale.js';
import { loadConfig, type AppConfig } from '../../src/config.js';
import { cypher, Graph, type CypherQuery } from '../../src/db/graph.js';
import { migrate } from '../../src/db/migrations.js';
import { KeyStore } from '../../src/auth/keys.js';
import type { Role, Viewer } from '../../src/auth/viewer.js';
import { traceRows, type TracePartRow, type TraceRow } from '../../src/trace/query.js';
import { traceEvidencePart } from '../../src/risk/traceEvidence.js';
import { TraceService } from '../../src/trace/service.js';
import { CpuMeter, findChildPid, machineBusySeconds, type CpuSnapshot } from './cpu.js';
import { benchCounts, generateBenchGraph, type GeneratedCounts } from './generate.js';
import { driverRead } from './driverRead.js';
import { postTrace, type ApiRequest } from './http.js';
import type { LoadReport, LoadTask } from './load.js';
import { mean, ms, percentile, Prng, ratio, seconds, summarize, table, type Summary } from './stats.js';

/**
 * `npm run bench`: generates a large synthetic supply-chain graph (see generate.ts) in a throwaway
 * embedded Neo4j (or the one at NEO4J_URI), then measures the trace of a fixed sample of projects
 *   1. through the driver only: the very reads TraceService makes for that trace (the trace's
 *      Cypher, `traceQuery`, with the same parameters), recorded once and replayed with the driver's executeQuery,
 *   2. through TraceService in-process (Cypher plus share computation, no HTTP or GraphQL),
 *   3. through the API over HTTP, one request at a time (like with like against 1 and 2),
 *      1 to 3 taking turns per project, so caches and background noise hit them alike,
 *   4. through the API under load (autocannon, several connections, in a child process),
 *   5. a buyer's dueDiligence through the API, one request at a time (the trace with its risks),
 * before them the API beside the Cypher it sends, per role (ADMIN, BUYER, MEMBER), for an origins-only
 * trace and for dueDiligence, with the trace cache on and off (roles.ts), and stonetrace against a
 * peer built with @neo4j/graphql and Apollo Server at 1, 4 and 16 connections (peer.ts),
 * and prints latency percentiles, requests/s and the API's overhead as ratios to the driver.
 *
 * Knobs (environment): BENCH_SCALE (1 = 2,000 quarries, 5,000 processors, 1,000 importers,
 * 10,000 projects, 50,000 links), BENCH_DURATION_S (load phase, 15), BENCH_CONNECTIONS (4),
 * BENCH_SAMPLE (projects measured, 200), BENCH_ROUNDS (sequential rounds over the sample, 2),
 * BENCH_ROLE (the API key the traces run as: ANALYST, ADMIN, or BUYER = each project's own buyer),
 * BENCH_SEED (1), BENCH_KEEP_DATA (external Neo4j only: keep the records), plus TRACE_MAX_DEPTH and
 * TRACE_LEAD_TIME_DAYS as for the service. Only loopback traffic.
 *
 * At the end: the latency of a page of projects with their traces (`lists`), writes through the
 * API beside the same write transactions through the driver (`writes.ts`), a cold start (a fresh
 * app against emptied plan caches, `coldStart.ts`), the event-loop delay under load, and CPU and
 * memory of the API and of Neo4j per phase. BENCH_ONLY=peer,fanout,fuzz,lists,writes,coldstart (any
 * of them) runs only those after generating the graph (`peer`: the per-role and @neo4j/graphql comparisons).
 *
 * BENCH_MODE=scale (BENCH_SCALE at most 1): measures the sample's traces (driver and API p50) on
 * the graph of BENCH_SCALE, grows it BENCH_SCALE_FACTOR times (5) with parts that do not touch the
 * sampled chains (see generateBenchGraph), measures again, checks every sampled trace's shares are
 * unchanged, and prints the ratios; nothing else runs. BENCH_SCALE above 1 must be a whole number
 * (that many disjoint parts of scale 1, part 0 being the scale-1 graph: the same sample at every scale).
 */

function numberFromEnv(name: string, fallback: number, check: (v: number) => boolean): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || !check(value)) throw new Error(`invalid ${name}=${raw}`);
  return value;
}

const SCALE = numberFromEnv('BENCH_SCALE', 1, (v) => v > 0 && v <= 10);
const DURATION_S = numberFromEnv('BENCH_DURATION_S', 15, (v) => v >= 1 && v <= 300);
const CONNECTIONS = numberFromEnv('BENCH_CONNECTIONS', 4, (v) => Number.isInteger(v) && v >= 1 && v <= 64);
const SAMPLE_SIZE = numberFromEnv('BENCH_SAMPLE', 200, (v) => Number.isInteger(v) && v >= 1);
const SEED = numberFromEnv('BENCH_SEED', 1, (v) => Number.isInteger(v));
const ROLE = roleFromEnv();
const ROUNDS = numberFromEnv('BENCH_ROUNDS', 2, (v) => Number.isInteger(v) && v >= 1 && v <= 20);
const SCALE_COMPARE = process.env.BENCH_MODE === 'scale';
const SCALE_FACTOR = numberFromEnv('BENCH_SCALE_FACTOR', 5, (v) => Number.isInteger(v) && v >= 2 && v <= 10);
const BENCH_ONLY = process.env.BENCH_ONLY
  ? new Set(process.env.BENCH_ONLY.split(',').map((name) => name.trim().toLowerCase()))
  : null;
const ONLY_PHASES = ['peer', 'fanout', 'fuzz', 'lists', 'writes', 'coldstart'];
for (const name of BENCH_ONLY ?? [])
  if (!ONLY_PHASES.includes(name)) throw new Error(`invalid BENCH_ONLY phase ${name} (${ONLY_PHASES.join(', ')})`);
const NEO4J_HEAP_MB = 1500;
const NEO4J_PAGECACHE_MB = 512;
const API_WARMUP_REQUESTS = 50;
const KEY_NOTE = 'stonetrace-bench';
/** The name of the trace's Cypher (`traceQuery`), whose rows describe the traced sub-graph. */
const TRACE_QUERY_NAME = 'project_trace';

const TRACE_GRAPHQL = `query Trace($id: ID!) {
  trace(projectId: $id) {
    project { id name city buyer { name } }
    tracedShare
    origins {
      share
      quarry { id name country region location { lat lon } }
      paths { nodes { __typename id name country } links { id stoneType annualVolumeTonnes } }
    }
    gaps { share stoneType node { __typename id name country } }
  }
}`;

/** A buyer's due-diligence answers: the trace read with its risk evidence, risks per theme, measures. */
const DUE_DILIGENCE_GRAPHQL = `query DueDiligence($id: ID!) {
  dueDiligence(projectId: $id) {
    dataVersion
    origins { tracedShare countries { country share } areas { country region share } }
    risks { theme highestResidualLevel share locations { node { id } link { id } } evidence { id source } }
    gaps { share node { id } }
    measures { actionPlans { id status dueDate } certificates { id status daysToExpiry } }
  }
}`;

function roleFromEnv(): Extract<Role, 'ANALYST' | 'ADMIN' | 'BUYER'> {
  const raw = (process.env.BENCH_ROLE || 'ANALYST').toUpperCase();
  if (raw === 'ANALYST' || raw === 'ADMIN' || raw === 'BUYER') return raw;
  throw new Error(`invalid BENCH_ROLE=${raw} (ANALYST, ADMIN or BUYER)`);
}

const phaseTimes: [string, number][] = [];
const phaseResources = new PhaseResources();
async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const usage = phaseResources.begin();
  console.log(`\n== ${name}`);
  try {
    return await work();
  } finally {
    phaseResources.end(name, usage);
    phaseTimes.push([name, (performance.now() - start) / 1000]);
    console.log(`   (${name}: ${seconds(start)})`);
  }
}

/** Deletes the benchmark's records (ids `bench-...`, API keys noted as such) in batches: only used against an external Neo4j. */
async function deleteBenchData(graph: Graph): Promise<void> {
  await graph.write(
    cypher<Record<string, never>, never>(
      'bench_delete_keys',
      `MATCH (key:ApiKey {note: '${KEY_NOTE}'}) DETACH DELETE key`,
    ),
    {},
  );
  for (const label of ['Delivery', 'SupplyLink', 'Project', 'Buyer', 'ChainNode']) {
    const remove = cypher<Record<string, never>, { deleted: number }>(
      `bench_delete_${label.toLowerCase()}`,
      `MATCH (n:${label}) WHERE n.id STARTS WITH 'bench-' WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted`,
    );
    for (;;) {
      const [row] = await graph.write(remove, {});
      if (!row || row.deleted === 0) break;
    }
  }
}

interface RecordedRead {
  query: CypherQuery<object, unknown>;
  params: object;
}

/** The graph, except that every `read` is reported first (TraceService's reads, to replay them bare). */
function recordingGraph(graph: Graph, onRead: (read: RecordedRead) => void): Graph {
  return new Proxy(graph, {
    get(target, property) {
      if (property === 'read') {
        return (query: CypherQuery<object, unknown>, params: object) => {
          onRead({ query, params });
          return target.read(query, params);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

interface PlanNode {
  operatorType: string;
  rows?: number;
  dbHits?: number;
  pageCacheMisses?: number;
  time?: number;
  arguments?: Record<string, unknown>;
  children?: PlanNode[];
}

/** Runs one recorded read under PROFILE and renders its plan: operator, rows, db hits, details. */
async function profileRead(graph: Graph, database: string | undefined, read: RecordedRead): Promise<string> {
  // Twice: the first run of a new query text (PROFILE makes it one) includes planning it.
  await graph.driver.executeQuery(`PROFILE ${read.query.text}`, read.params, { database, routing: 'READ' });
  const t0 = performance.now();
  const { summary } = await graph.driver.executeQuery(`PROFILE ${read.query.text}`, read.params, {
    database,
    routing: 'READ',
  });
  const elapsed = performance.now() - t0;
  const plan = summary.profile as unknown as PlanNode | false;
  if (!plan) return '   (no profile returned)';
  const lines: string[] = [];
  let totalHits = 0;
  const walk = (node: PlanNode, depth: number): void => {
    totalHits += Number(node.dbHits ?? 0);
    const details = String((node.arguments?.Details as string | undefined) ?? '').replace(/\s+/g, ' ');
    lines.push(
      `   ${'  '.repeat(depth)}${node.operatorType.replace(/@.*$/, '')}  rows=${Number(node.rows ?? 0)} hits=${Number(node.dbHits ?? 0)}` +
        (details ? `  ${details.length > 140 ? `${details.slice(0, 137)}...` : details}` : ''),
    );
    for (const child of node.children ?? []) walk(child, depth + 1);
  };
  walk(plan, 0);
  const seeksLinks = lines.some((line) => /NodeIndexSeek .*SupplyLink/.test(line));
  if (seeksLinks) {
    lines.push(
      '   WARNING: this plan seeks SupplyLink through an index inside the traversal (every link of the stone type, at each hop)',
      '            instead of expanding from the importer: a plan chosen from index statistics, orders of magnitude more db hits',
    );
  }
  const runtime = String(
    (plan.arguments?.runtime as string | undefined) ?? (plan.arguments?.['runtime-impl'] as string | undefined) ?? '?',
  );
  return `   PROFILE ${elapsed.toFixed(1)} ms (with profiling overhead), runtime ${runtime}, ${totalHits} db hits\n${lines.join('\n')}`;
}

interface DriverSample {
  projectId: string;
  ms: number;
  deliveries: number;
  /** Link rows returned (per delivery, summed). */
  linkRows: number;
  /** Distinct links over all deliveries. */
  links: number;
  suppliers: number;
}

function describeRow(projectId: string, elapsed: number, row: TraceRow | undefined): DriverSample {
  if (!row?.deliveries) return { projectId, ms: elapsed, deliveries: 0, linkRows: 0, links: 0, suppliers: 0 };
  const linkIds = new Set<string>();
  let linkRows = 0;
  for (const delivery of row.deliveries) {
    linkRows += delivery.links.length;
    for (const { link } of delivery.links) linkIds.add(String(link.properties.id));
  }
  const suppliers = new Set(row.suppliers.map((node) => String(node.properties.id)));
  return {
    projectId,
    ms: elapsed,
    deliveries: row.deliveries.length,
    linkRows,
    links: linkIds.size,
    suppliers: suppliers.size,
  };
}

interface ServiceSample {
  projectId: string;
  ms: number;
  origins: number;
  paths: number;
  gaps: number;
  tracedShare: number;
  /** Links on the longest origin path. */
  maxHops: number;
}

interface ApiSample {
  projectId: string;
  ms: number;
  bytes: number;
}

function checkApiResponse(projectId: string, status: number, text: string): string | null {
  if (status !== 200) return `HTTP ${status} for ${projectId}: ${text.slice(0, 300)}`;
  const parsed = JSON.parse(text) as { data?: { trace?: unknown } | null; errors?: unknown[] };
  if (parsed.errors?.length) return `GraphQL errors for ${projectId}: ${JSON.stringify(parsed.errors).slice(0, 300)}`;
  if (!parsed.data?.trace) return `no trace for ${projectId}: ${text.slice(0, 300)}`;
  return null;
}

function runLoadInChild(task: LoadTask, children: Set<ChildProcess>): Promise<LoadReport> {
  // The flag must match LOAD_CHILD_FLAG in load.ts (not imported: importing load.ts would run it here).
  const child = fork(fileURLToPath(new URL('./load.ts', import.meta.url)), ['--stonetrace-bench-load'], {
    stdio: 'inherit',
  });
  children.add(child);
  return new Promise<LoadReport>((resolve, reject) => {
    let settled = false;
    child.once('message', (message: { ok: true; report: LoadReport } | { ok: false; error: string }) => {
      settled = true;
      if (message.ok) resolve(message.report);
      else reject(new Error(`load generator failed: ${message.error}`));
    });
    child.once('exit', (code, signal) => {
      children.delete(child);
      if (!settled) reject(new Error(`load generator exited (${signal ?? code}) without a report`));
    });
    child.once('error', reject);
    child.send(task);
  });
}

function summaryRow(label: string, s: Summary): string[] {
  return [label, String(s.count), ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max), ms(s.mean)];
}

/**
 * Cores' worth of CPU that processes other than the benchmark's own (this one, Neo4j, and the load
 * generator, whose CPU seconds `stop` takes) used meanwhile: other work on the machine skews the figures.
 */
function otherCpuMeter(cpu: CpuMeter): { stop(extraOwnSeconds: number): number } {
  const machine0 = machineBusySeconds();
  const own0 = cpu.snapshot();
  const wall0 = performance.now();
  return {
    stop(extraOwnSeconds) {
      const own = cpu.since(own0);
      const wall = (performance.now() - wall0) / 1000;
      return (machineBusySeconds() - machine0 - own.node - own.neo4j - extraOwnSeconds) / wall;
    },
  };
}

function zeroCpu(): CpuSnapshot {
  return { node: 0, neo4j: 0 };
}

function addCpu(total: CpuSnapshot, part: CpuSnapshot): void {
  total.node += part.node;
  total.neo4j += part.neo4j;
}

// ---------------------------------------------------------------------------------------------

/** Runs the whole benchmark; resolves to the exit code (1 when a request failed). */
export async function runBench(): Promise<number> {
  const started = performance.now();
  let sequentialCpu = { driver: zeroCpu(), service: zeroCpu(), api: zeroCpu(), auth: zeroCpu() };
  const otherCores = { sequential: Number.NaN, load: Number.NaN };
  const env = loadConfig();
  const children = new Set<ChildProcess>();
  let neo4j: EmbeddedNeo4j | undefined;
  let dataDir: string | undefined;
  let graph: Graph | undefined;
  let app: FastifyInstance | undefined;
  let exitCode = 0;

  let cleaning: Promise<void> | undefined;
  function cleanup(): Promise<void> {
    cleaning ??= (async () => {
      for (const child of children) child.kill('SIGTERM');
      await app?.close().catch((error: unknown) => console.error('closing the app:', error));
      if (graph && env.neo4j.uri && !process.env.BENCH_KEEP_DATA) {
        console.log('deleting the benchmark records from the external Neo4j...');
        await deleteBenchData(graph).catch((error: unknown) => console.error('deleting benchmark data:', error));
      }
      await graph?.close().catch((error: unknown) => console.error('closing the driver:', error));
      await neo4j?.stop().catch((error: unknown) => console.error('stopping Neo4j:', error));
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    })();
    return cleaning;
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping...`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    const target = benchCounts(SCALE);
    console.log(
      `stonetrace benchmark: scale ${SCALE} (${target.quarries} quarries, ${target.processors} processors, ${target.importers} importers, ` +
        `${target.projects} projects, ~${target.links} links), seed ${SEED}, sample ${SAMPLE_SIZE} x ${ROUNDS} rounds as ${ROLE}, ` +
        `load ${DURATION_S} s x ${CONNECTIONS} connections, trace depth ${env.trace.maxDepth}, lead time ${env.trace.leadTimeDays} d; ` +
        `${availableParallelism()} cores, load average ${loadavg()
          .map((v) => v.toFixed(1))
          .join(' ')}`,
    );

    const uri = await phase('start Neo4j', async () => {
      if (env.neo4j.uri) {
        console.log(
          `   using NEO4J_URI=${env.neo4j.uri}: records with ids bench-... are written there and deleted at the end`,
        );
        return env.neo4j.uri;
      }
      dataDir = mkdtempSync(join(tmpdir(), 'stonetrace-bench-neo4j-'));
      const boltPort = await freePort();
      neo4j = await startEmbeddedNeo4j({
        boltPort,
        dataDir,
        heapMb: NEO4J_HEAP_MB,
        pageCacheMb: NEO4J_PAGECACHE_MB,
        log: console.log,
      });
      console.log(
        `   embedded Neo4j at ${neo4j.uri} (heap ${NEO4J_HEAP_MB} MB, page cache ${NEO4J_PAGECACHE_MB} MB, data in ${dataDir})`,
      );
      return neo4j.uri;
    });

    const cpu = new CpuMeter(neo4j ? findChildPid('org.stonetrace.neo4j.Launcher') : undefined);
    phaseResources.watchNeo4j(cpu);

    const config: AppConfig = {
      host: '127.0.0.1',
      port: 0,
      publicUrl: null,
      logLevel: 'silent',
      neo4j: { ...env.neo4j, uri, ...(neo4j ? { user: neo4j.user, password: neo4j.password } : {}) },
      trace: env.trace,
      registry: env.registry,
      report: env.report,
      graphql: env.graphql,
      // The load test sends thousands of requests with one key, the refusal and fuzz phases thousands
      // without one, all from loopback: fair use is not what they measure (its own phase does).
      edge: {
        ...env.edge,
        rateLimits: { ...env.edge.rateLimits, perKey: Number.MAX_SAFE_INTEGER, perAddress: Number.MAX_SAFE_INTEGER },
      },
      sessions: env.sessions,
      capacity: env.capacity,
      csvImport: env.csvImport,
      // The worker's poll of the outbox, once a second, would land among the reads a request is timed by.
      webhooks: { ...env.webhooks, worker: false },
    };
    // Generating and deleting the graph are bulk loads: they get the import's time limit.
    const benchGraph = Graph.connect(config.neo4j, {
      ...config.capacity,
      transactionTimeoutMs: config.capacity.importTimeoutMs,
    });
    graph = benchGraph;

    await phase('migrate', async () => {
      await migrate(benchGraph);
      if (env.neo4j.uri) await deleteBenchData(benchGraph);
    });

    const generated = await phase('generate graph', () =>
      generateBenchGraph(benchGraph, { scale: SCALE, seed: SEED, log: (line) => console.log(`   ${line}`) }),
    );
    printCounts(generated.counts);

    const sample = new Prng(SEED ^ 0x5eed).sample(generated.projectIds, SAMPLE_SIZE);
    const service = new TraceService(benchGraph, config.trace, traceEvidencePart);
    const keys = new KeyStore(benchGraph);

    // The caller of each trace: one ANALYST or ADMIN key for all, or each project's own BUYER key.
    const callers = await phase(`issue API keys (${ROLE})`, async () => {
      const byOrg = new Map<string, { viewer: Viewer; token: string }>();
      const callerOf = new Map<string, { viewer: Viewer; token: string }>();
      for (const id of sample) {
        const orgId = ROLE === 'BUYER' ? (generated.buyerOfProject.get(id) ?? null) : null;
        let caller = byOrg.get(orgId ?? '');
        if (!caller) {
          const { keyId, token } = await keys.issue(ROLE, orgId, KEY_NOTE);
          caller = { viewer: { keyId, role: ROLE, orgId }, token };
          byOrg.set(orgId ?? '', caller);
        }
        callerOf.set(id, caller);
      }
      console.log(`   ${byOrg.size} key(s)`);
      return callerOf;
    });
    const callerOf = (projectId: string): { viewer: Viewer; token: string } => {
      const caller = callers.get(projectId);
      if (!caller) throw new Error(`no caller for ${projectId}`);
      return caller;
    };

    // What TraceService reads for each trace, recorded once: the driver-only figure replays exactly that.
    const serviceReads = await phase('record the reads TraceService makes per trace', async () => {
      let reads: RecordedRead[] = [];
      const recorder = new TraceService(
        recordingGraph(benchGraph, (read) => reads.push(read)),
        config.trace,
        traceEvidencePart,
      );
      const byProject = new Map<string, RecordedRead[]>();
      for (const id of sample) {
        reads = [];
        await recorder.trace(callerOf(id).viewer, id, null);
        byProject.set(id, reads);
      }
      const names = new Set([...byProject.values()].flatMap((list) => list.map((read) => read.query.name)));
      const counts = [...byProject.values()].map((list) => list.length);
      console.log(`   ${Math.min(...counts)}..${Math.max(...counts)} read(s) per trace: ${[...names].join(', ')}`);
      return byProject;
    });
    // Resolves to the rows of the trace query, as the driver returns them.
    const replay = async (projectId: string): Promise<TracePartRow[]> => {
      let traceRows: TracePartRow[] = [];
      for (const { query, params } of serviceReads.get(projectId) ?? []) {
        const rows = await driverRead(benchGraph, config.neo4j.database, query.text, params);
        if (query.name === TRACE_QUERY_NAME) traceRows = rows as unknown as TracePartRow[];
      }
      return traceRows;
    };
    const requests: ApiRequest[] = sample.map((id) => ({
      body: JSON.stringify({ query: TRACE_GRAPHQL, variables: { id } }),
      authorization: `Bearer ${callerOf(id).token}`,
    }));

    const url = await phase('start API', async () => {
      const instance = await buildApp(config, { logger: false });
      app = instance;
      await instance.graphMigrated;
      await instance.listen({ host: '127.0.0.1', port: 0 });
      const address = instance.server.address();
      if (!address || typeof address !== 'object') throw new Error('the API is not listening on a TCP port');
      return `http://127.0.0.1:${address.port}/graphql`;
    });

    // Fan-out, fuzz, writes, cold start and the project list (BENCH_ONLY picks some of them and skips the rest of the bench).
    const closingNotes: string[] = [];
    const operationsPhases = async (only: Set<string> | null): Promise<void> => {
      const runs = (name: string): boolean => !only || only.has(name);
      if (
        runs('fanout') &&
        !(await phase('fan-out: 2,000 suppliers, and a mesh of processors', () =>
          benchFanout({ app: app as FastifyInstance, url, config, keyNote: KEY_NOTE }),
        ))
      )
        exitCode = 1;
      if (
        runs('fuzz') &&
        !(await phase('fuzz: generated documents as every role', () =>
          benchFuzz(app as FastifyInstance, config.trace.maxDepth),
        ))
      )
        exitCode = 1;
      if (runs('lists'))
        closingNotes.push(await phase('projects with traces, sequential', () => benchProjectListTraces(url, keys, 30)));
      if (runs('writes')) {
        closingNotes.push(
          await phase('writes: API and driver', () =>
            benchWrites({
              url,
              graph: benchGraph,
              keys,
              maxDepth: config.trace.maxDepth,
              sequential: SAMPLE_SIZE,
              connections: 4,
              durationS: DURATION_S,
              runLoad: (task) => runLoadInChild(task, children),
            }),
          ),
        );
      }
      if (runs('coldstart')) {
        closingNotes.push(
          await phase('cold start', () =>
            benchColdStart({
              config,
              graph: benchGraph,
              keys,
              sample,
              buyerOfProject: generated.buyerOfProject,
              traceQuery: TRACE_GRAPHQL,
              ownsNeo4j: neo4j !== undefined,
            }),
          ),
        );
      }
      console.log(
        `\n${closingNotes.join('\n')}\n\nCPU and memory per phase (API = this process)\n${phaseResources.table()}`,
      );
    };
    if (BENCH_ONLY && !BENCH_ONLY.has('peer')) {
      await operationsPhases(BENCH_ONLY);
      return exitCode;
    }
    if (SCALE_COMPARE) {
      const compared = await phase(`scale comparison: scale ${SCALE}, then ${SCALE_FACTOR}x`, () =>
        benchScaleComparison({
          graph: benchGraph,
          scale: SCALE,
          seed: SEED,
          factor: SCALE_FACTOR,
          sample,
          rounds: ROUNDS,
          log: (line) => console.log(`   ${line}`),
          probe: {
            driver: replay,
            api: async (id) => {
              const { status, text } = await postTrace(url, requests[sample.indexOf(id)] as ApiRequest);
              const problem = checkApiResponse(id, status, text);
              if (problem) throw new Error(problem);
            },
            shares: async (id) => {
              const trace = await service.trace(callerOf(id).viewer, id, null);
              return JSON.stringify([
                trace.tracedShare,
                trace.origins.map((origin) => [origin.quarry.id, origin.share]),
              ]);
            },
          },
        }),
      );
      console.log(compared.report);
      return compared.sameTraces ? exitCode : 1;
    }

    await phase('warm-up', async () => {
      const t0 = performance.now();
      for (const id of sample) await replay(id);
      console.log(`   driver: ${sample.length} traces in ${seconds(t0)}`);
      const t1 = performance.now();
      const warm = Math.min(API_WARMUP_REQUESTS, requests.length);
      for (let i = 0; i < warm; i++) {
        const { status, text } = await postTrace(url, requests[i] as ApiRequest);
        const problem = checkApiResponse(sample[i] as string, status, text);
        if (problem) throw new Error(`warm-up request failed: ${problem}`);
      }
      console.log(`   API: ${warm} requests in ${seconds(t1)}`);
    });

    // API against the driver per role, and against a peer built with @neo4j/graphql (roles.ts, peer.ts).
    const roleKeys = await phase('issue ADMIN, BUYER and MEMBER keys', () =>
      issueRoleKeys(benchGraph, sample, generated.buyerOfProject, KEY_NOTE),
    );
    const compared = [
      await phase('API against the driver per role', () =>
        benchRoleLatency({ config, graph: benchGraph, sample, keys: roleKeys, rounds: ROUNDS }),
      ),
      await phase('stonetrace against @neo4j/graphql', () =>
        benchPeer({
          config,
          apiUrl: url,
          sample,
          adminAuthorization: roleKeys.authorization('ADMIN', sample[0] as string),
          cpu,
          durationS: DURATION_S,
          runLoad: (task) => runLoadInChild(task, children),
          children,
        }),
      ),
    ];
    for (const { report: comparison, problems } of compared) {
      console.log(comparison);
      for (const problem of problems.slice(0, 5)) console.log(`  FAILED: ${problem}`);
      if (problems.length > 0) exitCode = 1;
    }
    if (BENCH_ONLY) {
      if (BENCH_ONLY.size > 1) await operationsPhases(BENCH_ONLY);
      return exitCode;
    }

    const apiProblems: string[] = [];
    const { driver, serviced, api, auth } = await phase(
      `sequential: driver, TraceService, API (and key lookup) per project, ${ROUNDS} round(s) of ${sample.length}`,
      async () => {
        const driver: DriverSample[] = [];
        const serviced: ServiceSample[] = [];
        const api: ApiSample[] = [];
        const auth: number[] = [];
        const spent = { driver: 0, service: 0, api: 0 };
        const cpuSpent = { driver: zeroCpu(), service: zeroCpu(), api: zeroCpu(), auth: zeroCpu() };
        const other = otherCpuMeter(cpu);
        const steps = [
          // Driver only: the reads TraceService makes for this trace (its Cypher and parameters), bare.
          async (i: number, id: string): Promise<void> => {
            const c = cpu.snapshot();
            const t0 = performance.now();
            const rows = await replay(id);
            const elapsed = performance.now() - t0;
            addCpu(cpuSpent.driver, cpu.since(c));
            driver.push(describeRow(id, elapsed, traceRows(rows)[0]));
            spent.driver += elapsed;
          },
          // TraceService in-process: the same query plus record mapping and share computation.
          async (i: number, id: string): Promise<void> => {
            const c = cpu.snapshot();
            const t0 = performance.now();
            const trace = await service.trace(callerOf(id).viewer, id, null);
            const elapsed = performance.now() - t0;
            addCpu(cpuSpent.service, cpu.since(c));
            spent.service += elapsed;
            serviced.push({
              projectId: id,
              ms: elapsed,
              origins: trace.origins.length,
              paths: trace.origins.reduce((sum, origin) => sum + origin.paths.length, 0),
              gaps: trace.gaps.length,
              tracedShare: trace.tracedShare,
              maxHops: Math.max(0, ...trace.origins.flatMap((origin) => origin.paths.map((path) => path.links.length))),
            });
          },
          // The API over HTTP, one request at a time (the client's fetch runs in this process too).
          async (i: number, id: string): Promise<void> => {
            const c = cpu.snapshot();
            const { ms: elapsed, status, text } = await postTrace(url, requests[i] as ApiRequest);
            addCpu(cpuSpent.api, cpu.since(c));
            spent.api += elapsed;
            const problem = checkApiResponse(id, status, text);
            if (problem) apiProblems.push(problem);
            else api.push({ projectId: id, ms: elapsed, bytes: Buffer.byteLength(text) });
          },
        ];
        for (let round = 0; round < ROUNDS; round++) {
          for (const [i, id] of sample.entries()) {
            // The three take turns going first, so whatever one leaves behind (GC, JIT) hits all alike.
            for (let k = 0; k < steps.length; k++)
              await (steps[(i + round + k) % steps.length] as (typeof steps)[number])(i, id);

            // The API key lookup the auth hook makes before every request (one more round trip).
            const c = cpu.snapshot();
            const t0 = performance.now();
            const authenticated = await keys.authenticate(callerOf(id).token);
            auth.push(performance.now() - t0);
            addCpu(cpuSpent.auth, cpu.since(c));
            if (!authenticated.ok) throw new Error(`the benchmark's API key was refused: ${authenticated.reason}`);
          }
        }
        console.log(
          `   time spent: driver ${(spent.driver / 1000).toFixed(1)} s, TraceService ${(spent.service / 1000).toFixed(1)} s, API ${(spent.api / 1000).toFixed(1)} s`,
        );
        sequentialCpu = cpuSpent;
        otherCores.sequential = other.stop(0);
        return { driver, serviced, api, auth };
      },
    );

    let loadCpu = zeroCpu();
    const load = await phase(`API under load (autocannon, ${CONNECTIONS} connections, ${DURATION_S} s)`, async () => {
      const c = cpu.snapshot();
      const other = otherCpuMeter(cpu);
      const loop = measureEventLoopDelay();
      const result = await runLoadInChild(
        { url, requests, connections: CONNECTIONS, durationS: DURATION_S, timeoutS: 60 },
        children,
      );
      closingNotes.push(`under load (${CONNECTIONS} connections), ${loop.stop().summary}`);
      loadCpu = cpu.since(c);
      otherCores.load = other.stop(result.cpuSeconds);
      return result;
    });

    const dueDiligence = await phase(`dueDiligence via API, sequential (${sample.length})`, async () => {
      const times: number[] = [];
      for (const id of sample) {
        const request = {
          body: JSON.stringify({ query: DUE_DILIGENCE_GRAPHQL, variables: { id } }),
          authorization: `Bearer ${callerOf(id).token}`,
        };
        const { ms: elapsed, status, text } = await postTrace(url, request);
        const parsed = JSON.parse(text) as { data?: { dueDiligence?: unknown } | null; errors?: unknown[] };
        if (status !== 200 || parsed.errors?.length || !parsed.data?.dueDiligence)
          apiProblems.push(`dueDiligence ${id}: ${text.slice(0, 300)}`);
        else times.push(elapsed);
      }
      return times;
    });

    // The plan of the trace at the p99 of best-of-rounds driver time, with rows and db hits per operator.
    const profile = await phase('profile the p99 trace', async () => {
      const best = new Map<string, number>();
      for (const s of driver) best.set(s.projectId, Math.min(best.get(s.projectId) ?? Infinity, s.ms));
      const ranked = [...best.entries()].sort((a, b) => a[1] - b[1]);
      const [projectId] = ranked[Math.min(ranked.length - 1, Math.max(0, Math.ceil(0.99 * ranked.length) - 1))] ?? [];
      const read = projectId ? serviceReads.get(projectId)?.find((r) => r.query.name === TRACE_QUERY_NAME) : undefined;
      return projectId && read
        ? `${projectId}:\n${await profileRead(benchGraph, config.neo4j.database, read)}`
        : 'no trace to profile';
    });

    // The supplier-list import: a 10,000-row CSV (scaled for smoke runs) through POST /import/supply-links.
    const importRows = Math.max(500, Math.round(10_000 * SCALE));
    const imported = await phase(`CSV import (${importRows} rows)`, () =>
      benchImport(app as FastifyInstance, importRows),
    );

    await phase('fair use: what refusals cost', () => benchFairUseRefusals(config));
    const shedding = await phase('load shedding (autocannon, 64 and 256 connections)', () =>
      benchShedding({ config, requests, durationS: DURATION_S, runLoad: (task) => runLoadInChild(task, children) }),
    );

    exitCode = report({
      generated: generated.counts,
      driver,
      serviced,
      api,
      dueDiligence,
      auth,
      apiProblems,
      load,
      sequentialCpu,
      loadCpu,
      otherCores,
      profile,
    });
    console.log(
      `\nCSV import: ${imported.rows} rows in ${imported.seconds.toFixed(1)} s = ${imported.rowsPerSecond.toFixed(0)} rows/s ` +
        `(one transaction; ${JSON.stringify(imported.result)})`,
    );
    if ((await benchRefusals(url)).length > 0) exitCode = 1;
    console.log(shedding);
    console.log(await phase('CSV import scaling (10,000 and 100,000 rows)', () => benchImportScaling(config)));
    await operationsPhases(null);
  } catch (error) {
    console.error('\nbenchmark failed:', error);
    exitCode = 1;
  } finally {
    const t0 = performance.now();
    await cleanup();
    console.log(`\ncleanup: ${seconds(t0)}; total: ${seconds(started)}`);
  }
  return exitCode;
}

// ---------------------------------------------------------------------------------------------

function printCounts(c: GeneratedCounts): void {
  console.log(
    `   ${c.quarries} quarries, ${c.processors} processors, ${c.importers} importers, ${c.buyers} buyers, ` +
      `${c.projects} projects, ${c.deliveries} deliveries, ${c.supplyLinks} supply links ` +
      `(${c.cycleLinks} backwards/cycle, ${c.importerToImporterLinks} importer>importer, ${c.expiredLinks} expired before 2020, ` +
      `${c.undeclaredVolumeLinks} without declared volume; ${c.pairsWithoutSupplier} customer/stone-type pairs with no supplier); ` +
      `${c.riskAssessments} risk assessments, ${c.actionPlans} action plans, ${c.certificates} certificates`,
  );
}

function report(r: {
  generated: GeneratedCounts;
  driver: DriverSample[];
  serviced: ServiceSample[];
  api: ApiSample[];
  dueDiligence: number[];
  auth: number[];
  apiProblems: string[];
  load: LoadReport;
  sequentialCpu: { driver: CpuSnapshot; service: CpuSnapshot; api: CpuSnapshot; auth: CpuSnapshot };
  loadCpu: CpuSnapshot;
  otherCores: { sequential: number; load: number };
  profile: string;
}): number {
  const driverMs = summarize(r.driver.map((s) => s.ms));
  const serviceMs = summarize(r.serviced.map((s) => s.ms));
  const apiMs = summarize(r.api.map((s) => s.ms));
  const loadMs = summarize(r.load.latencies);
  const lr = r.load.result;

  // Per project (mean over rounds): the slowest traces and their sub-graphs, for whoever optimises the query.
  interface PerProject {
    info: DriverSample;
    service?: ServiceSample;
    driverMs: number[];
    serviceMs: number[];
    apiMs: number[];
  }
  const perProject = new Map<string, PerProject>();
  const entry = (s: DriverSample): PerProject => {
    const found = perProject.get(s.projectId);
    if (found) return found;
    const created: PerProject = { info: s, driverMs: [], serviceMs: [], apiMs: [] };
    perProject.set(s.projectId, created);
    return created;
  };
  for (const s of r.driver) entry(s).driverMs.push(s.ms);
  for (const s of r.serviced) {
    const p = perProject.get(s.projectId);
    if (p) {
      p.service = s;
      p.serviceMs.push(s.ms);
    }
  }
  for (const s of r.api) perProject.get(s.projectId)?.apiMs.push(s.ms);
  // Best of the rounds: a trace's own cost, without the odd pause (GC, JIT) that hit one call.
  const best = (values: number[]): number => Math.min(...values);
  const projects = [...perProject.values()].sort((a, b) => best(a.driverMs) - best(b.driverMs));
  const perProjectRatios = projects.map((p) => best(p.apiMs) / best(p.driverMs)).filter((v) => Number.isFinite(v));
  const p99Project = projects[Math.min(projects.length - 1, Math.max(0, Math.ceil(0.99 * projects.length) - 1))];
  const slowest = projects.slice(-3).reverse();
  const describe = (p: PerProject, label = p.info.projectId): string[] => [
    label,
    ms(best(p.driverMs)),
    ms(best(p.serviceMs)),
    ms(best(p.apiMs)),
    String(p.info.deliveries),
    String(p.info.links),
    String(p.info.linkRows),
    String(p.info.suppliers),
    String(p.service?.paths ?? '-'),
    String(p.service?.origins ?? '-'),
    String(p.service?.gaps ?? '-'),
    p.service ? p.service.tracedShare.toFixed(3) : '-',
  ];
  const slowHeader = [
    'project (best of rounds, ms)',
    'driver',
    'service',
    'API',
    'deliveries',
    'links',
    'link rows',
    'suppliers',
    'paths',
    'origins',
    'gaps',
    'traced',
  ];
  const one = projects.map((p) => p.info);
  const oneService = projects.flatMap((p) => (p.service ? [p.service] : []));

  console.log('\n================ stonetrace benchmark results ================');
  printCounts(r.generated);
  console.log(
    `sample: ${projects.length} projects x ${ROUNDS} round(s); sub-graph per trace (distinct links): p50 ${percentile(
      one.map((s) => s.links),
      50,
    )}, ` +
      `p99 ${percentile(
        one.map((s) => s.links),
        99,
      )}, max ${Math.max(...one.map((s) => s.links))}; ` +
      `origin paths p50 ${percentile(
        oneService.map((s) => s.paths),
        50,
      )}, max ${Math.max(...oneService.map((s) => s.paths))}, ` +
      `longest ${Math.max(0, ...oneService.map((s) => s.maxHops))} hops; ` +
      `mean tracedShare ${mean(oneService.map((s) => s.tracedShare)).toFixed(3)}, ` +
      `traces with no origin ${oneService.filter((s) => s.origins === 0).length}`,
  );
  console.log(
    `response size (API sequential): p50 ${percentile(
      r.api.map((s) => s.bytes),
      50,
    )} B, max ${Math.max(0, ...r.api.map((s) => s.bytes))} B`,
  );

  console.log('\nlatency (ms)');
  console.log(
    table([
      ['', 'n', 'p50', 'p90', 'p99', 'max', 'mean'],
      summaryRow('driver only: trace Cypher (executeQuery)', driverMs),
      summaryRow('TraceService in-process (Cypher + shares)', serviceMs),
      summaryRow('API sequential (HTTP, 1 connection)', apiMs),
      summaryRow(`API under load (${lr.connections} connections)`, loadMs),
      summaryRow('API dueDiligence sequential (trace + risks)', summarize(r.dueDiligence)),
      summaryRow('API key lookup alone (KeyStore.authenticate)', summarize(r.auth)),
    ]),
  );

  console.log('\nAPI overhead (ratio to the driver-only time of the same traces)');
  console.log(
    table([
      ['', 'p50', 'p99', 'mean'],
      [
        'TraceService / driver',
        ratio(serviceMs.p50, driverMs.p50),
        ratio(serviceMs.p99, driverMs.p99),
        ratio(serviceMs.mean, driverMs.mean),
      ],
      [
        'API sequential / driver',
        ratio(apiMs.p50, driverMs.p50),
        ratio(apiMs.p99, driverMs.p99),
        ratio(apiMs.mean, driverMs.mean),
      ],
      [
        'API under load / driver',
        ratio(loadMs.p50, driverMs.p50),
        ratio(loadMs.p99, driverMs.p99),
        ratio(loadMs.mean, driverMs.mean),
      ],
    ]),
  );
  console.log(
    `per-project API/driver ratio (best of rounds each): p50 ${percentile(perProjectRatios, 50).toFixed(2)}x, p99 ${percentile(perProjectRatios, 99).toFixed(2)}x; ` +
      `API - driver at p50: ${ms(apiMs.p50 - driverMs.p50)} ms`,
  );

  const perTrace = (seconds: number, count: number): string =>
    count > 0 && Number.isFinite(seconds) ? ms((seconds * 1000) / count) : '-';
  const cpuRow = (label: string, c: CpuSnapshot, count: number, loadGen = Number.NaN): string[] => [
    label,
    perTrace(c.node, count),
    perTrace(c.neo4j, count),
    perTrace(loadGen, count),
  ];
  console.log(
    `\nCPU per trace (ms; ${availableParallelism()} cores; Node = this process: app, driver, and for 'API sequential' the fetch client too)`,
  );
  console.log(
    table([
      ['', 'Node', 'Neo4j', 'load gen'],
      cpuRow('driver only', r.sequentialCpu.driver, r.driver.length),
      cpuRow('TraceService in-process', r.sequentialCpu.service, r.serviced.length),
      cpuRow('API sequential', r.sequentialCpu.api, r.driver.length),
      cpuRow('API under load', r.loadCpu, r.load.responses, r.load.cpuSeconds),
      cpuRow('API key lookup alone', r.sequentialCpu.auth, r.auth.length),
    ]),
  );
  const loadWall = lr.duration;
  console.log(
    `under load: Node ${((r.loadCpu.node / loadWall) * 100).toFixed(0)} % of a core, Neo4j ${((r.loadCpu.neo4j / loadWall) * 100).toFixed(0)} %, ` +
      `load generator ${((r.load.cpuSeconds / loadWall) * 100).toFixed(0)} % (over ${loadWall.toFixed(1)} s)`,
  );

  const cores = (value: number): string =>
    Number.isFinite(value) ? `${Math.max(0, value).toFixed(2)} cores` : 'unknown';
  console.log(
    `CPU used meanwhile by other processes on this machine: ${cores(r.otherCores.sequential)} during the sequential phase, ` +
      `${cores(r.otherCores.load)} under load (of ${availableParallelism()}; load average now ${loadavg()
        .map((v) => v.toFixed(1))
        .join(' ')})`,
  );
  if (r.otherCores.sequential > 0.25 || r.otherCores.load > 0.25) {
    console.log('   NOTE: other work competed for the CPU: latencies and requests/s are pessimistic, ratios less so');
  }

  const rps = lr.requests;
  console.log('\nthroughput under load (autocannon)');
  console.log(
    table([
      ['', 'value'],
      ['requests/s (mean)', rps.mean.toFixed(1)],
      ['requests/s (p50 of 1 s samples)', String(rps.p50)],
      ['requests/s (min..max)', `${rps.min}..${rps.max}`],
      ['responses', String(r.load.responses)],
      ['autocannon latency p50 / p99 (ms, whole ms)', `${lr.latency.p50} / ${lr.latency.p99}`],
      ['throughput (KB/s mean)', (lr.throughput.mean / 1024).toFixed(0)],
      ['non-2xx', String(lr.non2xx)],
      ['GraphQL errors in 200s', String(r.load.graphqlErrors)],
      ['200s without a trace', String(r.load.missingTrace)],
      ['socket errors / timeouts', `${lr.errors} / ${lr.timeouts}`],
      [
        'status codes',
        Object.entries(lr.statusCodeStats)
          .map(([code, { count }]) => `${code}: ${count}`)
          .join(', '),
      ],
    ]),
  );

  console.log('\nslowest traces (driver only, best of rounds) and the p99 one');
  console.log(
    table([
      slowHeader,
      ...slowest.map((p) => describe(p)),
      ...(p99Project ? [describe(p99Project, `(p99) ${p99Project.info.projectId}`)] : []),
    ]),
  );

  console.log(`\nplan of the p99 trace, ${r.profile}`);

  console.log('\nphase timings');
  console.log(table([['phase', 's'], ...phaseTimes.map(([name, s]) => [name, s.toFixed(1)])]));

  const failures =
    r.apiProblems.length + lr.non2xx + lr.errors + lr.timeouts + r.load.graphqlErrors + r.load.missingTrace;
  if (failures > 0) {
    console.log(`\nFAILED REQUESTS: ${failures}`);
    for (const problem of r.apiProblems.slice(0, 5)) console.log(`  ${problem}`);
    if (r.load.firstProblem) console.log(`  under load, first: ${r.load.firstProblem}`);
    return 1;
  }
  console.log('\nall API responses were 200 with a trace and no errors');
  return 0;
}
