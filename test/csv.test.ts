import t from 'tap';
import { parse } from 'csv-parse/sync';
import { CsvTooLarge, CsvUnreadable, detectDelimiter, readCsvRecords, toCsv, type CsvReadLimits } from '../src/shared/csv.js';
import { importColumns, maxListedProblems, parseSupplyLinkCsv } from '../src/registry/supplyLinkImport.js';
import { placeLinks } from '../src/registry/supplyLinkRegistration.js';

// Pure logic: no database needed.

const limits: CsvReadLimits = { maxBytes: 1024 * 1024, maxRecordChars: 4096 };

async function* chunks(...parts: (string | Buffer)[]) {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part) : part;
}

async function readAll(input: AsyncIterable<Buffer>, readLimits = limits) {
  const out = [];
  for await (const record of readCsvRecords(input, readLimits)) out.push(record);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

t.test('cells a spreadsheet would evaluate are neutralised: quote prefix, quoted cell', async (t) => {
  const dangerous = ['=HYPERLINK("http://x","y")', '+31 20 123', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '\uFF1D1+1'];
  const csv = toCsv(['cell', 'n'], dangerous.map((cell) => [cell, 1]));
  const [header, ...rows]: string[][] = parse(csv);
  t.same(header, ['cell', 'n']);
  t.same(rows.map((r) => r[0]), dangerous.map((cell) => `'${cell}`), 'each reads back as text behind a single quote');
  for (const line of csv.split('\n').slice(1, -1)) t.match(line, /^"'/, `quoted and prefixed: ${JSON.stringify(line)}`);
  t.equal(toCsv(['a', 'b', 'c', 'd'], [['Evora', 'other areas in PT', null, -3]]), 'a,b,c,d\nEvora,other areas in PT,,-3\n', 'plain text, empty cells and numbers are unchanged');
  t.equal(toCsv(['a'], [['Rio, "RJ"']]), 'a\n"Rio, ""RJ"""\n', 'delimiters and quotes are quoted as CSV demands');
});

t.test('the delimiter comes from the header line', async (t) => {
  t.equal(detectDelimiter('supplier_id;supplier_kind;stone_type'), ';');
  t.equal(detectDelimiter('supplier_id,supplier_kind,stone_type'), ',');
  t.equal(detectDelimiter('only_one_column'), ',');
  const semicolons = await readAll(chunks('a;b\n"1,5";x\n'));
  t.same(semicolons.map((r) => r.record), [{ a: '1,5', b: 'x' }], 'a decimal comma stays in its field');
  const commas = await readAll(chunks('a,b\nx;y,z\n'));
  t.same(commas.map((r) => r.record), [{ a: 'x;y', b: 'z' }], 'a semicolon in a comma file is text');
});

t.test('UTF-8 is required: the first bad byte is named by line and byte', async (t) => {
  const latin1 = Buffer.from('a,b\nx,y\nCaf\xe9,z\n', 'latin1');
  const error = await failure(readAll(chunks(latin1)));
  t.ok(error instanceof CsvUnreadable);
  t.equal((error as CsvUnreadable).line, 3);
  t.match(error.message, /not UTF-8: byte 0xE9 at line 3, byte 12 of the file/);

  const split = await failure(readAll(chunks('a,b\n', Buffer.from('\xe9,1\n', 'latin1'))));
  t.match(split.message, /byte 0xE9 at line 2, byte 5 of the file/, 'counted across chunks');

  const e = Buffer.from('é');
  const records = await readAll(chunks(Buffer.concat([Buffer.from('a\nCaf'), e.subarray(0, 1)]), Buffer.concat([e.subarray(1), Buffer.from('\n')])));
  t.same(records.map((r) => r.record.a), ['Café'], 'a character split between two chunks is fine');

  const utf16 = await failure(readAll(chunks(Buffer.from('\ufeffa,b\n', 'utf16le'))));
  t.match(utf16.message, /UTF-16/);
  t.same((await readAll(chunks('\ufeffa,b\n1,2\n'))).map((r) => r.record), [{ a: '1', b: '2' }], 'a UTF-8 byte order mark is fine');
});

t.test('bytes are counted as they stream: past the limit the read stops', async (t) => {
  let served = 0;
  async function* endless() {
    yield Buffer.from('a,b\n');
    for (;;) {
      served++;
      yield Buffer.from('1,2\n'.repeat(1000));
    }
  }
  const error = await failure(readAll(endless(), { maxBytes: 100_000, maxRecordChars: 4096 }));
  t.ok(error instanceof CsvTooLarge);
  t.equal((error as CsvTooLarge).maxBytes, 100_000);
  t.ok(served <= 26, `stopped after ${served} chunks of 4,000 bytes`);
});

t.test('a record longer than the limit stops the read, naming its line', async (t) => {
  const error = await failure(readAll(chunks(`a,b\n1,2\n${'x'.repeat(5000)},3\n`)));
  t.ok(error instanceof CsvUnreadable);
  t.equal((error as CsvUnreadable).rule, 'max_record_chars');
  t.match(error.message, /line 3 is longer than 4096 characters/);
});

t.test('5,000 bad rows: the first 100 problems are listed, all are counted', async (t) => {
  const lines = [importColumns.join(',')];
  for (let i = 0; i < 5_000; i++) lines.push(',QUARRY,X,PT,Evora,,GRANITE,2025-13-01,,');
  const { records, rows, problems } = await parseSupplyLinkCsv(chunks(lines.join('\n')), { ...limits, maxRows: 100_000 });
  t.equal(records, 5_000);
  t.equal(rows.length, 0);
  t.equal(problems.count, 5_000);
  t.equal(problems.listed.length, maxListedProblems);
  t.same(problems.listed.slice(0, 2).map((p) => [p.line, p.field]), [[2, 'valid_from'], [3, 'valid_from']]);

  const good = [importColumns.join(','), ...Array.from({ length: 5 }, () => ',QUARRY,X,PT,Evora,,GRANITE,2025-01-01,,')];
  const capped = await parseSupplyLinkCsv(chunks(good.join('\n')), { ...limits, maxRows: 3 });
  t.same(capped.problems.listed, [{ line: 5, field: '', message: 'at most 3 rows per file' }], 'the fourth row is one too many');
});

t.test('rows are placed as links: repeats collapse, overlaps with existing links reuse them', async (t) => {
  const row = (id: string, validFrom: string, validTo: string | null, stoneType = 'GRANITE') => ({
    id,
    supplierId: 'q',
    customerId: 'c',
    stoneType,
    validFrom,
    validTo,
    annualVolumeTonnes: null,
  });
  const days = Array.from({ length: 1000 }, (_, i) => {
    const day = new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10);
    return row(`d${i}`, day, day);
  });
  t.equal(placeLinks(days.reverse(), new Map()).create.length, 1000, 'one link per day, in any order');

  const placed = placeLinks(
    [
      row('late', '2025-03-01', null),
      row('early', '2025-01-01', '2025-06-30'),
      row('after', '2025-07-01', '2025-07-31'),
      row('marble', '2025-01-01', null, 'MARBLE'),
      row('old', '2010-01-01', '2010-12-31'),
      row('between', '2012-06-01', '2012-06-30'),
    ],
    new Map([
      [
        'q|c|GRANITE',
        [
          { id: 'x2', validFrom: '2009-01-01', validTo: '2010-03-01' },
          { id: 'x1', validFrom: '2009-01-01', validTo: null },
        ],
      ],
    ]),
  );
  t.same(placed.create.map((r) => r.id), ['marble'], 'every GRANITE row overlaps the open-ended existing link x1, or a row kept before it');
  t.same(Object.fromEntries(placed.existing), { old: 'x1', between: 'x1', early: 'x1', after: 'x1' }, 'the earliest overlapping existing link (validFrom, then id); "late" repeats "early"');

  const gaps = placeLinks(
    [row('in-gap', '2011-01-01', '2011-12-31'), row('touching', '2010-12-31', '2010-12-31'), row('new', '2020-01-01', null)],
    new Map([['q|c|GRANITE', [{ id: 'e1', validFrom: '2010-01-01', validTo: '2010-12-31' }, { id: 'e2', validFrom: '2012-01-01', validTo: '2012-12-31' }]]]),
  );
  t.same(gaps.create.map((r) => r.id), ['in-gap', 'new'], 'rows between existing links are new links');
  t.same(Object.fromEntries(gaps.existing), { touching: 'e1' });
});
