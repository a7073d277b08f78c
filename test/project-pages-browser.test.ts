import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { chromium, type Browser } from 'playwright-core';
import { fromRoot } from '../src/paths.js';
import { readDataset } from '../src/seed/dataset.js';
import { loadDataset } from '../src/seed/load.js';
import { exampleProjectId } from '../src/seed/graphiqlExample.js';
import { gql, testApp } from './helpers/app.js';
import { normalised, readPdf } from './helpers/pdfText.js';

/**
 * The project page and the printable report in a real (headless) Chromium with JavaScript off, as
 * the sample buyer sees them: the map has a point per origin quarry, the Sankey diagram a band per
 * path, nothing is fetched from outside, and the report prints to A4 pages that list the deliveries.
 * Screenshots and the PDF are left in .tap/screenshots/project-pages/ for a person to look at.
 */

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = fromRoot('.tap', 'screenshots', 'project-pages');
const isLocalHost = (host: string): boolean => host === '127.0.0.1' || host === 'localhost' || host === '[::1]';

t.test(
  "the sample buyer's project page and printed report",
  {
    skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent: install Debian's chromium package to run the browser test`,
    // Most of the time is Neo4j loading the sample data, much slower on a busy machine.
    timeout: 180_000,
  },
  async (t) => {
    const app = await testApp(t);
    const dataset = readDataset();
    await loadDataset(app.graph, dataset);
    const buyerToken = dataset.apiKeys?.find((key) => key.role === 'BUYER')?.token;
    if (!buyerToken) throw new Error('the sample data has no BUYER key');
    await app.listen({ host: '127.0.0.1', port: 0 });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    mkdirSync(OUTPUT, { recursive: true });

    // What the page must draw, from the API: a point per origin quarry, a band per path.
    const { data } = await gql<{ trace: { origins: { quarry: { name: string }; paths: { share: number }[] }[]; gaps: unknown[] } }>(
      app,
      'query($id: ID!) { trace(projectId: $id) { origins { quarry { name } paths { share } } gaps { share } } }',
      { id: exampleProjectId },
      buyerToken,
    );
    const { origins, gaps } = data!.trace;
    const paths = origins.reduce((sum, o) => sum + o.paths.length, 0);
    t.ok(origins.length > 1, `the sample project has ${origins.length} quarries over ${paths} paths`);
    const deliveries = dataset.deliveries.filter((delivery) => delivery.project === 'project-amsterdam-quay-wall');

    const browser: Browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: 20_000,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    t.teardown(() => browser.close());
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      javaScriptEnabled: false,
      extraHTTPHeaders: { authorization: `Bearer ${buyerToken}` },
    });
    const outside: string[] = [];
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (isLocalHost(url.hostname)) return route.continue();
      outside.push(url.href);
      return route.abort('blockedbyclient');
    });
    const requested: string[] = [];
    context.on('request', (request) => requested.push(request.url()));
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);

    const opened = await page.goto(`${origin}/projects/${exampleProjectId}`, { waitUntil: 'load' });
    t.equal(opened?.status(), 200, 'the page opens with the key in a header');
    t.equal(await page.locator('svg.origin-map g.markers > g.origin').count(), origins.length, 'the map has a point per origin quarry');
    t.equal(await page.locator('svg.origin-map g.markers > g.gap').count(), gaps.length, 'and a mark per gap');
    t.equal(await page.locator('svg.chain-sankey g.band-traced').count(), paths, 'the Sankey diagram has a band per path');
    t.equal(await page.locator('svg.chain-sankey g.band-gap').count(), 0, 'and no gap band: the quay wall is traced through');
    for (const { quarry } of origins) {
      t.ok(await page.locator('svg.origin-map text.legend-line', { hasText: quarry.name }).count(), `the map's legend names ${quarry.name}`);
    }
    const mapBox = await page.locator('svg.origin-map').boundingBox();
    const sankeyBox = await page.locator('svg.chain-sankey').boundingBox();
    t.ok(mapBox && mapBox.width > 400 && mapBox.width <= 1366, `the map is drawn at a readable width (${mapBox?.width} px)`);
    t.ok(sankeyBox && sankeyBox.width > 600 && sankeyBox.width <= 1366, `so is the Sankey diagram (${sankeyBox?.width} px)`);
    t.equal(await page.locator('a', { hasText: 'Printable report' }).getAttribute('href'), `/projects/${exampleProjectId}/report?lang=en`);
    await page.screenshot({ path: join(OUTPUT, 'project-page.png'), fullPage: true });
    await page.locator('figure.sankey').screenshot({ path: join(OUTPUT, 'project-page-sankey.png') });

    await page.goto(`${origin}/projects/${exampleProjectId}?lang=nl`, { waitUntil: 'load' });
    t.equal(await page.locator('h2', { hasText: 'Leveringen' }).count(), 1, 'the page in Dutch');
    await page.screenshot({ path: join(OUTPUT, 'project-page-nl.png'), fullPage: true });

    const report = await page.goto(`${origin}/projects/${exampleProjectId}/report`, { waitUntil: 'load' });
    t.equal(report?.status(), 200, 'the report opens');
    await page.screenshot({ path: join(OUTPUT, 'report.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    writeFileSync(join(OUTPUT, 'report.pdf'), pdf);
    const pages = readPdf(pdf);
    t.ok(pages.length >= 3 && pages.length <= 10, `the report prints on ${pages.length} pages`);
    t.ok(
      pages.every(({ size: [width, height] }) => Math.abs(width - 595) < 1 && Math.abs(height - 842) < 1),
      'all A4',
    );
    const text = normalised(pages);
    t.match(text, 'Deliveries', 'the printed report has the deliveries');
    t.match(text, `${deliveries.length} deliveries`);
    for (const delivery of deliveries) {
      const day = new Date(`${delivery.deliveredOn}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
      t.match(text, `${day} Bluestone`, `the delivery of ${delivery.deliveredOn}, bluestone`);
      t.match(text, `${delivery.massTonnes} t Grachtsteen Demo Trading B.V. (sample)`, `${delivery.massTonnes} t from its importer`);
    }
    t.match(text, 'Map of the quarries the stone comes from', 'the map is printed');
    t.match(text, 'The supply chain as a Sankey diagram', 'so is the diagram');
    t.comment(`screenshots and the PDF: ${OUTPUT}`);

    t.same(outside, [], 'no request was addressed outside this machine');
    t.same(
      requested.filter((url) => !url.startsWith(`${origin}/projects/`)),
      [],
      'the pages asked for nothing but themselves',
    );
  },
);
