import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Node } from 'neo4j-driver';
import { z } from 'zod';
import { recordChanges, type AuditChange } from '../audit/trail.js';
import { perRole } from '../auth/visibility.js';
import { viewerParam, type Viewer } from '../auth/viewer.js';
import { cypher, type Graph } from '../db/graph.js';
import { country, isoDate, positive, recordId, stoneType, text } from '../shared/validation.js';
import { upsertSupplyLinks, type SupplyLinkRow } from './writes.js';

/**
 * A company's supplier list as CSV, the columns a spreadsheet export has:
 *
 *   supplier_id | supplier_kind, supplier_name, supplier_country, supplier_region (quarry) or
 *   supplier_city (processor) | stone_type, valid_from, valid_to, annual_volume_tonnes
 *
 * Every row is checked before anything is written; one bad row and nothing is written, and the
 * answer lists every bad row with its line number. A good file is written in one transaction, in
 * UNWIND batches, creating the quarries and processors it names that the company does not have yet.
 */

export const importColumns = [
  'supplier_id',
  'supplier_kind',
  'supplier_name',
  'supplier_country',
  'supplier_region',
  'supplier_city',
  'stone_type',
  'valid_from',
  'valid_to',
  'annual_volume_tonnes',
] as const;

const batchSize = 1_000;
const maxRows = 100_000;

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const RowSchema = z
  .object({
    supplier_id: optional(recordId),
    supplier_kind: optional(z.preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), z.enum(['QUARRY', 'PROCESSOR'], { message: 'must be QUARRY or PROCESSOR' }))),
    supplier_name: optional(text(200)),
    supplier_country: optional(country),
    supplier_region: optional(text(200)),
    supplier_city: optional(text(100)),
    stone_type: z.preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), stoneType),
    valid_from: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), isoDate),
    valid_to: optional(isoDate),
    annual_volume_tonnes: optional(z.coerce.number({ message: 'must be a number' }).pipe(positive)),
  })
  .superRefine((row, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (row.valid_to !== undefined && row.valid_to < row.valid_from) issue('valid_to', 'must not be before valid_from');
    if (row.supplier_id !== undefined) return;
    if (!row.supplier_kind) issue('supplier_kind', 'is needed when supplier_id is empty (QUARRY or PROCESSOR)');
    if (!row.supplier_name) issue('supplier_name', 'is needed when supplier_id is empty');
    if (!row.supplier_country) issue('supplier_country', 'is needed when supplier_id is empty');
    if (row.supplier_kind === 'QUARRY' && !row.supplier_region) issue('supplier_region', 'is needed for a quarry (its quarry area)');
  });

type ImportRow = z.output<typeof RowSchema> & { line: number };

export interface RowError {
  line: number;
  field: string;
  message: string;
}

export interface ImportResult {
  rows: number;
  linksCreated: number;
  linksExisting: number;
  quarriesCreated: number;
  processorsCreated: number;
}

export type ImportOutcome = { ok: true; result: ImportResult } | { ok: false; rows: number; errors: RowError[] };

const namedSupplierQuery = (visibleNode: string) =>
  cypher<{ viewer: unknown; wanted: { kind: string; name: string; country: string; place: string | null }[] }, { index: number; id: string }>(
    'import_named_suppliers',
    `UNWIND range(0, size($wanted) - 1) AS index
     WITH index, $wanted[index] AS w
     MATCH (node:ChainNode {name: w.name, country: w.country})
     WHERE ((w.kind = 'QUARRY' AND node:Quarry AND node.region = w.place)
            OR (w.kind = 'PROCESSOR' AND node:Processor AND (w.place IS NULL OR node.city = w.place)))
       AND ${visibleNode}
     WITH index, node ORDER BY node.id
     RETURN index, head(collect(node.id)) AS id`,
  );

const createNamedSuppliers = cypher<
  { quarries: object[]; processors: object[]; registeredBy: string | null },
  { node: Node }
