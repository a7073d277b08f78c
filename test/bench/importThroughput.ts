import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { freePort, startEmbeddedNeo4j } from '../../neo4j/embedded.js';
import { buildApp } from '../../src/app.js';
import { KeyStore } from '../../src/auth/keys.js';
import type { AppConfig } from '../../src/config.js';
import { importColumns } from '../../src/registry/supplyLinkImport.js';

const stoneTypes = ['GRANITE', 'MARBLE', 'SANDSTONE', 'BLUESTONE', 'LIMESTONE'];

/**
 * A company's supplier list of `rows` lines: suppliers named (not by id), 2,000 distinct quarries and
 * processors, so the import resolves names, creates suppliers and links, and writes the audit trail.
 */
export function supplierListCsv(rows: number, tag: string): string {
  const lines = [importColumns.join(',')];
  for (let i = 0; i < rows; i++) {
    const supplier = i % 2000;
    const quarry = supplier % 4 !== 0;
    const stoneType = stoneTypes[i % stoneTypes.length]!;
    const year = 2015 + Math.floor(i / 2000);
    lines.push(
      [
        '',
        quarry ? 'QUARRY' : 'PROCESSOR',
        `${tag} ${quarry ? 'Quarry' : 'Works'} ${supplier}`,
        quarry ? 'PT' : 'CN',
        quarry ? 'Evora' : '',
        quarry ? '' : 'Xiamen',
        stoneType,
        `${year}-01-01`,
        `${year}-12-31`,
        String(100 + (i % 900)),
      ].join(','),
    );
  }
  return lines.join('\n');
}

export interface ImportFigures {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  result: unknown;
}

/** Uploads the list through POST /import/supply-links as a MEMBER importer and times it. */
export async function benchImport(app: FastifyInstance, rows = 10_000): Promise<ImportFigures> {
  const tag = `Bench${Date.now()}`;
  return timedUpload(app, await memberOfNewImporter(app, tag), supplierListCsv(rows, tag), rows);
}

/** A MEMBER token of an importer registered for this run. */
async function memberOfNewImporter(app: FastifyInstance, tag: string): Promise<string> {
  const keys = new KeyStore(app.graph);
  const admin = (await keys.issue('ADMIN', null, 'bench')).token;
  const created = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { authorization: `Bearer ${admin}` },
    payload: {
      query: `mutation { registerImporter(input: {name: "${tag} Importer", country: "NL", covenantMember: true}) { id } }`,
    },
  });
  const importerId = created.json<{ data: { registerImporter: { id: string } } }>().data.registerImporter.id;
  return (await keys.issue('MEMBER', importerId, 'bench')).token;
}

async function timedUpload(app: FastifyInstance, token: string, csv: string, rows: number): Promise<ImportFigures> {
  const started = process.hrtime.bigint();
  const response = await app.inject({
    method: 'POST',
    url: '/import/supply-links',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    payload: csv,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (response.statusCode !== 200)
    throw new Error(`import failed: ${response.statusCode} ${response.body.slice(0, 500)}`);
  return { rows, seconds, rowsPerSecond: rows / seconds, result: response.json() };
}

/**
 * The worst case for overlap checks: `rows` links of one supplier, one customer and one stone type,
 * each valid for a different single day, so every row is compared with its neighbours only if the
 * import is linear, and with every other row if it is not.
 */
export function singleSupplierCsv(rows: number, quarryId: string): string {
  const lines = [importColumns.join(',')];
  // From 1700: even 100,000 days end before the years the public list covers.
  const day = new Date(Date.UTC(1700, 0, 1));
  for (let i = 0; i < rows; i++) {
    const date = day.toISOString().slice(0, 10);
    lines.push(`${quarryId},,,,,,GRANITE,${date},${date},${1 + (i % 500)}`);
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return lines.join('\n');
}

/** Imports `rows` single-supplier rows (see singleSupplierCsv) as a fresh MEMBER importer and times it. */
export async function benchSingleSupplierImport(app: FastifyInstance, rows: number): Promise<ImportFigures> {
  const tag = `Bench${Date.now()}`;
  const member = await memberOfNewImporter(app, tag);
  // Registered by the member itself, so the member sees it and may name it by id.
  const registered = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { authorization: `Bearer ${member}` },
    payload: {
      query:
        'mutation($name: String!) { registerQuarry(input: {name: $name, country: "PT", region: "Evora", stoneTypes: [GRANITE]}) { id } }',
      variables: { name: `${tag} Quarry` },
    },
  });
  const quarryId = registered.json<{ data: { registerQuarry: { id: string } } }>().data.registerQuarry.id;
  return timedUpload(app, member, singleSupplierCsv(rows, quarryId), rows);
}

/**
 * Rows/s of 10,000 and of 100,000 single-supplier rows, each into a fresh importer: in linear time
 * the two agree (within a factor of 1.5); in quadratic time the larger is ten times slower. One
 * import is one transaction, and 100,000 rows hold about 1.6 GB of Neo4j transaction state, so this
 * runs on a Neo4j of its own, sized for that, whatever the rest of the benchmark uses.
 */
export async function benchImportScaling(config: AppConfig): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stonetrace-bench-import-'));
  const neo4j = await startEmbeddedNeo4j({
    boltPort: await freePort(),
    dataDir,
    heapMb: 4096,
    pageCacheMb: 512,
    transactionMemoryMb: 3072,
    log: () => undefined,
  });
  try {
    const app = await buildApp(
      {
        ...config,
        neo4j: { ...config.neo4j, uri: neo4j.uri, user: neo4j.user, password: neo4j.password, database: undefined },
      },
      { logger: false },
    );
    try {
      await app.graphMigrated;
      // A fresh Neo4j plans each statement on first use and its JIT is cold: warm both first. The
      // best of three 10,000-row runs, as one run of seconds is easily disturbed by other processes.
      await benchSingleSupplierImport(app, 10_000);
      const runs = [];
      for (let run = 0; run < 3; run++) runs.push(await benchSingleSupplierImport(app, 10_000));
      const small = runs.reduce((best, r) => (r.rowsPerSecond > best.rowsPerSecond ? r : best));
      const large = await benchSingleSupplierImport(app, 100_000);
      const ratio = small.rowsPerSecond / large.rowsPerSecond;
      const line = (f: ImportFigures) =>
        `${f.rows} rows in ${f.seconds.toFixed(1)} s = ${f.rowsPerSecond.toFixed(0)} rows/s`;
      return (
        `CSV import, one supplier and stone type, one row per day: ${line(small)}; ${line(large)}; ` +
        `10,000 / 100,000 rows/s = ${ratio.toFixed(2)} (${ratio <= 1.5 && ratio >= 1 / 1.5 ? 'linear: within 1.5' : 'NOT within 1.5'})`
      );
    } finally {
      await app.close();
    }
  } finally {
    await neo4j.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
