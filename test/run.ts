import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startEmbeddedNeo4j, type EmbeddedNeo4j } from '../neo4j/embedded.js';
import { fromRoot } from '../src/paths.js';

/**
 * `npm test`, in two layers and one coverage report:
 * 1. the unit tests (test/unit.ts runs test/unit/**), which need no database; when one fails,
 *    the run stops here, before a Neo4j is started;
 * 2. the integration tests (tap's include, test/*.test.ts) against a real Neo4j. With NEO4J_URI
 *    set, that server is used; otherwise a throwaway embedded Neo4j (fresh temporary data
 *    directory, never NEO4J_DATA_DIR, so development data is untouched) lives for this layer only.
 *    Test files run in parallel against the one database, each on records with its own ids;
 * 3. the coverage of src/ by both layers together.
 * Arguments are handed to a single tap run against Neo4j instead: `npm test -- test/trace.test.ts`.
 */

type Counts = { pass: number; fail: number; skipped: number };

/** Runs tap, passing its output through, and reads its closing "# { total: N, pass: P, ... }". */
async function tap(args: string[]): Promise<{ code: number; counts: Counts }> {
  const run = spawn('npx', ['tap', ...args], { stdio: ['inherit', 'pipe', 'inherit'], env: process.env });
  let summary = '';
  run.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    summary = (summary + chunk.toString('utf8')).slice(-4096);
  });
  const code = await new Promise<number>((resolve) => run.once('exit', (status) => resolve(status ?? 1)));
  const counts = /# \{ total: (\d+)(.*)\}/.exec(summary)?.[2] ?? '';
  const count = (name: string): number => Number(new RegExp(`${name}: (\\d+)`).exec(counts)?.[1] ?? 0);
  return { code, counts: { pass: count('pass'), fail: count('fail'), skipped: count('skip') + count('todo') } };
}

/** CI readers expect "P passed, F failed". */
function printCounts(layers: Counts[]): void {
  const total = (name: keyof Counts) => layers.reduce((sum, counts) => sum + counts[name], 0);
  console.log(
    `${total('pass')} passed, ${total('fail')} failed${total('skipped') ? `, ${total('skipped')} skipped` : ''}`,
  );
}

/** Runs `run` with a Neo4j in the environment: NEO4J_URI's, or a throwaway embedded one. */
async function withNeo4j<T>(run: () => Promise<T>): Promise<T> {
  let neo4j: EmbeddedNeo4j | undefined;
  let dataDir: string | undefined;
  if (!process.env.NEO4J_URI) {
    dataDir = mkdtempSync(join(tmpdir(), 'stonetrace-test-neo4j-'));
    // A free port unless NEO4J_BOLT_PORT says otherwise, so the suite runs beside `npm start`.
    const boltPort = process.env.NEO4J_BOLT_PORT ? Number(process.env.NEO4J_BOLT_PORT) : await freePort();
    console.error(`starting a throwaway Neo4j for the tests on port ${boltPort}...`);
    neo4j = await startEmbeddedNeo4j({ boltPort, dataDir, heapMb: 768, pageCacheMb: 128, log: console.error });
    // The test processes find the throwaway Neo4j, and its generated password, in their environment.
    process.env.NEO4J_URI = neo4j.uri;
    process.env.NEO4J_USER = neo4j.user;
    process.env.NEO4J_PASSWORD = neo4j.password;
  }
  // Test files run side by side on small CI machines, where a query's first, cold plan can take
  // seconds: the production time limits (and the overload queue's patience) would fail tests for the
  // machine's sake, not the code's.
  // Tests of those limits set their own; an explicit setting here still wins.
  process.env.NEO4J_TX_TIMEOUT_MS ??= '60000';
  process.env.MAX_EVENT_LOOP_DELAY_MS ??= '0';
  process.env.MAX_QUEUE_WAIT_MS ??= '30000';
  try {
    return await run();
  } finally {
    await neo4j?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args.length > 0) {
  const { code, counts } = await withNeo4j(() => tap(args));
  printCounts([counts]);
  process.exit(code);
}

// Every tap run starts by deleting .tap/coverage; the unit layer's coverage waits beside it.
const coverage = fromRoot('.tap/coverage');
const unitCoverage = fromRoot('.tap/coverage-unit');
rmSync(unitCoverage, { recursive: true, force: true });

const unit = await tap(['test/unit.ts', '--coverage-report=none']);
if (unit.code !== 0) {
  printCounts([unit.counts]);
  process.exit(unit.code);
}
if (existsSync(coverage)) renameSync(coverage, unitCoverage);

const integration = await withNeo4j(() => tap(['--coverage-report=none']));
if (existsSync(unitCoverage)) {
  mkdirSync(coverage, { recursive: true });
  for (const file of readdirSync(unitCoverage)) renameSync(join(unitCoverage, file), join(coverage, file));
  rmSync(unitCoverage, { recursive: true });
}
const report = await tap(['report']);
printCounts([unit.counts, integration.counts]);
process.exit(integration.code || report.code);