>(
  'import_create_suppliers',
  `CALL () {
     UNWIND $quarries AS q
     MERGE (node:ChainNode:Quarry {id: q.id})
     ON CREATE SET node.name = q.name, node.country = q.country, node.region = q.place, node.stoneTypes = q.stoneTypes
     RETURN node
     UNION
     UNWIND $processors AS p
     MERGE (node:ChainNode:Processor {id: p.id})
     ON CREATE SET node.name = p.name, node.country = p.country, node.city = p.place
     RETURN node
   }
   OPTIONAL MATCH (org:ChainNode {id: $registeredBy})
   FOREACH (o IN CASE WHEN org IS NULL THEN [] ELSE [org] END | MERGE (node)-[:REGISTERED_BY]->(o))
   RETURN node`,
);

/** Reads the CSV as a stream; every row is validated, none is written here. */
export async function parseSupplyLinkCsv(input: Readable): Promise<{ records: number; rows: ImportRow[]; errors: RowError[] }> {
  const parser = input.pipe(
    parse({ columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, trim: true, skip_empty_lines: true, info: true, relax_column_count: false }),
  );
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  let checkedHeader = false;
  let records = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (!checkedHeader) {
        checkedHeader = true;
        const unknown = Object.keys(record).filter((c) => !(importColumns as readonly string[]).includes(c));
        if (unknown.length > 0) errors.push({ line: 1, field: unknown.join(','), message: `unknown column(s); expected ${importColumns.join(', ')}` });
      }
      if (++records > maxRows) {
        errors.push({ line: info.lines, field: '', message: `at most ${maxRows} rows per file` });
        break;
      }
      const parsed = RowSchema.safeParse(record);
      if (parsed.success) rows.push({ ...parsed.data, line: info.lines });
      else for (const issue of parsed.error.issues) errors.push({ line: info.lines, field: issue.path.join('.'), message: issue.message });
    }
  } catch (error) {
    const { lines } = (error as { lines?: number }).lines !== undefined ? (error as { lines: number }) : { lines: 0 };
    errors.push({ line: lines, field: '', message: `not readable as CSV: ${(error as Error).message}` });
  }
  return { records, rows, errors };
}

const tripleKey = (r: { supplierId: string; stoneType: string }) => `${r.supplierId}|${r.stoneType}`;

export class SupplyLinkImport {
  private readonly visibleNode;

  constructor(
    private readonly graph: Graph,
    maxDepth: number,
  ) {
    this.visibleNode = perRole(maxDepth, (visible) => ({
      named: namedSupplierQuery(visible.chainNode('node')),
      byId: cypher<{ viewer: unknown; ids: string[] }, { node: Node }>(
        'import_suppliers_by_id',
        `UNWIND $ids AS id MATCH (node:ChainNode {id: id}) WHERE ${visible.chainNode('node')} RETURN node`,
      ),
    }));
  }

