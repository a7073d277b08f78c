import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import t from 'tap';
import { readDataset } from '../src/seed/dataset.js';
import { exampleProjectId } from '../src/seed/graphiqlExample.js';
import { loadDataset } from '../src/seed/load.js';
import { gql, issueToken, testApp } from './helpers/app.js';
import { launchChromium, localContext, outputFolder, withoutChromium } from './helpers/browser.js';
import { normalised, readPdf } from './helpers/pdfText.js';

/**
 * The project page and the printable report in a real (headless) Chromium with JavaScript off, as
 * the sample buyer meets them: signed in at /signin with the sample BUYER key (no header), the
 * signed-in page leads to the project page, whose map has a point per origin quarry, whose Sankey
 * diagram has a band per path, and which lists the buyer's share link; its printable report prints
 * to A4 pages that list the deliveries. A complaint the committee admitted about one of its quarries
 * is on the page and in the report. Nothing is fetched from outside. Screenshots and the PDF go to
 * test-results/project-pages-browser/.
 */

interface SampleTrace {
  trace: { origins: { quarry: { name: string }; paths: { share: number }[] }[]; gaps: unknown[] };
}

/** The printed date of a delivery, as the English report writes it in its table. */
const printedDay = (isoDate: string): string =>
  new Date(`${isoDate}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

t.test(
  'the sample buyer signs in, opens its project page and prints the report',
  {
    skip: withoutChromium,
    // Most of the time is Neo4j loading the sample data, much slower on a busy machine.
    timeout: 180_000,
  },
  async (t) => {
    const app = await testApp(t);
    const dataset = readDataset();
    await loadDataset(app.graph, dataset);
    const buyerToken = dataset.apiKeys!.find((key) => key.role === 'BUYER')!.token;
    await app.listen({ host: '127.0.0.1', port: 0 });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const output = outputFolder('project-pages-browser');
    const shoot = (page: Page, name: string) => page.screenshot({ path: join(output, `${name}.png`), fullPage: true });

    // What the page must draw, from the API: a point per origin quarry, a band per path; and a share link to list.
    const { data } = await gql<SampleTrace>(
      app,
      'query($id: ID!) { trace(projectId: $id) { origins { quarry { name } paths { share } } gaps { share } } }',
      { id: exampleProjectId },
      buyerToken,
    );
    const { origins, gaps } = data!.trace;
    const paths = origins.reduce((sum, o) => sum + o.paths.length, 0);
    t.ok(origins.length > 1, `the sample project has ${origins.length} quarries over ${paths} paths`);
    const deliveries = dataset.deliveries.filter((delivery) => delivery.project === 'project-amsterdam-quay-wall');
    const shared = await gql<{ createReportLink: { id: string } }>(
      app,
      'mutation($id: ID!, $on: Date!) { createReportLink(projectId: $id, expiresOn: $on) { id } }',
      { id: exampleProjectId, on: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) },
      buyerToken,
    );
    const linkId = shared.data!.createReportLink.id;
    const complaint = await admittedComplaint(
      app,
      buyerToken,
      deliveries
        .map((d) => d.deliveredOn)
        .sort()
        .at(-1)!,
    );

    const browser = await launchChromium(t);
    const { context, outside } = await localContext(browser, {
      viewport: { width: 1366, height: 900 },
      javaScriptEnabled: false,
    });
    const requested: string[] = [];
    context.on('request', (request) => requested.push(new URL(request.url()).pathname));
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });

    // Signed in through the form, the buyer follows its project from the signed-in page.
    await page.goto(`${origin}/signin`);
    await page.getByLabel('API key').fill(buyerToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Quay wall renewal' }).click();
    await page.getByRole('heading', { level: 1, name: /Quay wall renewal/ }).waitFor();
    t.equal(
      new URL(page.url()).pathname,
      `/projects/${exampleProjectId}`,
      'the signed-in page leads to the project page',
    );
    t.notOk(
      (await context.cookies()).some((cookie) => cookie.value.includes(buyerToken)),
      'the browser holds a session, not the key',
    );

    t.equal(
      await page.locator('svg.origin-map g.markers > g.origin').count(),
      origins.length,
      'the map has a point per origin quarry',
    );
    t.equal(await page.locator('svg.origin-map g.markers > g.gap').count(), gaps.length, 'and a mark per gap');
    t.equal(
      await page.locator('svg.chain-sankey g.band-traced').count(),
      paths,
      'the Sankey diagram has a band per path',
    );
    t.equal(
      await page.locator('svg.chain-sankey g.band-gap').count(),
      0,
      'and no gap band: the quay wall is traced through',
    );
    const bandFills = await page
      .locator('svg.chain-sankey g.band path')
      .evaluateAll((paths) => paths.map((path) => getComputedStyle(path).fill));
    t.same(
      [...new Set(bandFills)],
      ['none'],
      'bands are strokes only: a filled curve would shade the area under its chord',
    );
    for (const { quarry } of origins) {
      t.ok(
        await page.locator('svg.origin-map text.legend-line', { hasText: quarry.name }).count(),
        `the map's legend names ${quarry.name}`,
      );
    }
    const mapBox = await page.locator('svg.origin-map').boundingBox();
    const sankeyBox = await page.locator('svg.chain-sankey').boundingBox();
    t.ok(
      mapBox && mapBox.width > 400 && mapBox.width <= 1366,
      `the map is drawn at a readable width (${mapBox?.width} px)`,
    );
    t.ok(
      sankeyBox && sankeyBox.width > 600 && sankeyBox.width <= 1366,
      `so is the Sankey diagram (${sankeyBox?.width} px)`,
    );
    const linkRow = page.locator('section.share-links tr', { hasText: linkId });
    t.match(await linkRow.innerText(), 'Opens the report', 'the share link just made is listed as open');
    const complaintRow = page.locator('section.complaints tr', { hasText: complaint.reference });
    const row = await complaintRow.innerText();
    t.ok(
      row.includes(complaint.quarry) && row.includes('Admitted'),
      'the complaint admitted about a quarry of the chain is listed, with its site and status',
    );
    t.match(
      await page.locator('section.risks').innerText(),
      `admitted a complaint about ${complaint.quarry}`,
      'and the risks say why child labour is HIGH there (health and safety is SEVERE already)',
    );
    await page.locator('section.complaints').screenshot({ path: join(output, '5-project-page-complaints.png') });
    await shoot(page, '1-project-page');
    await page.locator('figure.sankey').screenshot({ path: join(output, '2-project-page-sankey.png') });

    await page.getByRole('link', { name: 'Nederlands' }).click();
    t.equal(await page.locator('h2', { hasText: 'Leveringen' }).count(), 1, 'the page in Dutch');
    await shoot(page, '3-project-page-nl');
    await page.getByRole('link', { name: 'English' }).click();

    await page.getByRole('link', { name: 'Printable report' }).click();
    await page.getByRole('heading', { level: 1, name: /Due-diligence report: Quay wall renewal/ }).waitFor();
    t.equal(
      new URL(page.url()).pathname,
      `/projects/${exampleProjectId}/report`,
      'the page links to its printable report',
    );
    await shoot(page, '4-report');
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    writeFileSync(join(output, 'report.pdf'), pdf);
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
      t.match(
        text,
        `${printedDay(delivery.deliveredOn)} Bluestone`,
        `the delivery of ${delivery.deliveredOn}, bluestone`,
      );
      t.match(
        text,
        `${delivery.massTonnes} t Grachtsteen Demo Trading B.V. (sample)`,
        `${delivery.massTonnes} t from its importer`,
      );
    }
    t.match(text, 'Map of the quarries the stone comes from', 'the map is printed');
    t.match(text, 'Complaints about sites in this chain', 'so are the complaints');
    t.match(text, complaint.reference);
    t.match(text, 'The supply chain as a Sankey diagram', 'so is the diagram');
    t.comment(`screenshots and the PDF: ${output}`);

    t.same(outside, [], 'no request was addressed outside this machine');
    t.same(
      requested.filter((path) => !path.startsWith('/projects/') && !path.startsWith('/signin')),
      [],
      'the pages asked for nothing but themselves',
    );
    t.same(problems, [], 'no console errors or CSP violations');
  },
);

