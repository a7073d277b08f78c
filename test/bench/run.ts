import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../neo4j/embedded.js';
import { buildApp } from '../../src/app.js';
import { loadConfig, type AppConfig } from '../../src/config.js';
import { cypher, Graph } from '../../src/db/graph.js';
import { migrate } from '../../src/db/migrations.js';
import { traceQuery, type TraceRow } from '../../src/trace/query.js';
import { TraceService } from '../../src/trace/service.js';
import { benchCounts, generateBenchGraph, type GeneratedCounts } from './generate.js';
import type { LoadReport, LoadTask } from './load.js';
import { mean, ms, percentile, Prng, ratio, seconds, summarize, table, type Summary } from './stats.js';

/**
 * `npm run bench`: generates a large synthetic supply-chain graph (see generate.ts) in a throwaway
 * embedded Neo4j (or the one at NEO4J_URI), then measures the trace of a fixed sample of projects
 *   1. through the driver only (the trace's single Cypher query, as the service sends it),
 *   2. through TraceService in-process (Cypher plus share computation, no HTTP or GraphQL),
 *   3. through the API over HTTP, one request at a time (like with like against 1 and 2),
 *      1 to 3 taking turns per project, so caches and background noise hit them alike,
 *   4. through the API under load (autocannon, several connections, in a child process),
 * and prints latency percentiles, requests/s and the API's overhead as ratios to the driver.
 *
 * Knobs (environment): BENCH_SCALE (1 = 2,000 quarries, 5,000 processors, 1,000 importers,
 * 10,000 projects, 50,000 links), BENCH_DURATION_S (load phase, 15), BENCH_CONNECTIONS (4),
 * BENCH_SAMPLE (projects measured, 200), BENCH_ROUNDS (sequential rounds over the sample, 2),
 * BENCH_SEED (1), BENCH_KEEP_DATA (external Neo4j only: keep the records), plus TRACE_MAX_DEPTH and
 * TRACE_LEAD_TIME_DAYS as for the service. Only loopback traffic.
 */

if (process.env.TAP === '1' || process.env.TAP_CHILD_ID !== undefined) {
  // The test runner picks up every file under test/: the benchmark is not a test.
  console.log('1..0 # SKIP the benchmark runs with `npm run bench`, not as a test');
  process.exit(0);
}

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
const ROUNDS = numberFromEnv('BENCH_ROUNDS', 2, (v) => Number.isInteger(v) && v >= 1 && v <= 20);
const NEO4J_HEAP_MB = 1500;
const NEO4J_PAGECACHE_MB = 512;
const API_WARMUP_REQUESTS = 50;

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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const phaseTimes: [string, number][] = [];
async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  console.log(`\n== ${name}`);
  try {
    return await work();
  } finally {
    phaseTimes.push([name, (performance.now() - start) / 1000]);
    console.log(`   (${name}: ${seconds(start)})`);
  }
}

/** Deletes the benchmark's records (ids `bench-...`) in batches: only used against an external Neo4j. */
async function deleteBenchData(graph: Graph): Promise<void> {
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
  if (!row) throw new Error(`trace of ${projectId} returned no row`);
  const linkIds = new Set<string>();
  let linkRows = 0;
  for (const delivery of row.deliveries) {
    linkRows += delivery.links.length;
    for (const { link } of delivery.links) linkIds.add(String(link.properties.id));
  }
  const suppliers = new Set(row.suppliers.map((node) => String(node.properties.id)));
  return { projectId, ms: elapsed, deliveries: row.deliveries.length, linkRows, links: linkIds.size, suppliers: suppliers.size };
}

interface ServiceSample {
  projectId: string;
  ms: number;
  origins: number;
  paths: number;
  gaps: number;
  tracedShare: number;
}

interface ApiSample {
  projectId: string;
  ms: number;
  bytes: number;
}

async function postTrace(url: string, body: string): Promise<{ ms: number; status: number; text: string }> {
  const start = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await response.text();
  return { ms: performance.now() - start, status: response.status, text };
}