  async run(viewer: Viewer, customerId: string, csv: Readable): Promise<ImportOutcome> {
    const { records, rows, errors } = await parseSupplyLinkCsv(csv);
    if (errors.length > 0) return { ok: false, rows: records, errors };
    if (rows.length === 0) return { ok: false, rows: 0, errors: [{ line: 1, field: '', message: 'the file has no rows' }] };

    return this.graph.writeTransaction(async (tx) => {
      const queries = this.visibleNode[viewer.role];
      const scope = viewerParam(viewer);
      const rowErrors: RowError[] = [];

      // Suppliers named by id must exist and be visible to the caller; so must the customer.
      const ids = [...new Set([customerId, ...rows.flatMap((r) => (r.supplier_id ? [r.supplier_id] : []))])];
      const found = new Map((await tx.run(queries.byId, { viewer: scope, ids })).map(({ node }) => [String(node.properties.id), node]));
      const customer = found.get(customerId);
      if (!customer || customer.labels.includes('Quarry')) {
        return { ok: false as const, rows: rows.length, errors: [{ line: 0, field: 'customerId', message: `no processor or importer ${customerId}` }] };
      }
      for (const row of rows) {
        if (!row.supplier_id) continue;
        const node = found.get(row.supplier_id);
        if (!node) rowErrors.push({ line: row.line, field: 'supplier_id', message: `no chain node ${row.supplier_id} (or not visible to you)` });
        else if (row.supplier_id === customerId) rowErrors.push({ line: row.line, field: 'supplier_id', message: 'a company cannot supply itself' });
        else if (node.labels.includes('Quarry') && !(node.properties.stoneTypes as string[]).includes(row.stone_type)) {
          rowErrors.push({ line: row.line, field: 'stone_type', message: `quarry ${String(node.properties.name)} does not yield ${row.stone_type}` });
        }
      }
      if (rowErrors.length > 0) return { ok: false as const, rows: rows.length, errors: rowErrors };

      // Suppliers named by name: reuse a visible match, else create one (with every stone type the file links from it).
      const wanted = new Map<string, { kind: string; name: string; country: string; place: string | null; stoneTypes: Set<string> }>();
      const wantedKey = (r: ImportRow) =>
        JSON.stringify([r.supplier_kind, r.supplier_name, r.supplier_country, r.supplier_kind === 'QUARRY' ? r.supplier_region : (r.supplier_city ?? null)]);
      for (const row of rows) {
        if (row.supplier_id) continue;
        const key = wantedKey(row);
        const entry = wanted.get(key) ?? {
          kind: row.supplier_kind!,
          name: row.supplier_name!,
          country: row.supplier_country!,
          place: (row.supplier_kind === 'QUARRY' ? row.supplier_region : row.supplier_city) ?? null,
          stoneTypes: new Set<string>(),
        };
        entry.stoneTypes.add(row.stone_type);
        wanted.set(key, entry);
      }
      const wantedList = [...wanted.entries()];
      const matched = await tx.run(queries.named, { viewer: scope, wanted: wantedList.map(([, w]) => ({ kind: w.kind, name: w.name, country: w.country, place: w.place })) });
      const resolved = new Map<string, string>(matched.map(({ index, id }) => [wantedList[index]![0], id]));
      const toCreate = wantedList.filter(([key]) => !resolved.has(key)).map(([key, w]) => ({ key, id: randomUUID(), ...w, stoneTypes: [...w.stoneTypes] }));
      for (const c of toCreate) resolved.set(c.key, c.id);
      const created = toCreate.length
        ? await tx.run(createNamedSuppliers, {
            quarries: toCreate.filter((c) => c.kind === 'QUARRY'),
            processors: toCreate.filter((c) => c.kind === 'PROCESSOR'),
            registeredBy: viewer.role === 'MEMBER' ? viewer.orgId : null,
          })
        : [];

      // Links: repeats within the file (same supplier and stone type, overlapping validity) collapse into the first.
      const links: SupplyLinkRow[] = [];
      for (const row of rows) {
        const link: SupplyLinkRow = {
          id: randomUUID(),
          supplierId: row.supplier_id ?? resolved.get(wantedKey(row))!,
          customerId,
          stoneType: row.stone_type,
          validFrom: row.valid_from,
          validTo: row.valid_to ?? null,
          annualVolumeTonnes: row.annual_volume_tonnes ?? null,
        };
        const overlaps = (other: SupplyLinkRow) =>
          tripleKey(other) === tripleKey(link) &&
          other.validFrom <= (link.validTo ?? '9999-12-31') &&
          (other.validTo ?? '9999-12-31') >= link.validFrom;
        if (!links.some(overlaps)) links.push(link);
      }
      const changes: AuditChange[] = created.map(({ node }) => ({
        action: 'importSupplyLinks',
        recordKind: node.labels.includes('Quarry') ? 'Quarry' : 'Processor',
        recordId: String(node.properties.id),
        before: null,
        after: node,
      }));
      let linksCreated = 0;
      for (let start = 0; start < links.length; start += batchSize) {
        const results = await tx.run(upsertSupplyLinks, { rows: links.slice(start, start + batchSize) });
        for (const r of results.filter((x) => x.created)) {
          linksCreated++;
          changes.push({ action: 'importSupplyLinks', recordKind: 'SupplyLink', recordId: r.requestedId, before: null, after: r.link });
        }
      }
      for (let start = 0; start < changes.length; start += batchSize) {
        await recordChanges(tx, viewer, changes.slice(start, start + batchSize));
      }
      return {
        ok: true as const,
        result: {
          rows: rows.length,
          linksCreated,
          linksExisting: rows.length - linksCreated,
          quarriesCreated: toCreate.filter((c) => c.kind === 'QUARRY').length,
          processorsCreated: toCreate.filter((c) => c.kind === 'PROCESSOR').length,
        },
      };
    });
  }
}
