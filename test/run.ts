import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startEmbeddedNeo4j, type EmbeddedNeo4j } from '../neo4j/embedded.js';

/**
 * `npm test`: runs the tap suite against a real Neo4j. With NEO4J_URI set, that server is used;
 * otherwise a throwaway embedded Neo4j (fresh temporary data directory, never NEO4J_DATA_DIR, so
 * development data is untouched) lives for this run only.
 * Test files run in parallel against the one database, each on records with its own ids.
 */

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

const tap = spawn('npx', ['tap', ...process.argv.slice(2)], { stdio: ['inherit', 'pipe', 'inherit'], env: process.env });
// tap closes with "# { total: N, pass: P, fail: F, ... }"; CI readers expect "P passed, F failed".
let summary = '';
tap.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  summary = (summary + chunk.toString('utf8')).slice(-4096);
});
const code = await new Promise<number>((resolve) => tap.once('exit', (status) => resolve(status ?? 1)));
const counts = /# \{ total: (\d+)(.*)\}/.exec(summary);
if (counts) {
  const count = (name: string): number => Number(new RegExp(`${name}: (\\d+)`).exec(counts[2] ?? '')?.[1] ?? 0);
  const skipped = count('skip') + count('todo');
  console.log(`${count('pass')} passed, ${count('fail')} failed${skipped ? `, ${skipped} skipped` : ''}`);
}
await neo4j?.stop();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
process.exit(code);
