import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import {
  embeddedUser,
  ensureEmbeddedPassword,
  freePort,
  startEmbeddedNeo4j,
  type EmbeddedNeo4j,
} from '../neo4j/embedded.js';
import { fromRoot } from '../src/paths.js';
import { readDataset } from '../src/seed/dataset.js';

// Starting Neo4j (twice here) takes minutes on a busy machine.
t.setTimeout(900_000);
/**
 * `npm start`'s process (src/main.ts) against a Neo4j of this file's own: it listens before the
 * database exists, seeds the sample data once it does, and on SIGTERM (twice) lets the request it
 * already accepted finish, refuses new ones, and exits 0.
 */

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, withinMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline; await wait(250)) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
  }
  throw new Error(`gave up waiting for ${what} after ${withinMs} ms`);
}

/**
 * The one place this test says how the API reaches its Neo4j. The API starts before that Neo4j
 * exists, so the password the Neo4j will take is made in its data directory first.
 */
const connectionEnv = (boltPort: number, dataDir: string) => ({
  NEO4J_URI: `bolt://127.0.0.1:${boltPort}`,
  NEO4J_USER: embeddedUser,
  NEO4J_PASSWORD: ensureEmbeddedPassword(dataDir),
});

t.test('starts without Neo4j, seeds once it is there, and shuts down gracefully on a repeated SIGTERM', async (t) => {
  const [boltPort, apiPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'stonetrace-lifecycle-neo4j-'));
  const started: EmbeddedNeo4j[] = [];
  const api = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: fromRoot('.'),
    env: {
      ...process.env,
      ...connectionEnv(boltPort, dataDir),
      SEED_ON_EMPTY: 'true',
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  api.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  api.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => api.once('exit', (code) => resolve(code)));
  t.teardown(async () => {
    if (api.exitCode === null) api.kill('SIGKILL');
    for (const neo4j of started) await neo4j.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const base = `http://127.0.0.1:${apiPort}`;
  await until('the API to listen', 90_000, async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined));
  t.equal((await fetch(`${base}/readyz`)).status, 503, 'listening, not ready: there is no Neo4j yet');

  started.push(await startEmbeddedNeo4j({ boltPort, dataDir, heapMb: 512, pageCacheMb: 64 }));
  const analyst = readDataset().apiKeys?.find((key) => key.role === 'ANALYST')?.token;
  if (!analyst) throw new Error('the sample data has no ANALYST key');
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${analyst}` };
  const role = await until('the sample data', 120_000, async () => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });
    const body = (await response.json()) as { data?: { viewer?: { role: string } } };
    return body.data?.viewer?.role;
  });
  t.equal(role, 'ANALYST', 'seeded once Neo4j came: the sample key works');

  // A request already accepted (headers in, body still arriving) when the signals come.
  const body = JSON.stringify({ query: '{ viewer { role } }' });
  const slow = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      `${base}/graphql`,
      { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 10));
    setTimeout(() => req.end(body.slice(10)), 2_000);
  });
  await wait(500);
  api.kill('SIGTERM');
  await wait(300);
  api.kill('SIGTERM');
  await wait(300);
  t.equal(api.exitCode, null, 'a second SIGTERM does not kill the process');

  const late = await fetch(`${base}/healthz`).then(
    (response) => response.status,
    (error: Error) => error.message,
  );
  t.not(late, 200, `a new request is refused (${late})`);

  const answer = await slow;
  t.equal(answer.status, 200, 'the request accepted before the signal completes');
  t.same(JSON.parse(answer.text), { data: { viewer: { role: 'ANALYST' } } });
  t.equal(await exited, 0, 'exit code 0');
  t.match(output, /already shutting down/);
});
