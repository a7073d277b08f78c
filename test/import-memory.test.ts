import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startEmbeddedNeo4j } from '../neo4j/embedded.js';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { cypher, cypherChannel, type CypherEvent } from '../src/db/graph.js';
import { singleSupplierCsv } from './bench/importThroughput.js';
import { issueToken, testApp } from './helpers/app.js';
import { ChainBuilder } from './helpers/chain.js';

// A Neo4j of its own, with little transaction memory: the shared one must stay as it is.
t.test('an import larger than Neo4j can hold in one transaction is 413, not retried, and writes nothing', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stonetrace-test-import-memory-'));
  const neo4j = await startEmbeddedNeo4j({
    boltPort: await freePort(),
    dataDir,
    heapMb: 512,
    pageCacheMb: 64,
    transactionMemoryMb: 16,
    log: () => undefined,
  });
  t.teardown(async () => {
    await neo4j.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const app = await testApp(t, { server: neo4j });
  const chain = await new ChainBuilder().quarry('Q').importer('I').link('Q', 'I').save(app.graph);
  const member = await issueToken(app, 'MEMBER', chain.id('I'));

  let attempts = 0;
  const listener = (event: unknown) => void ((event as CypherEvent).name === 'import_suppliers_by_id' && attempts++);
  subscribe(cypherChannel.name, listener);
  t.teardown(() => unsubscribe(cypherChannel.name, listener));
  const started = Date.now();
  const response = await app.inject({
    method: 'POST',
    url: '/import/supply-links',
    headers: { authorization: `Bearer ${member}`, 'content-type': 'text/csv' },
    payload: singleSupplierCsv(20_000, chain.id('Q')),
  });
  t.equal(response.statusCode, 413, response.body);
  t.match(response.json(), { error: /split the file/, code: 'IMPORT_TOO_LARGE' });
  const links = await app.graph.read(
    cypher<object, { n: number }>('test_count_links', 'MATCH (l:SupplyLink) RETURN count(l) AS n'),
    {},
  );
  t.same(links, [{ n: 1 }], 'only the link the chain was built with');
  t.equal(attempts, 1, 'the transaction was not retried');
  t.comment(`refused after ${Date.now() - started} ms`);
});
