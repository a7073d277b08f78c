import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';

/**
 * `npm run test:unit`: every test file under test/unit, in this one process. They need no
 * database, and a process per file would spend more time starting TypeScript than testing.
 * tap keys a file's snapshots by the process it runs in, so a file with snapshots gets a process
 * of its own. One file alone still runs on its own: `npx tap test/unit/trace/compute.test.ts`.
 */
const directory = new URL('unit/', import.meta.url);
const files = readdirSync(directory, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts'))
  .sort();
for (const file of files) {
  const url = new URL(file, directory);
  if (readFileSync(url, 'utf8').includes('matchSnapshot')) {
    await t.spawn(process.execPath, [...process.execArgv, fileURLToPath(url)], `test/unit/${file}`);
  } else {
    await import(url.href);
  }
}
