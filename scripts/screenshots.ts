import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import t from 'tap';
import { fromRoot } from '../src/paths.js';
import { readDataset } from '../src/seed/dataset.js';
import { exampleProjectId } from '../src/seed/graphiqlExample.js';
import { loadDataset } from '../src/seed/load.js';
import { gql, testApp } from '../test/helpers/app.js';
import { launchChromium, localContext } from '../test/helpers/browser.js';

/**
 * `npm run screenshots`: the README's pictures of the buyer's journey, docs/images/journey-*.png,
 * taken the way the browser tests take theirs: the app on the sample data, in headless Chromium
 * with JavaScript off, nothing fetched from elsewhere. It runs as a tap file under test/run.ts, so a
 * step whose page does not appear fails instead of leaving a stale picture, and always on a
 * throwaway embedded Neo4j (the npm script unsets NEO4J_URI): a database others wrote to would show
 * their share links on the project page. The steps: the sign-in form; the sample BUYER signed in on
 * its project page; the printable report; a share link opened in another browser without a key; the
 * same link once revoked.
 */

const images = fromRoot('docs', 'images');
const viewport = { width: 1280, height: 800 };

/** A page from its top, at most `maxHeight` of it: the README shows the top of a long page, not all of it. */
async function shoot(page: Page, name: string, maxHeight = viewport.height): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({
    path: `${images}/journey-${name}.png`,
    clip: { x: 0, y: 0, width: viewport.width, height: Math.min(height, maxHeight) },
    fullPage: true,
  });
}

await t.test('the buyer journey, shot for the README', { timeout: 180_000 }, async (t) => {
  const app = await testApp(t);
  const dataset = readDataset();
  await loadDataset(app.graph, dataset);
  const buyerToken = dataset.apiKeys!.find((key) => key.role === 'BUYER')!.token;
  await app.listen({ host: '127.0.0.1', port: 0 });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  mkdirSync(images, { recursive: true });

  // The link is made first, so the project page lists it as the buyer will see it.
  const created = await gql<{ createReportLink: { id: string; url: string } }>(
    app,
    'mutation($id: ID!, $on: Date!) { createReportLink(projectId: $id, expiresOn: $on) { id url } }',
    { id: exampleProjectId, on: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) },
    buyerToken,
  );
  const link = created.data!.createReportLink;
  // The link names the origin the mutation came to (an injected request's); the browser opens it here.
  const sharedUrl = `${origin}${new URL(link.url).pathname}`;

  const browser = await launchChromium(t);
  const buyer = await localContext(browser, { viewport, javaScriptEnabled: false });
  const page = await buyer.context.newPage();
  page.setDefaultTimeout(30_000);

  await page.goto(`${origin}/signin`);
  await page.getByRole('heading', { name: 'Sign in to stonetrace' }).waitFor();
  await shoot(page, '1-signin');

  await page.getByLabel('API key').fill(buyerToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Quay wall renewal' }).click();
  await page.getByRole('heading', { level: 1, name: /Quay wall renewal/ }).waitFor();
  await shoot(page, '2-project-page', 4000);

  await page.getByRole('link', { name: 'Printable report' }).click();
  await page.getByRole('heading', { level: 1, name: /Due-diligence report: Quay wall renewal/ }).waitFor();
  await shoot(page, '3-report', 1800);

  const stranger = await localContext(browser, { viewport, javaScriptEnabled: false });
  const shared = await stranger.context.newPage();
  t.equal((await shared.goto(sharedUrl))?.status(), 200, 'the share link opens without a key');
  await shared.getByRole('heading', { level: 1, name: /Due-diligence report: Quay wall renewal/ }).waitFor();
  await shoot(shared, '4-shared-link');

  await gql(app, 'mutation($id: ID!) { revokeReportLink(id: $id) { id } }', { id: link.id }, buyerToken);
  t.equal((await shared.goto(sharedUrl))?.status(), 410, 'revoked, it answers 410');
  await shoot(shared, '5-shared-link-revoked');

  t.same([...buyer.outside, ...stranger.outside], [], 'nothing was fetched from another server');
  t.comment(`screenshots: ${images}`);
});
