import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';

/**
 * `npm run import -- --file suppliers.csv [--customer <id>] [--url http://127.0.0.1:4000]`
 * Streams the CSV to POST /import/supply-links with the token in STONETRACE_TOKEN.
 */
const usage =
  'usage: STONETRACE_TOKEN=<token> npm run import -- --file <csv> [--customer <id> (ADMIN)] [--url <base url>]';

const { values } = parseArgs({
  options: { file: { type: 'string' }, customer: { type: 'string' }, url: { type: 'string' } },
});
const token = process.env.STONETRACE_TOKEN;
if (!values.file || !token) {
  console.error(usage);
  process.exit(2);
}

const base = values.url ?? `http://127.0.0.1:${process.env.PORT ?? 4000}`;
const target = new URL('/import/supply-links', base);
if (values.customer) target.searchParams.set('customerId', values.customer);

const response = await fetch(target, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
  body: Readable.toWeb(createReadStream(values.file)) as ReadableStream,
  duplex: 'half',
} as RequestInit);
const body = (await response.json()) as {
  error?: string;
  rowErrors?: { line: number; field: string; message: string }[];
  errorCount?: number;
};
if (!response.ok) {
  console.error(body.error ?? `HTTP ${response.status}`);
  const listed = body.rowErrors ?? [];
  for (const e of listed) console.error(`  line ${e.line}: ${e.field}: ${e.message}`);
  if (body.errorCount !== undefined && body.errorCount > listed.length)
    console.error(`  ... and ${body.errorCount - listed.length} more`);
  process.exit(1);
}
console.log(JSON.stringify(body));
