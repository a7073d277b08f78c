import { parse } from 'csv-parse/sync';
import t from 'tap';
import { CsvTooLarge, CsvUnreadable, detectDelimiter, readCsvRecords, toCsv, type CsvReadLimits } from '../../../src/shared/csv.js';
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
