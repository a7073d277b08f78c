// `prestart` / `pretest`: on a fresh clone, install the locked dependencies first, so `npm start`
// and `npm test` are the only commands a newcomer needs. Plain JavaScript: it runs before tsx exists.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../../node_modules/.package-lock.json', import.meta.url))) {
  console.error('node_modules is missing: running npm ci once...');
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  process.exit(npm.status ?? 1);
}
