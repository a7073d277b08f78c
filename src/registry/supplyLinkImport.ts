import { randomUUID } from 'node:crypto';
import type { Node } from 'neo4j-driver';
import { z } from 'zod';
import { recordChanges, type AuditChange } from '../audit/trail.js';
import { perRole } from '../auth/visibility.js';
import { viewerParam, type Viewer } from '../auth/viewer.js';
import { cypher, type Graph, type GraphTransaction } from '../db/graph.js';
import { ProjectNotices } from '../notifications/projectNotices.js';
import type { StoneType } from '../shared/contract.generated.js';
import { CsvUnreadable, readCsvRecords, type CsvReadLimits } from '../shared/csv.js';
import { ClientError } from '../shared/errors.js';
import { siteNameKey } from '../shared/siteNames.js';
import { country, isoDate, positive, recordId, stoneType, text } from '../shared/validation.js';
import { lockResolved } from './lookups.js';
import { resolvedSiteId } from './queries.js';
import { toChainNode, type ChainNodeRecord } from './records.js';
import { registerSupplyLinks } from './supplyLinkRegistration.js';
import { customerProblem, supplierProblem, type LinkEndProblem } from './validation.js';
import { knownAreas, lockSiteNames, siteNameLockKey } from './sites.js';
import {
  registrant,
  upsertProcessors,
  upsertQuarries,
  withProcessorKeys,
  withQuarryKeys,
  type SupplyLinkRow,
} from './writes.js';

/**
 * A company's supplier list as CSV, the columns a spreadsheet export has:
 *
 *   supplier_id | supplier_kind, supplier_name, supplier_country, supplier_region (quarry) or
 *   supplier_city (processor) | stone_type, valid_from, valid_to, annual_volume_tonnes
 *
 * Every row is checked, against the same rules as `registerSupplyLink`, before anything is written;
 * one bad row and nothing is written, and the answer lists the first bad rows with their line
 * numbers and counts them all. A good file is written in one transaction, creating the quarries and
 * processors it names that the company does not have yet.
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

/** The answer lists this many problems at most, and counts the rest. */
export const maxListedProblems = 100;

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const RowSchema = z
  .object({
    supplier_id: optional(recordId),
    supplier_kind: optional(
      z.preprocess(
        (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
        z.enum(['QUARRY', 'PROCESSOR'], { message: 'must be QUARRY or PROCESSOR' }),
      ),
    ),
    supplier_name: optional(text(200)),
    supplier_country: optional(country),
    supplier_region: optional(text(200)),
    supplier_city: optional(text(100)),
    stone_type: z.preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), stoneType),
    valid_from: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), isoDate),
    valid_to: optional(isoDate),
    annual_volume_tonnes: optional(
      z.coerce
        .number({ message: 'must be a number written with a decimal point and no thousands separator, e.g. 1250.5' })
        .pipe(positive),
    ),
  })
  .superRefine((row, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (row.valid_to !== undefined && row.valid_to < row.valid_from) issue('valid_to', 'must not be before valid_from');
    if (row.supplier_id !== undefined) return;
    if (!row.supplier_kind) issue('supplier_kind', 'is needed when supplier_id is empty (QUARRY or PROCESSOR)');
    if (!row.supplier_name) issue('supplier_name', 'is needed when supplier_id is empty');
    if (!row.supplier_country) issue('supplier_country', 'is needed when supplier_id is empty');
    if (row.supplier_kind === 'QUARRY' && !row.supplier_region)
      issue('supplier_region', 'is needed for a quarry (its quarry area)');
  });

export type ImportRow = z.output<typeof RowSchema> & { line: number };

export interface RowError {
  line: number;
  field: string;
  message: string;
}

/** A supplier the file names by name that matched a site already registered, which the import used. */
export interface ReusedSupplier {
  /** The first line that names it. */
  line: number;
  /** The name as the file gives it. */
  name: string;
  /** The registered site it was taken for, and its registered name. */
  id: string;
  registeredName: string;
}

export interface ImportResult {
  rows: number;
  linksCreated: number;
  linksExisting: number;
  quarriesCreated: number;
  processorsCreated: number;
  suppliersReused: ReusedSupplier[];
}

