import { pipeline, Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';

/**
 * The service's CSV, in and out. Out: every cell a spreadsheet would evaluate as a formula is
 * neutralised. In: a file is read as a stream and refused, with a reason a person can act on, as
 * soon as it breaks a limit, is not UTF-8, or is not CSV.
 */

/** Leading characters a spreadsheet evaluates (OWASP CSV injection), also in their full-width forms. */
const formulaStart = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Rows as CSV text (header first, `\n` line ends). A text cell that starts like a formula gets a
 * leading single quote and is quoted, so spreadsheets show it as text; numbers are left as numbers.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  // A cast on text cells, not the option escape_formulas: that one prefixes but leaves the cell unquoted.
  return stringify([header, ...rows], {
    record_delimiter: 'unix',
    cast: { string: (value) => (formulaStart.test(value) ? { value: `'${value}`, quoted: true } : value) },
  });
}

export interface CsvReadLimits {
  /** Bytes of the whole file. */
  maxBytes: number;
  /** Characters of one record (all its fields), which bounds every field too. */
  maxRecordChars: number;
}

/** The file is larger than `maxBytes`: refused as a whole (HTTP 413), nothing more is read. */
export class CsvTooLarge extends Error {
  override name = 'CsvTooLarge';
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
  }
}

/** The file cannot be read: wrong encoding, a record over the size limit, or broken CSV. */
export class CsvUnreadable extends Error {
  override name = 'CsvUnreadable';
  constructor(
    readonly line: number,
    readonly rule: 'utf8' | 'max_record_chars' | 'csv_syntax',
    message: string,
  ) {
    super(message);
  }
}

export interface CsvRecord {
  /** Fields by column name (the header's names, trimmed and lower-cased). */
  record: Record<string, string>;
  /** The record's last line in the file; the header is line 1. */
  line: number;
}

/** Spreadsheets in locales with a decimal comma (Dutch, Flemish) export `;`-separated files. */
export function detectDelimiter(headerLine: string): ',' | ';' {
  const count = (c: string) => headerLine.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

const newline = 0x0a;
const maxHeaderPeekBytes = 64 * 1024;

/**
 * Records of a CSV file, read as it streams in: the delimiter is taken from the header line, bytes
 * are counted (CsvTooLarge past the limit) and checked to be UTF-8 (CsvUnreadable naming the line
 * and byte of the first bad one), and a record longer than the limit stops the read.
 */
export async function* readCsvRecords(
  input: AsyncIterable<Buffer | string>,
  limits: CsvReadLimits,
): AsyncGenerator<CsvRecord> {
  const bytes = utf8Chunks(input, limits.maxBytes)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  for (let next = await bytes.next(); !next.done; next = await bytes.next()) {
    head.push(next.value);
    headBytes += next.value.length;
    if (next.value.includes(newline) || headBytes > maxHeaderPeekBytes) break;
  }
  const headerLine = Buffer.concat(head).toString('utf8').split('\n', 1)[0] ?? '';
  const parser = parse({
    delimiter: detectDelimiter(headerLine),
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    bom: true,
    trim: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: limits.maxRecordChars,
  });
  const rest = async function* () {
    yield* head;
    for (let next = await bytes.next(); !next.done; next = await bytes.next()) yield next.value;
  };
  // A failure of the source (size, encoding) destroys the parser with that error: the loop below throws it.
  pipeline(Readable.from(rest()), parser, () => undefined);
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield { record, line: info.lines };
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' ? error.lines : 0;
    if (error.code === 'CSV_MAX_RECORD_SIZE') {
      throw new CsvUnreadable(
        line,
        'max_record_chars',
        `line ${line} is longer than ${limits.maxRecordChars} characters`,
      );
    }
    throw new CsvUnreadable(line, 'csv_syntax', `not readable as CSV: ${error.message}`);
  }
}

/** The input's bytes, passed on unchanged once counted and checked to be UTF-8. */
async function* utf8Chunks(input: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  let line = 1;
  for await (const piece of input) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    if (offset + chunk.length > maxBytes) throw new CsvTooLarge(maxBytes);
    if (offset === 0 && (utf16Bom(chunk, 0xff, 0xfe) || utf16Bom(chunk, 0xfe, 0xff))) {
      throw new CsvUnreadable(
        1,
        'utf8',
        'the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as "CSV UTF-8"',
      );
    }
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      const at = firstInvalidByte(chunk, offset > 0);
      const lineOfByte = line + countNewlines(chunk.subarray(0, at));
      throw new CsvUnreadable(
        lineOfByte,
        'utf8',
        `the file is not UTF-8: byte 0x${chunk[at]!.toString(16).toUpperCase().padStart(2, '0')} at line ${lineOfByte}, byte ${offset + at + 1} of the file; save it as "CSV UTF-8"`,
      );
    }
    line += countNewlines(chunk);
    offset += chunk.length;
    yield chunk;
  }
  try {
    decoder.decode();
  } catch {
    throw new CsvUnreadable(
      line,
      'utf8',
      `the file is not UTF-8: it ends inside a character (line ${line}, byte ${offset})`,
    );
  }
}

const utf16Bom = (chunk: Buffer, first: number, second: number) => chunk[0] === first && chunk[1] === second;

function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(newline); at !== -1; at = bytes.indexOf(newline, at + 1)) count++;
  return count;
}

/**
 * The index of the first byte that is not UTF-8: decoding fails just past the longest prefix that
 * still decodes (an unfinished character at its end is allowed), at that character if it is cut short. A chunk that continues a character begun
 * in the one before starts with continuation bytes, which are skipped.
 */
function firstInvalidByte(chunk: Buffer, continuesEarlierChunk: boolean): number {
  let start = 0;
  while (continuesEarlierChunk && start < 3 && (chunk[start]! & 0xc0) === 0x80) start++;
  const decodes = (end: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(start, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let good = start;
  let bad = chunk.length;
  while (bad - good > 1) {
    const middle = (good + bad) >>> 1;
    if (decodes(middle)) good = middle;
    else bad = middle;
  }
  const at = bad - 1;
  // A character begun just before `at` and cut short by it: name the byte where it begins.
  let lead = at;
  while (lead > start && at - lead < 3 && (chunk[lead - 1]! & 0xc0) === 0x80) lead--;
  const begun = lead - 1;
  return begun >= start && chunk[begun]! >= 0xc0 && sequenceLength(chunk[begun]!) > at - begun ? begun : at;
}

const sequenceLength = (lead: number) => (lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2);
