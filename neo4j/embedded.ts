import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Starts Neo4j 5.26 Community in a child JVM (see neo4j/pom.xml and Launcher.java), for development
 * and tests. Deployment runs the official image instead; nothing in the service depends on this.
 */

const launcherDir = findLauncherDir(dirname(fileURLToPath(import.meta.url)));
const targetDir = join(launcherDir, 'target');
const stampFile = join(targetDir, 'stonetrace-build.stamp');
const readyPrefix = 'NEO4J_READY';
/** In the data directory, readable by its owner only: the neo4j user's password, made at first start. */
const passwordFileName = 'neo4j-password';
/** The launcher's sign that the store has the password; without it the launcher sets it again. */
const passwordSetMarker = 'auth-initialised';
export const embeddedUser = 'neo4j';

export interface EmbeddedNeo4jOptions {
  host?: string;
  boltPort: number;
  dataDir: string;
  heapMb: number;
  pageCacheMb: number;
  /** All transactions' memory together (Neo4j's dbms.memory.transaction.total.max); 512 if unset. */
  transactionMemoryMb?: number;
  startTimeoutMs?: number;
  /** Progress messages meant for a person (e.g. the one-time Maven build). */
  log?: (message: string) => void;
  /** The JVM's own output lines; noisy, and repeated in the error if start-up fails. */
  onOutput?: (line: string) => void;
}

export interface EmbeddedNeo4j {
  uri: string;
  /** Bolt refuses any other credentials. */
  user: string;
  password: string;
  /** The JVM's process id: fault tests kill and pause it. */
  pid: number;
  // A function property, not a method: callers keep it apart from the handle to call at shutdown.
  stop: () => Promise<void>;
}

export const embeddedPasswordFile = (dataDir: string): string => join(resolve(dataDir), passwordFileName);

/**
 * The embedded Neo4j's password, generated (crypto-random) when the data directory has none yet.
 * The file is kept at mode 0600, so other users of the machine cannot read it.
 */
export function ensureEmbeddedPassword(dataDir: string): string {
  const file = embeddedPasswordFile(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  if (!existsSync(file)) {
    writeFileSync(file, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    rmSync(join(dirname(file), passwordSetMarker), { force: true });
  }
  return readEmbeddedPassword(dataDir);
}

/** For clients of an embedded Neo4j another process started (`npm run keys` beside `npm start`). */
export function readEmbeddedPassword(dataDir: string): string {
  const file = embeddedPasswordFile(dataDir);
  if (!existsSync(file)) {
    throw new Error(
      `${file} does not exist: start the embedded Neo4j first (npm start or npm run neo4j), or set NEO4J_URI`,
    );
  }
  // A copied or restored file may have lost its mode.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}

/** The launcher's source folder, whether this file runs from neo4j/ (tsx) or dist/neo4j/. */
function findLauncherDir(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = existsSync(join(dir, 'pom.xml')) ? dir : join(dir, 'neo4j');
    if (existsSync(join(candidate, 'pom.xml'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`no neo4j/pom.xml above ${start}`);
  }
}

function sourceDigest(): string {
  const hash = createHash('sha256');
  for (const file of ['pom.xml', 'src/main/java/org/stonetrace/neo4j/Launcher.java']) {
    hash.update(readFileSync(join(launcherDir, file)));
  }
  return hash.digest('hex');
}

/** Compiles the launcher and copies its class path once; Maven caches the artifacts in ~/.m2. */
export function ensureLauncherBuilt(log: (line: string) => void = () => {}): void {
  const digest = sourceDigest();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === digest) return;
  log('building the Neo4j launcher with Maven (first run downloads Neo4j 5.26 from Maven Central)...');
  const build = spawnSync('mvn', ['-q', '-B', '-f', join(launcherDir, 'pom.xml'), 'package'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (build.error) throw new Error(`cannot run Maven (mvn): ${build.error.message}`);
  if (build.status !== 0) {
    throw new Error(`Maven build of the Neo4j launcher failed:\n${(build.stdout + build.stderr).slice(-4000)}`);
  }
  writeFileSync(stampFile, digest);
}

function javaExecutable(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

export async function startEmbeddedNeo4j(options: EmbeddedNeo4jOptions): Promise<EmbeddedNeo4j> {
  ensureLauncherBuilt(options.log);
  const host = options.host ?? '127.0.0.1';
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  // The store holds API-key hashes and every company's supplier list: no other user reads it.
  chmodSync(dataDir, 0o700);
  const password = ensureEmbeddedPassword(dataDir);

  const child = spawn(
    javaExecutable(),
    [
      `-Xms${Math.min(256, options.heapMb)}m`,
      `-Xmx${options.heapMb}m`,
      '-XX:+UseG1GC',
      '-XX:+ExitOnOutOfMemoryError',
      ...(options.transactionMemoryMb === undefined
        ? []
        : [`-Dstonetrace.transactionMemoryMiB=${options.transactionMemoryMb}`]),
      '-cp',
      [join(targetDir, 'classes'), join(targetDir, 'lib', '*')].join(':'),
      'org.stonetrace.neo4j.Launcher',
      host,
      String(options.boltPort),
      dataDir,
      String(options.pageCacheMb),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, STONETRACE_NEO4J_PASSWORD: password } },
  );

  const uri = await waitUntilReady(child, options.startTimeoutMs ?? 180_000, options.onOutput);
  return { uri, user: embeddedUser, password, pid: child.pid ?? 0, stop: () => stopChild(child) };
}

function waitUntilReady(child: ChildProcess, timeoutMs: number, onOutput?: (line: string) => void): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const recent: string[] = [];
    const remember = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        recent.push(line);
        if (recent.length > 40) recent.shift();
        onOutput?.(line);
        if (line.startsWith(readyPrefix)) {
          clearTimeout(timer);
          child.off('exit', onEarlyExit);
          resolvePromise(line.split(' ')[1] ?? '');
        }
      }
    };
    const onEarlyExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`Neo4j exited during start-up (code ${code}):\n${recent.join('\n')}`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Neo4j did not become ready within ${timeoutMs} ms:\n${recent.join('\n')}`));
    }, timeoutMs);
    child.stdout?.on('data', remember);
    child.stderr?.on('data', remember);
    child.once('exit', onEarlyExit);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start Java for Neo4j: ${error.message}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}

/** A port free on loopback right now, for a throwaway Neo4j (tests, benchmark). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