function checkApiResponse(projectId: string, status: number, text: string): string | null {
  if (status !== 200) return `HTTP ${status} for ${projectId}: ${text.slice(0, 300)}`;
  const parsed = JSON.parse(text) as { data?: { trace?: unknown } | null; errors?: unknown[] };
  if (parsed.errors?.length) return `GraphQL errors for ${projectId}: ${JSON.stringify(parsed.errors).slice(0, 300)}`;
  if (!parsed.data?.trace) return `no trace for ${projectId}: ${text.slice(0, 300)}`;
  return null;
}

function runLoadInChild(task: LoadTask, children: Set<ChildProcess>): Promise<LoadReport> {
  const child = fork(fileURLToPath(new URL('./load.ts', import.meta.url)), { stdio: 'inherit' });
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

// ---------------------------------------------------------------------------------------------

const started = performance.now();
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
      `${target.projects} projects, ~${target.links} links), seed ${SEED}, sample ${SAMPLE_SIZE}, ` +
      `load ${DURATION_S} s x ${CONNECTIONS} connections, trace depth ${env.trace.maxDepth}, lead time ${env.trace.leadTimeDays} d`,
  );

  const uri = await phase('start Neo4j', async () => {
    if (env.neo4j.uri) {
      console.log(`   using NEO4J_URI=${env.neo4j.uri}: records with ids bench-... are written there and deleted at the end`);
      return env.neo4j.uri;
    }
    dataDir = mkdtempSync(join(tmpdir(), 'stonetrace-bench-neo4j-'));
    const boltPort = await freePort();
    neo4j = await startEmbeddedNeo4j({ boltPort, dataDir, heapMb: NEO4J_HEAP_MB, pageCacheMb: NEO4J_PAGECACHE_MB, log: console.log });
    console.log(`   embedded Neo4j at ${neo4j.uri} (heap ${NEO4J_HEAP_MB} MB, page cache ${NEO4J_PAGECACHE_MB} MB, data in ${dataDir})`);
    return neo4j.uri;
  });

  const config: AppConfig = {
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    neo4j: { ...env.neo4j, uri },
    trace: env.trace,
  };
  const benchGraph = Graph.connect(config.neo4j);
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
  const query = traceQuery(config.trace.maxDepth);
  const traceParams = (projectId: string) => ({ projectId, asOf: null, leadTimeDays: config.trace.leadTimeDays });
  const service = new TraceService(benchGraph, config.trace);
  const bodies = sample.map((id) => JSON.stringify({ query: TRACE_GRAPHQL, variables: { id } }));

  const url = await phase('start API', async () => {
    const instance = await buildApp(config, { logger: false });
    app = instance;
    await instance.graphMigrated;
    await instance.listen({ host: '127.0.0.1', port: 0 });
    const address = instance.server.address();
    if (!address || typeof address !== 'object') throw new Error('the API is not listening on a TCP port');
    return `http://127.0.0.1:${address.port}/graphql`;
  });

  await phase('warm-up', async () => {
    const t0 = performance.now();
    for (const id of sample) await benchGraph.read(query, traceParams(id));
    console.log(`   driver: ${sample.length} traces in ${seconds(t0)}`);
    const t1 = performance.now();
    const warm = Math.min(API_WARMUP_REQUESTS, bodies.length);
    for (let i = 0; i < warm; i++) {
      const { status, text } = await postTrace(url, bodies[i] as string);
      const problem = checkApiResponse(sample[i] as string, status, text);
      if (problem) throw new Error(`warm-up request failed: ${problem}`);
    }
    console.log(`   API: ${warm} requests in ${seconds(t1)}`);
  });

  const apiProblems: string[] = [];
  const { driver, serviced, api } = await phase(
    `sequential: driver, TraceService and API in turn per project, ${ROUNDS} round(s) of ${sample.length}`,
    async () => {
      const driver: DriverSample[] = [];
      const serviced: ServiceSample[] = [];
      const api: ApiSample[] = [];
      const spent = { driver: 0, service: 0, api: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, id] of sample.entries()) {
          // Driver only: the trace's Cypher as TraceService sends it, rows decoded by the driver.
          const t0 = performance.now();
          const [row] = await benchGraph.read(query, traceParams(id));
          const driverMs = performance.now() - t0;
          driver.push(describeRow(id, driverMs, row));
          spent.driver += driverMs;

          // TraceService in-process: the same query plus record mapping and share computation.
          const t1 = performance.now();
          const trace = await service.trace(id, null);
          const serviceMs = performance.now() - t1;
          spent.service += serviceMs;
          serviced.push({
            projectId: id,
            ms: serviceMs,
            origins: trace.origins.length,
            paths: trace.origins.reduce((sum, origin) => sum + origin.paths.length, 0),
            gaps: trace.gaps.length,
            tracedShare: trace.tracedShare,
          });

          // The API over HTTP, one request at a time.
          const { ms: apiMs, status, text } = await postTrace(url, bodies[i] as string);
          spent.api += apiMs;
          const problem = checkApiResponse(id, status, text);
          if (problem) apiProblems.push(problem);
          else api.push({ projectId: id, ms: apiMs, bytes: Buffer.byteLength(text) });
        }
      }
      console.log(
        `   time spent: driver ${(spent.driver / 1000).toFixed(1)} s, TraceService ${(spent.service / 1000).toFixed(1)} s, API ${(spent.api / 1000).toFixed(1)} s`,
      );
      return { driver, serviced, api };
    },
  );

  const load = await phase(`API under load (autocannon, ${CONNECTIONS} connections, ${DURATION_S} s)`, () =>
    runLoadInChild({ url, bodies, connections: CONNECTIONS, durationS: DURATION_S, timeoutS: 60 }, children),
  );

  exitCode = report({ generated: generated.counts, driver, serviced, api, apiProblems, load });
} catch (error) {
  console.error('\nbenchmark failed:', error);
  exitCode = 1;
} finally {
  const t0 = performance.now();
  await cleanup();
  console.log(`\ncleanup: ${seconds(t0)}; total: ${seconds(started)}`);
}
process.exit(exitCode);