export interface ImportRefusal {
  ok: false;
  rows: number;
  /** How many problems the file has in all. */
  errorCount: number;
  /** The first `maxListedProblems` of them, in file order. */
  errors: RowError[];
}

export type ImportOutcome = { ok: true; result: ImportResult } | ImportRefusal;

/** Neo4j's transaction memory cannot hold the import (HTTP 413): the file must be split. */
export class ImportTooLargeForDatabase extends ClientError {
  override name = 'ImportTooLargeForDatabase';
  constructor() {
    super(
      'IMPORT_TOO_LARGE',
      "the database's transaction memory cannot hold this import in one transaction; split the file",
    );
  }
}

export interface ImportLimits extends CsvReadLimits {
  maxRows: number;
}

/** Problems in file order: every one is counted, only the first few are kept. */
class Problems {
  readonly listed: RowError[] = [];
  count = 0;

  add(line: number, field: string, message: string): void {
    this.count++;
    if (this.listed.length < maxListedProblems) this.listed.push({ line, field, message });
  }

  refusal(rows: number): ImportRefusal {
    return { ok: false, rows, errorCount: this.count, errors: this.listed };
  }
}

/** The sites the caller sees whose folded name and country match, the same spelling first, then by id. */
const namedSupplierQuery = (visibleNode: string) =>
  cypher<
    { viewer: unknown; wanted: { kind: string; name: string; nameKey: string; country: string }[] },
    { index: number; node: Node }
  >(
    'import_named_suppliers',
    `UNWIND range(0, size($wanted) - 1) AS index
     WITH index, $wanted[index] AS w
     CALL (w) {
       MATCH (node:Quarry {nameKey: w.nameKey, country: w.country}) WHERE w.kind = 'QUARRY' RETURN node
       UNION
       MATCH (node:Processor {nameKey: w.nameKey, country: w.country}) WHERE w.kind = 'PROCESSOR' RETURN node
     }
     WITH index, w, node WHERE ${visibleNode}
     WITH index, node ORDER BY node.name = w.name DESC, node.id
     RETURN index, head(collect(node)) AS node`,
  );

/**
 * Reads the CSV as a stream; every row is validated, none is written here. A file over the byte
 * limit throws CsvTooLarge; a file that cannot be read is one problem at the line where reading stopped.
 */
export async function parseSupplyLinkCsv(
  input: AsyncIterable<Buffer | string>,
  limits: ImportLimits,
): Promise<{ records: number; rows: ImportRow[]; problems: Problems }> {
  const rows: ImportRow[] = [];
  const problems = new Problems();
  let checkedHeader = false;
  let records = 0;
  try {
    for await (const { record, line } of readCsvRecords(input, limits)) {
      if (!checkedHeader) {
        checkedHeader = true;
        const unknown = Object.keys(record).filter((c) => !(importColumns as readonly string[]).includes(c));
        if (unknown.length > 0)
          problems.add(
            1,
            unknown.join(','),
            `unknown column(s); expected ${importColumns.join(', ')} (separated by , or ;)`,
          );
      }
      if (++records > limits.maxRows) {
        problems.add(line, '', `at most ${limits.maxRows} rows per file`);
        break;
      }
      const parsed = RowSchema.safeParse(record);
      if (parsed.success) rows.push({ ...parsed.data, line });
      else for (const issue of parsed.error.issues) problems.add(line, issue.path.join('.'), issue.message);
    }
  } catch (error) {
    if (!(error instanceof CsvUnreadable)) throw error;
    problems.add(error.line, '', error.message);
  }
  return { records, rows, problems };
}

const rowField: Record<LinkEndProblem['field'], string> = {
  supplierId: 'supplier_id',
  customerId: 'customerId',
  stoneType: 'stone_type',
};

/**
 * A file with problems, or without rows, is refused before the database is asked anything: with
 * the count of records read, as a refused file's answer always has.
 */
export function fileRefusal({
  records,
  rows,
  problems,
}: {
  records: number;
  rows: ImportRow[];
  problems: Problems;
}): ImportRefusal | null {
  if (problems.count > 0) return problems.refusal(records);
  if (rows.length > 0) return null;
  problems.add(1, '', 'the file has no rows');
  return problems.refusal(0);
}

