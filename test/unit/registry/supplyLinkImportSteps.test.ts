import { Readable } from 'node:stream';
import t from 'tap';
import type { ChainNodeRecord, ProcessorRecord, QuarryRecord } from '../../../src/registry/records.js';
import type { StoneType } from '../../../src/shared/contract.generated.js';
import {
  customerRefusal,
  fileRefusal,
  importColumns,
  newSuppliers,
  parseSupplyLinkCsv,
  rowProblems,
  supplyLinksOf,
  wantedSuppliers,
  type ImportRow,
  type KnownNodes,
} from '../../../src/registry/supplyLinkImport.js';

// The steps of an import between reading the file and writing it, on rows read from CSV text as the
// import reads them, and on records standing for what the caller sees in the database.

const limits = { maxBytes: 1024 * 1024, maxRecordChars: 4096, maxRows: 100 };

async function parsed(...lines: string[]) {
  return parseSupplyLinkCsv(Readable.from([[importColumns.join(','), ...lines].join('\n')]), limits);
}

async function rowsOf(...lines: string[]): Promise<ImportRow[]> {
  const { rows, problems } = await parsed(...lines);
  if (problems.count > 0) throw new Error(`test rows are bad: ${JSON.stringify(problems.listed)}`);
  return rows;
}

const quarry = (id: string, stoneTypes: StoneType[]): QuarryRecord => ({
  __typename: 'Quarry',
  id,
  name: `Quarry ${id}`,
  country: 'PT',
  region: 'Evora',
  location: null,
  stoneTypes,
});
const processor = (id: string): ProcessorRecord => ({
  __typename: 'Processor',
  id,
  name: `Processor ${id}`,
  country: 'BE',
  city: 'Gent',
});
const known = (byId: ChainNodeRecord[], byName: [string, ChainNodeRecord][] = []): KnownNodes => ({
  byId: new Map(byId.map((node) => [node.id, node])),
  byName: new Map(byName),
});
/** The key the import gives the first supplier named by name in these rows. */
const keyOf = (rows: ImportRow[]) => [...wantedSuppliers(rows).keys()][0]!;

t.test('a file without rows is refused at line 1, one with problems with its count of records', async (t) => {
  t.same(fileRefusal(await parsed()), {
    ok: false,
    rows: 0,
    errorCount: 1,
    errors: [{ line: 1, field: '', message: 'the file has no rows' }],
  });
  const bad = fileRefusal(await parsed('q-1,,,,,,GRANITE,2025-01-01,,', 'q-1,,,,,,GRANITE,2025-13-01,,'));
  t.match(bad, { ok: false, rows: 2, errorCount: 1, errors: [{ line: 3, field: 'valid_from' }] });
  t.equal(fileRefusal(await parsed('q-1,,,,,,GRANITE,2025-01-01,,')), null, 'a good file goes on to the database');
});

t.test('rows naming one supplier by name ask for it once, with every stone type they link from it', async (t) => {
  const wanted = wantedSuppliers(
    await rowsOf(
      ',QUARRY,Alpha,PT,Evora,,GRANITE,2025-01-01,,',
      ',quarry,ALPHA Lda.,PT,Evora,,marble,2025-01-01,,',
      ',QUARRY,Álpha,PT,Porto,,LIMESTONE,2025-01-01,,',
      ',QUARRY,Alpha,ES,Galicia,,GRANITE,2025-01-01,,',
      ',PROCESSOR,Alpha,PT,,,GRANITE,2025-01-01,,',
      ',PROCESSOR,Alpha Ltd,PT,,Gent,GRANITE,2025-01-01,,',
      'q-1,,,,,,GRANITE,2025-01-01,,',
    ),
  );
  t.same(
    [...wanted.values()].map((w) => [w.kind, w.line, w.name, w.country, w.place, [...w.stoneTypes]]),
    [
      ['QUARRY', 2, 'Alpha', 'PT', 'Evora', ['GRANITE', 'MARBLE', 'LIMESTONE']],
      ['QUARRY', 5, 'Alpha', 'ES', 'Galicia', ['GRANITE']],
      ['PROCESSOR', 6, 'Alpha', 'PT', null, ['GRANITE']],
    ],
    'one supplier per kind, country and folded name, as registering it would; a row naming its supplier by id asks for none',
  );
});

