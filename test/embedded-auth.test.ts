import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import t from 'tap';
import { embeddedPasswordFile, freePort, startEmbeddedNeo4j } from '../neo4j/embedded.js';

/** The embedded Neo4j requires the password it generated at first start, and keeps it to its owner. */

// Two start-ups of a JVM database take well over a minute on a busy machine.
t.setTimeout(420_000);

async function serverAccepts(uri: string, user: string, password: string): Promise<boolean | string> {
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password), {
    maxConnectionPoolSize: 1,
    connectionTimeout: 5_000,
  });
  try {
    await driver.executeQuery('RETURN 1');
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    return code.includes('Security') ? false : `unexpected error: ${code} ${(error as Error).message}`;
  } finally {
    await driver.close();
  }
}

t.test(
  'the embedded Neo4j refuses any password but its own, which lives in a 0600 file',
  { timeout: 400_000 },
  async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stonetrace-auth-neo4j-'));
    chmodSync(dataDir, 0o755); // as a data directory made by hand (or by mkdir) would be
    t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
    const boltPort = await freePort();
    const start = () => startEmbeddedNeo4j({ boltPort, dataDir, heapMb: 256, pageCacheMb: 16 });

    const first = await start();
    let stopped = false;
    t.teardown(() => (stopped ? undefined : first.stop()));
    t.equal(
      statSync(embeddedPasswordFile(dataDir)).mode & 0o777,
      0o600,
      'the password file is readable by its owner only',
    );
    t.equal(statSync(dataDir).mode & 0o777, 0o700, 'and so is the whole store');
    t.ok(first.password.length >= 32, 'a long random password');
    t.equal(await serverAccepts(first.uri, first.user, first.password), true, 'its own password is accepted');
    t.equal(await serverAccepts(first.uri, first.user, 'not-the-password'), false, 'a wrong password is refused');
    t.equal(await serverAccepts(first.uri, 'neo4j', 'neo4j'), false, "Neo4j's default password is refused");
    t.equal(await serverAccepts(first.uri, 'someone', first.password), false, 'another user name is refused');
    await first.stop();
    stopped = true;

    const second = await start();
    t.teardown(() => second.stop());
    t.equal(second.password, first.password, 'a restart keeps the password');
    t.equal(await serverAccepts(second.uri, second.user, second.password), true, 'and the server still takes it');
    t.equal(await serverAccepts(second.uri, second.user, 'not-the-password'), false, 'and still refuses others');
  },
);