/**
 * A complaint about the first origin quarry of the sample project's trace as on `day`, filed and
 * admitted by the committee as happening that day: its notice then reaches the project.
 */
async function admittedComplaint(
  app: Parameters<typeof gql>[0],
  buyerToken: string,
  day: string,
): Promise<{ reference: string; quarry: string }> {
  const traced = await gql(
    app,
    'query($id: ID!, $day: Date) { trace(projectId: $id, asOf: $day) { origins { quarry { id name } } } }',
    { id: exampleProjectId, day },
    buyerToken,
  );
  const { id: siteId, name: quarry } = traced.data!.trace.origins[0].quarry as { id: string; name: string };
  const filed = await gql(app, 'mutation($input: ComplaintInput!) { fileComplaint(input: $input) { reference } }', {
    input: {
      siteId,
      themes: ['HEALTH_SAFETY', 'CHILD_LABOUR'],
      description: 'No dust extraction at the saws, and children carry the offcuts.',
      occurredOn: day,
    },
  });
  const reference = filed.data!.fileComplaint.reference as string;
  const admin = await issueToken(app, 'ADMIN');
  const listed = await gql(app, '{ complaints { nodes { id reference } } }', {}, admin);
  const { id } = (listed.data!.complaints.nodes as { id: string; reference: string }[]).find(
    (c) => c.reference === reference,
  )!;
  await gql(app, 'mutation($id: ID!) { updateComplaint(id: $id, status: ADMISSIBLE) { status } }', { id }, admin);
  return { reference, quarry };
}