// ---------------------------------------------------------------------------------------------

function printCounts(c: GeneratedCounts): void {
  console.log(
    `   ${c.quarries} quarries, ${c.processors} processors, ${c.importers} importers, ${c.buyers} buyers, ` +
      `${c.projects} projects, ${c.deliveries} deliveries, ${c.supplyLinks} supply links ` +
      `(${c.cycleLinks} backwards/cycle, ${c.importerToImporterLinks} importer>importer, ${c.expiredLinks} expired before 2020, ` +
      `${c.undeclaredVolumeLinks} without declared volume; ${c.pairsWithoutSupplier} customer/stone-type pairs with no supplier)`,
  );
}

function report(r: {
  generated: GeneratedCounts;
  driver: DriverSample[];
  serviced: ServiceSample[];
  api: ApiSample[];
  apiProblems: string[];
  load: LoadReport;
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
  const projects = [...perProject.values()].sort((a, b) => mean(a.driverMs) - mean(b.driverMs));
  const perProjectRatios = projects.map((p) => mean(p.apiMs) / mean(p.driverMs)).filter((v) => Number.isFinite(v));
  const p99Project = projects[Math.min(projects.length - 1, Math.max(0, Math.ceil(0.99 * projects.length) - 1))];
  const slowest = projects.slice(-3).reverse();
  const describe = (p: PerProject, label = p.info.projectId): string[] => [
    label,
    ms(mean(p.driverMs)),
    ms(mean(p.serviceMs)),
    ms(mean(p.apiMs)),
    String(p.info.deliveries),
    String(p.info.links),
    String(p.info.linkRows),
    String(p.info.suppliers),
    String(p.service?.paths ?? '-'),
    String(p.service?.origins ?? '-'),
    String(p.service?.gaps ?? '-'),
    p.service ? p.service.tracedShare.toFixed(3) : '-',
  ];
  const slowHeader = ['project (mean ms over rounds)', 'driver', 'service', 'API', 'deliveries', 'links', 'link rows', 'suppliers', 'paths', 'origins', 'gaps', 'traced'];
  const one = projects.map((p) => p.info);
  const oneService = projects.flatMap((p) => (p.service ? [p.service] : []));

  console.log('\n================ stonetrace benchmark results ================');
  printCounts(r.generated);
  console.log(
    `sample: ${projects.length} projects x ${ROUNDS} round(s); sub-graph per trace (distinct links): p50 ${percentile(one.map((s) => s.links), 50)}, ` +
      `p99 ${percentile(one.map((s) => s.links), 99)}, max ${Math.max(...one.map((s) => s.links))}; ` +
      `origin paths p50 ${percentile(oneService.map((s) => s.paths), 50)}, max ${Math.max(...oneService.map((s) => s.paths))}; ` +
      `mean tracedShare ${mean(oneService.map((s) => s.tracedShare)).toFixed(3)}, ` +
      `traces with no origin ${oneService.filter((s) => s.origins === 0).length}`,
  );
  console.log(`response size (API sequential): p50 ${percentile(r.api.map((s) => s.bytes), 50)} B, max ${Math.max(0, ...r.api.map((s) => s.bytes))} B`);

  console.log('\nlatency (ms)');
  console.log(
    table([
      ['', 'n', 'p50', 'p90', 'p99', 'max', 'mean'],
      summaryRow('driver only: trace Cypher (graph.read)', driverMs),
      summaryRow('TraceService in-process (Cypher + shares)', serviceMs),
      summaryRow('API sequential (HTTP, 1 connection)', apiMs),
      summaryRow(`API under load (${lr.connections} connections)`, loadMs),
    ]),
  );

  console.log('\nAPI overhead (ratio to the driver-only time of the same traces)');
  console.log(
    table([
      ['', 'p50', 'p99', 'mean'],
      ['TraceService / driver', ratio(serviceMs.p50, driverMs.p50), ratio(serviceMs.p99, driverMs.p99), ratio(serviceMs.mean, driverMs.mean)],
      ['API sequential / driver', ratio(apiMs.p50, driverMs.p50), ratio(apiMs.p99, driverMs.p99), ratio(apiMs.mean, driverMs.mean)],
      ['API under load / driver', ratio(loadMs.p50, driverMs.p50), ratio(loadMs.p99, driverMs.p99), ratio(loadMs.mean, driverMs.mean)],
    ]),
  );
  console.log(
    `per-project API/driver ratio: p50 ${percentile(perProjectRatios, 50).toFixed(2)}x, p99 ${percentile(perProjectRatios, 99).toFixed(2)}x; ` +
      `API - driver at p50: ${ms(apiMs.p50 - driverMs.p50)} ms`,
  );

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
      ['status codes', Object.entries(lr.statusCodeStats).map(([code, { count }]) => `${code}: ${count}`).join(', ')],
    ]),
  );

  console.log('\nslowest traces (driver only) and the p99 one');
  console.log(table([slowHeader, ...slowest.map((p) => describe(p)), ...(p99Project ? [describe(p99Project, `(p99) ${p99Project.info.projectId}`)] : [])]));

  console.log('\nphase timings');
  console.log(table([['phase', 's'], ...phaseTimes.map(([name, s]) => [name, s.toFixed(1)])]));

  const failures = r.apiProblems.length + lr.non2xx + lr.errors + lr.timeouts + r.load.graphqlErrors + r.load.missingTrace;
  if (failures > 0) {
    console.log(`\nFAILED REQUESTS: ${failures}`);
    for (const problem of r.apiProblems.slice(0, 5)) console.log(`  ${problem}`);
    if (r.load.firstProblem) console.log(`  under load, first: ${r.load.firstProblem}`);
    return 1;
  }
  console.log('\nall API responses were 200 with a trace and no errors');
  return 0;
}