t.test('the customer must be visible and not a quarry, or the whole file is refused at line 0', async (t) => {
  t.same(customerRefusal(undefined, 'c-1', 3), {
    ok: false,
    rows: 3,
    errorCount: 1,
    errors: [{ line: 0, field: 'customerId', message: 'no processor or importer c-1' }],
  });
  t.match(customerRefusal(quarry('c-1', ['GRANITE']), 'c-1', 3), {
    errors: [{ line: 0, field: 'customerId', message: 'a customer must be a processor or importer, not a quarry' }],
  });
  t.equal(customerRefusal(processor('c-1'), 'c-1', 3), null);
});

t.test('each row is held to the rules of registerSupplyLink, under the column names of the file', async (t) => {
  const rows = await rowsOf(
    'q-1,,,,,,GRANITE,2025-01-01,,',
    'q-1,,,,,,MARBLE,2025-01-01,,',
    'nobody,,,,,,GRANITE,2025-01-01,,',
    'c-1,,,,,,GRANITE,2025-01-01,,',
    ',QUARRY,Alpha,PT,Evora,,LIMESTONE,2025-01-01,,',
  );
  const named = keyOf(rows);
  const problems = rowProblems(
    rows,
    'c-1',
    known([quarry('q-1', ['GRANITE']), processor('c-1')], [[named, quarry('q-2', ['GRANITE'])]]),
  );
  t.same(
    problems.listed.map((p) => [p.line, p.field, p.message]),
    [
      [3, 'stone_type', 'quarry Quarry q-1 does not yield MARBLE'],
      [4, 'supplier_id', 'no chain node nobody (or not visible to you)'],
      [5, 'supplier_id', 'a node cannot supply itself'],
      [6, 'stone_type', 'quarry Quarry q-2 does not yield LIMESTONE'],
    ],
  );
  t.equal(
    rowProblems(rows.slice(4), 'c-1', known([processor('c-1')])).count,
    0,
    'a supplier the import creates yields what the file says',
  );
});

t.test(
  'a supplier named by name is created only when no visible node matches, and each link names its supplier',
  async (t) => {
    const rows = await rowsOf(
      'q-1,,,,,,GRANITE,2025-01-01,2025-12-31,1250.5',
      ',QUARRY,Alpha,PT,Evora,,GRANITE,2025-02-01,,',
      ',PROCESSOR,Beta,BE,,Gent,GRANITE,2025-03-01,,',
    );
    const [alpha, beta] = [...wantedSuppliers(rows).keys()];
    const nodes = known([quarry('q-1', ['GRANITE'])], [[alpha!, quarry('q-alpha', ['GRANITE'])]]);
    const created = newSuppliers(wantedSuppliers(rows), nodes.byName);
    t.match(created, [
      { key: beta, kind: 'PROCESSOR', name: 'Beta', country: 'BE', place: 'Gent', stoneTypes: ['GRANITE'] },
    ]);
    t.equal(created.length, 1, 'Alpha is matched, not created again');

    const links = supplyLinksOf(rows, 'c-1', nodes, created);
    t.same(
      links.map(({ id: _id, ...link }) => link),
      [
        {
          supplierId: 'q-1',
          customerId: 'c-1',
          stoneType: 'GRANITE',
          validFrom: '2025-01-01',
          validTo: '2025-12-31',
          annualVolumeTonnes: 1250.5,
        },
        {
          supplierId: 'q-alpha',
          customerId: 'c-1',
          stoneType: 'GRANITE',
          validFrom: '2025-02-01',
          validTo: null,
          annualVolumeTonnes: null,
        },
        {
          supplierId: created[0]!.id,
          customerId: 'c-1',
          stoneType: 'GRANITE',
          validFrom: '2025-03-01',
          validTo: null,
          annualVolumeTonnes: null,
        },
      ],
    );
    t.equal(new Set(links.map((link) => link.id)).size, 3, 'every link has an id of its own');
  },
);