/** A supplier the file names by name rather than by id. */
export interface WantedSupplier {
  kind: 'QUARRY' | 'PROCESSOR';
  /** The first line naming it, and the name as written there. */
  line: number;
  name: string;
  country: string;
  /** A quarry's area; a processor's city, if the row gives one. */
  place: string | null;
  stoneTypes: Set<StoneType>;
}

/**
 * One key per supplier named by name: rows naming the same kind, country and name, as folded
 * (shared/siteNames.ts), name one supplier, as registering it twice would.
 */
const wantedKey = (r: ImportRow) =>
  JSON.stringify([r.supplier_kind, r.supplier_country, siteNameKey(r.supplier_name!)]);

/** The suppliers the rows name by name, by `wantedKey`, each with every stone type the file links from it. */
export function wantedSuppliers(rows: readonly ImportRow[]): Map<string, WantedSupplier> {
  const wanted = new Map<string, WantedSupplier>();
  for (const row of rows) {
    if (row.supplier_id) continue;
    const key = wantedKey(row);
    const entry = wanted.get(key) ?? {
      kind: row.supplier_kind!,
      line: row.line,
      name: row.supplier_name!,
      country: row.supplier_country!,
      place: (row.supplier_kind === 'QUARRY' ? row.supplier_region : row.supplier_city) ?? null,
      stoneTypes: new Set<StoneType>(),
    };
    entry.stoneTypes.add(row.stone_type);
    wanted.set(key, entry);
  }
  return wanted;
}

/** The nodes the caller sees that the file names: by id (the customer among them), and by `wantedKey`. */
export interface KnownNodes {
  byId: ReadonlyMap<string, ChainNodeRecord>;
  byName: ReadonlyMap<string, ChainNodeRecord>;
}

/** A supplier named by name that no visible node matches: the import creates it. */
export interface NewSupplier extends Omit<WantedSupplier, 'stoneTypes'> {
  key: string;
  id: string;
  stoneTypes: StoneType[];
}

const existingSupplier = (row: ImportRow, known: KnownNodes) =>
  row.supplier_id ? known.byId.get(row.supplier_id) : known.byName.get(wantedKey(row));

/** The customer must be one the caller sees, and not a quarry; else the whole file is refused, at line 0. */
export function customerRefusal(
  customer: ChainNodeRecord | undefined,
  customerId: string,
  rows: number,
): ImportRefusal | null {
  const rule = customer ? customerProblem(customer) : null;
  if (customer && !rule) return null;
  const refused = new Problems();
  refused.add(0, 'customerId', rule?.message ?? `no processor or importer ${customerId}`);
  return refused.refusal(rows);
}

/**
 * The rules registerSupplyLink applies, for every row whose supplier already exists; a supplier
 * named by id must exist and be visible to the caller. A supplier the import creates breaks none.
 */
export function rowProblems(rows: readonly ImportRow[], customerId: string, known: KnownNodes): Problems {
  const refused = new Problems();
  for (const row of rows) {
    const supplier = existingSupplier(row, known);
    if (row.supplier_id && !supplier) {
      refused.add(row.line, 'supplier_id', `no chain node ${row.supplier_id} (or not visible to you)`);
      continue;
    }
    const problem = supplier ? supplierProblem(supplier, customerId, row.stone_type) : null;
    if (problem) refused.add(row.line, rowField[problem.field], problem.message);
  }
  return refused;
}

/** The wanted suppliers that no visible node matches, each with a new id. */
export function newSuppliers(
  wanted: ReadonlyMap<string, WantedSupplier>,
  byName: ReadonlyMap<string, ChainNodeRecord>,
): NewSupplier[] {
  return [...wanted.entries()]
    .filter(([key]) => !byName.has(key))
    .map(([key, w]) => ({ key, id: randomUUID(), ...w, stoneTypes: [...w.stoneTypes] }));
}

