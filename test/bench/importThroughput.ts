import type { FastifyInstance } from 'fastify';
import { KeyStore } from '../../src/auth/keys.js';
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
  const keys = new KeyStore(app.graph);
  const admin = (await keys.issue('ADMIN', null, 'bench')).token;
  const tag = `Bench${Date.now()}`;
  const created = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { authorization: `Bearer ${admin}` },
    payload: { query: `mutation { registerImporter(input: {name: "${tag} Importer", country: "NL", covenantMember: true}) { id } }` },
  });
  const importerId = (created.json() as { data: { registerImporter: { id: string } } }).data.registerImporter.id;
  const member = (await keys.issue('MEMBER', importerId, 'bench')).token;
  const csv = supplierListCsv(rows, tag);

  const started = process.hrtime.bigint();
  const response = await app.inject({
    method: 'POST',
    url: '/import/supply-links',
    headers: { authorization: `Bearer ${member}`, 'content-type': 'text/csv' },
    payload: csv,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (response.statusCode !== 200) throw new Error(`import failed: ${response.statusCode} ${response.body.slice(0, 500)}`);
  return { rows, seconds, rowsPerSecond: rows / seconds, result: response.json() };
}
