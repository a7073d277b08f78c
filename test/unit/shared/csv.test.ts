import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import t from 'tap';
import {
  CsvTooLarge,
  CsvUnreadable,
  detectDelimiter,
  readCsvRecords,
  toCsv,
  type CsvReadLimits,
} from '../../../src/shared/csv.js';
import { chunks } from '../../helpers/csv.js';

const limits: CsvReadLimits = { maxBytes: 1024 * 1024, maxRecordChars: 4096 };

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
  const csv = toCsv(
    ['cell', 'n'],
    dangerous.map((cell) => [cell, 1]),
  );
  const [header, ...rows]: string[][] = parse(csv);
  t.same(header, ['cell', 'n']);
  t.same(
    rows.map((r) => r[0]),
    dangerous.map((cell) => `'${cell}`),
    'each reads back as text behind a single quote',
  );
  for (const line of csv.split('\n').slice(1, -1)) t.match(line, /^"'/, `quoted and prefixed: ${JSON.stringify(line)}`);
  t.equal(
    toCsv(['a', 'b', 'c', 'd'], [['Evora', 'other areas in PT', null, -3]]),
    'a,b,c,d\nEvora,other areas in PT,,-3\n',
    'plain text, empty cells and numbers are unchanged',
  );
  t.equal(toCsv(['a'], [['Rio, "RJ"']]), 'a\n"Rio, ""RJ"""\n', 'delimiters and quotes are quoted as CSV demands');
});

t.test('the delimiter comes from the header line', async (t) => {
  t.equal(detectDelimiter('supplier_id;supplier_kind;stone_type'), ';');
  t.equal(detectDelimiter('supplier_id,supplier_kind,stone_type'), ',');
  t.equal(detectDelimiter('only_one_column'), ',');
  const semicolons = await readAll(chunks('a;b\n"1,5";x\n'));
  t.same(
    semicolons.map((r) => r.record),
    [{ a: '1,5', b: 'x' }],
    'a decimal comma stays in its field',
  );
  const commas = await readAll(chunks('a,b\nx;y,z\n'));
  t.same(
    commas.map((r) => r.record),
    [{ a: 'x;y', b: 'z' }],
    'a semicolon in a comma file is text',
  );
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
  const records = await readAll(
    chunks(Buffer.concat([Buffer.from('a\nCaf'), e.subarray(0, 1)]), Buffer.concat([e.subarray(1), Buffer.from('\n')])),
  );
  t.same(
    records.map((r) => r.record.a),
    ['Café'],
    'a character split between two chunks is fine',
  );

  const utf16 = await failure(readAll(chunks(Buffer.from('\ufeffa,b\n', 'utf16le'))));
  t.match(utf16.message, /UTF-16/);
  t.same(
    (await readAll(chunks('\ufeffa,b\n1,2\n'))).map((r) => r.record),
    [{ a: '1', b: '2' }],
    'a UTF-8 byte order mark is fine',
  );
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

/**
 * Cells of any text, with the characters CSV must quote, and a reader could trip on, made common.
 * The reader trims the whitespace around an unquoted cell (a spreadsheet's padding), so these
 * cells have none.
 */
const cell = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: fc.constantFrom(',', ';', '"', "'", '\n', '\r', ' ', '\t', '=', '-', 'a', 'é'), maxLength: 12 }),
  )
  .map((text) => text.trim());

/** A header of 2 to 6 plain column names, rows under it, and where the file is cut into chunks. */
const table = fc.integer({ min: 2, max: 6 }).chain((columns) =>
  fc.record({
    header: fc.uniqueArray(
      fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_'), minLength: 1, maxLength: 12 }),
      { minLength: columns, maxLength: columns },
    ),
    rows: fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 5 }),
    cuts: fc.uniqueArray(fc.nat(), { maxLength: 4 }),
  }),
);

/** The file's bytes cut at the given offsets (modulo its length), as chunks of a stream. */
function cutAt(text: string, cuts: number[]): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  const offsets = [...new Set(cuts.map((cut) => cut % bytes.length))].sort((a, b) => a - b);
  return chunks(...[0, ...offsets].map((start, i) => bytes.subarray(start, offsets[i] ?? bytes.length)));
}

const asRecords = (header: string[], rows: string[][]) =>
  rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])));

t.test(
  'rows written by a CSV writer, with , or ; and either line end, read back as written, however the file is cut',
  async (t) => {
    const written = fc.record({
      table,
      delimiter: fc.constantFrom(',', ';'),
      lineEnd: fc.constantFrom('unix', 'windows'),
    });
    await fc.assert(
      fc.asyncProperty(written, async ({ table: { header, rows, cuts }, delimiter, lineEnd }) => {
        const csv = stringify([header, ...rows], { delimiter, record_delimiter: lineEnd });
        const read = (await readAll(cutAt(csv, cuts))).map((r) => r.record);
        return isDeepStrictEqual(read, asRecords(header, rows));
      }),
      { numRuns: 200 },
    );
    t.pass('200 files');
  },
);

t.test('rows written by toCsv read back as written, a cell that starts like a formula behind its quote', async (t) => {
  const formulaStart = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;
  await fc.assert(
    fc.asyncProperty(table, async ({ header, rows, cuts }) => {
      const read = (await readAll(cutAt(toCsv(header, rows), cuts))).map((r) => r.record);
      return isDeepStrictEqual(
        read,
        asRecords(
          header,
          rows.map((row) => row.map((text) => (formulaStart.test(text) ? `'${text}` : text))),
        ),
      );
    }),
    { numRuns: 200 },
  );
  t.pass('200 files');
});