/** The suppliers named by name that the import took for sites already registered, in file order. */
export function reusedSuppliers(
  wanted: ReadonlyMap<string, WantedSupplier>,
  byName: ReadonlyMap<string, ChainNodeRecord>,
): ReusedSupplier[] {
  return [...wanted.entries()].flatMap(([key, w]) => {
    const site = byName.get(key);
    return site ? [{ line: w.line, name: w.name, id: site.id, registeredName: site.name }] : [];
  });
}

/** One supply link per row, from its supplier (named by id, matched by name, or created) to the customer. */
export function supplyLinksOf(
  rows: readonly ImportRow[],
  customerId: string,
  known: KnownNodes,
  created: readonly NewSupplier[],
): SupplyLinkRow[] {
  const createdIds = new Map(created.map((c) => [c.key, c.id]));
  return rows.map((row) => ({
    id: randomUUID(),
    // A supplier named by a merged site's id is the site it was merged into.
    supplierId: existingSupplier(row, known)?.id ?? createdIds.get(wantedKey(row))!,
    customerId,
    stoneType: row.stone_type,
    validFrom: row.valid_from,
    validTo: row.valid_to ?? null,
    annualVolumeTonnes: row.annual_volume_tonnes ?? null,
  }));
}

const importAudit = (recordKind: string, node: Node): AuditChange => ({
  action: 'importSupplyLinks',
  recordKind,
  recordId: String(node.properties.id),
  before: null,
  after: node,
});

export class SupplyLinkImport {
  private readonly visibleNode;
  private readonly notices: ProjectNotices;

  constructor(
    private readonly graph: Graph,
    maxDepth: number,
    private readonly limits: ImportLimits,
    /** The import's one transaction gets its own, larger time limit than a request's. */
    private readonly timeoutMs: number,
  ) {
    this.notices = new ProjectNotices(maxDepth);
    this.visibleNode = perRole(maxDepth, (visible) => ({
      named: namedSupplierQuery(visible.chainNode('node')),
      byId: cypher<{ viewer: unknown; ids: string[] }, { given: string; node: Node }>(
        'import_suppliers_by_id',
        `UNWIND $ids AS given
         ${resolvedSiteId('given', 'id')}
         MATCH (node:ChainNode {id: id}) WHERE ${visible.chainNode('node')}
         RETURN given, node`,
      ),
    }));
  }

  /** `signal` aborts the import's transaction (it is rolled back) when the client goes away. */
  async run(
    viewer: Viewer,
    customerId: string,
    csv: AsyncIterable<Buffer | string>,
    signal?: AbortSignal,
  ): Promise<ImportOutcome> {
    const parsed = await parseSupplyLinkCsv(csv, this.limits);
    const refusal = fileRefusal(parsed);
    if (refusal) return refusal;
    return this.inOneTransaction((tx) => this.checkAndWrite(tx, viewer, customerId, parsed.rows), signal);
  }

  private inOneTransaction(
    work: (tx: GraphTransaction) => Promise<ImportOutcome>,
    signal: AbortSignal | undefined,
  ): Promise<ImportOutcome> {
    return this.graph.writeTransaction(
      (tx) =>
        work(tx).catch((error: unknown) => {
          // Thrown as our own error, so the driver does not retry: the same file would need as much again.
          if ((error as { code?: unknown }).code === 'Neo.TransientError.General.MemoryPoolOutOfMemoryError')
            throw new ImportTooLargeForDatabase();
          throw error;
        }),
      { signal, timeoutMs: this.timeoutMs },
    );
  }

