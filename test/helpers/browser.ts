import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import type { Test } from 'tap';
import { fromRoot } from '../../src/paths.js';

/** Debian's Chromium: the browser tests drive it headless through playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';

/** A browser test's `skip` option: skipped, saying why, where Chromium is not installed. */
export const withoutChromium: string | false = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is absent: install Debian's chromium package to run the browser tests`;

/** Headless Chromium without anything that phones home, closed when the test ends. */
export async function launchChromium(t: Test): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 20_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  t.teardown(() => browser.close());
  return browser;
}

const isLocalHost = (host: string): boolean => host === '127.0.0.1' || host === 'localhost' || host === '[::1]';

/**
 * A browser context whose requests may go to this machine only: anything addressed elsewhere is
 * recorded in `outside` and refused before it reaches the network (the pages are meant for
 * networks that cannot reach a CDN, and must ask nothing of one).
 */
export async function localContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; outside: string[] }> {
  const context = await browser.newContext(options);
  const outside: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (isLocalHost(url.hostname)) return route.continue();
    outside.push(url.href);
    return route.abort('blockedbyclient');
  });
  return { context, outside };
}

/** The folder a test's screenshots go to: test-results/<name>, kept out of git. */
export function outputFolder(name: string): string {
  const folder = fromRoot('test-results', name);
  mkdirSync(folder, { recursive: true });
  return folder;
}