  /** Checks the rows against what the caller sees; only if none breaks a rule, writes them all. */
  private async checkAndWrite(
    tx: GraphTransaction,
    viewer: Viewer,
    customerId: string,
    rows: ImportRow[],
  ): Promise<ImportOutcome> {
    const ids = [customerId, ...rows.flatMap((r) => (r.supplier_id ? [r.supplier_id] : []))];
    // Locked, so a merge of one of them cannot retire it under the links this import makes.
    await lockResolved(tx, ids);
    const byId = await this.visibleById(tx, viewer, ids);
    const customerRefused = customerRefusal(byId.get(customerId), customerId, rows.length);
    if (customerRefused) return customerRefused;

    const wanted = wantedSuppliers(rows);
    const known: KnownNodes = { byId, byName: await this.visibleByName(tx, viewer, wanted) };
    const refused = rowProblems(rows, customerId, known);
    if (refused.count > 0) return refused.refusal(rows.length);

    const created = newSuppliers(wanted, known.byName);
    await this.createSuppliers(tx, viewer, created);
    const links = supplyLinksOf(rows, customerId, known, created);
    const placement = await registerSupplyLinks(tx, links, async (batch) => {
      await recordChanges(
        tx,
        viewer,
        batch.map((link) => importAudit('SupplyLink', link)),
      );
      await this.notices.linksAdded(
        tx,
        batch.map((link) => String(link.properties.id)),
      );
    });
    return {
      ok: true as const,
      result: {
        rows: rows.length,
        linksCreated: placement.create.length,
        linksExisting: rows.length - placement.create.length,
        quarriesCreated: created.filter((c) => c.kind === 'QUARRY').length,
        processorsCreated: created.filter((c) => c.kind === 'PROCESSOR').length,
        suppliersReused: reusedSuppliers(wanted, known.byName),
      },
    };
  }

  private async visibleById(
    tx: GraphTransaction,
    viewer: Viewer,
    ids: string[],
  ): Promise<Map<string, ChainNodeRecord>> {
    const rows = await tx.run(this.visibleNode[viewer.role].byId, {
      viewer: viewerParam(viewer),
      ids: [...new Set(ids)],
    });
    return new Map(rows.map(({ given, node }) => [given, toChainNode(node)]));
  }

  /** A visible node matching each wanted supplier, if there is one (the first by id if there are several). */
  private async visibleByName(
    tx: GraphTransaction,
    viewer: Viewer,
    wanted: ReadonlyMap<string, WantedSupplier>,
  ): Promise<Map<string, ChainNodeRecord>> {
    const wantedList = [...wanted.entries()];
    // Held until commit: a registration or import of the same name meanwhile waits, then finds what this one made.
    const lockKeys = wantedList.map(([, w]) =>
      siteNameLockKey(w.kind === 'QUARRY' ? 'Quarry' : 'Processor', w.country, w.name),
    );
    await tx.run(lockSiteNames, { keys: [...new Set(lockKeys)].sort() });
    const matched = await tx.run(this.visibleNode[viewer.role].named, {
      viewer: viewerParam(viewer),
      wanted: wantedList.map(([, w]) => ({
        kind: w.kind,
        name: w.name,
        nameKey: siteNameKey(w.name),
        country: w.country,
      })),
    });
    return new Map(matched.map(({ index, node }) => [wantedList[index]![0], toChainNode(node)]));
  }

  /** Creates the new suppliers, registered by the caller's company if it is a member, and audits them. */
  private async createSuppliers(tx: GraphTransaction, viewer: Viewer, created: NewSupplier[]): Promise<void> {
    const registeredBy = registrant(viewer);
    // A quarry's place is its region (required of a quarry's row), stored as its country knows the area.
    const newQuarries = created.filter((c) => c.kind === 'QUARRY');
    const areas = await knownAreas(
      tx,
      newQuarries.map((c) => ({ country: c.country, region: c.place! })),
    );
    const quarries = newQuarries.map((c, index) =>
      withQuarryKeys({
        id: c.id,
        name: c.name,
        country: c.country,
        region: areas[index]!.region,
        stoneTypes: c.stoneTypes,
        registeredBy,
      }),
    );
    const processors = created.flatMap((c) =>
      c.kind === 'PROCESSOR'
        ? [withProcessorKeys({ id: c.id, name: c.name, country: c.country, city: c.place, registeredBy })]
        : [],
    );
    const nodes = [
      ...(quarries.length ? await tx.run(upsertQuarries, { rows: quarries }) : []),
      ...(processors.length ? await tx.run(upsertProcessors, { rows: processors }) : []),
    ];
    await recordChanges(
      tx,
      viewer,
      nodes.map(({ node }) => importAudit(node.labels.includes('Quarry') ? 'Quarry' : 'Processor', node)),
    );
  }
}
