import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { gql, issueToken, testApp } from './helpers/app.js';
import { launchChromium, localContext, outputFolder, withoutChromium } from './helpers/browser.js';
import { ChainBuilder } from './helpers/chain.js';

const PROGRESS = `query($year: Int!) { sectorProgress(year: $year) {
  year
  sector { weighting knownBackToFactory knownBackToQuarry companies }
  own { weighting knownBackToFactory knownBackToQuarry companies }
  series { year sector { weighting knownBackToFactory knownBackToQuarry companies } }
} }`;

const in2007 = { validFrom: '2007-01-01', validTo: '2007-12-31' } as const;
const in2008 = { validFrom: '2008-01-01', validTo: '2008-12-31' } as const;

/**
 * Importers A, B and C, with TRACE_MAX_DEPTH 3. In 2007 (no volumes declared, so links count):
 *   a1 P1 → A, P1 ← Q            factory ✓ quarry ✓ (2 links)
 *   a2 B → A, B ← Q (b2)         factory ✓ quarry ✓ (an importer's own supplier is a quarry)
 *   a3 E → A, E supplies nothing factory ✗ quarry ✗
 *   b1 P2 → B, P2 supplies none  factory ✓ quarry ✗
 *   b2 Q → B                     factory ✓ quarry ✓
 *   c1 P3 → C ← P4 ← P5 ← Q      factory ✓ quarry ✗ (4 links, one more than the limit)
 *   c2 P1 → C in marble          factory ✓ quarry ✗ (P1's quarry supplies granite)
 * so 6 of 7 links are known back to a factory, 3 of 7 back to a quarry.
 * In 2008, every link declares a volume: Q → A 300 t, P2 → B 100 t, P1 → C 100 t with P1 ← Q:
 * 500 of 500 t back to a factory, 400 of 500 t back to a quarry.
 */
function handChain(): ChainBuilder {
  const chain = new ChainBuilder();
  chain.quarry('Q');
  for (const name of ['P1', 'P2', 'P3', 'P4', 'P5']) chain.processor(name);
  for (const name of ['A', 'B', 'C', 'E']) chain.importer(name);
  return chain
    .link('Q', 'P1', in2007)
    .link('P1', 'A', in2007)
    .link('B', 'A', in2007)
    .link('E', 'A', in2007)
    .link('P2', 'B', in2007)
    .link('Q', 'B', in2007)
    .link('P3', 'C', in2007)
    .link('P4', 'P3', in2007)
    .link('P5', 'P4', in2007)
    .link('Q', 'P5', in2007)
    .link('P1', 'C', { ...in2007, stoneType: 'MARBLE' })
    .link('Q', 'A', { ...in2008, volume: 300 })
    .link('P2', 'B', { ...in2008, volume: 100 })
    .link('P1', 'C', { ...in2008, volume: 100 })
    .link('Q', 'P1', { ...in2008, volume: 50 });
}

const sector = async (app: FastifyInstance, year: number, token?: string) => {
  const { data, errors } = await gql(app, PROGRESS, { year }, token);
  if (errors) throw new Error(JSON.stringify(errors));
  return data!.sectorProgress;
};

t.test('the figures of a hand-computed chain, public and per year, and a MEMBER’s own', async (t) => {
  // k = 1 publishes every figure; these years belong to this test alone, so earlier runs add the same chain again.
  const app = await testApp(t, { trace: { maxDepth: 3 }, report: { minCompanies: 1 } });
  const before = (await sector(app, 2007)).sector.companies ?? 0;
  const chain = await handChain().save(app.graph);

  const y2007 = await sector(app, 2007);
  t.same(y2007.sector, {
    weighting: 'LINKS',
    knownBackToFactory: 0.857142857143,
    knownBackToQuarry: 0.428571428571,
    companies: before + 3,
  });
  t.equal(y2007.own, null, 'no key: no own figures');

  const member = await issueToken(app, 'MEMBER', chain.id('A'));
  const y2008 = await sector(app, 2008, member);
  t.match(y2008.sector, { weighting: 'VOLUME', knownBackToFactory: 1, knownBackToQuarry: 0.8 });
  t.same(y2008.own, { weighting: 'VOLUME', knownBackToFactory: 1, knownBackToQuarry: 1, companies: 1 });
  const years = y2008.series.map((y: { year: number }) => y.year);
  t.same(
    years,
    [...years].sort((a, b) => a - b),
    'oldest first',
  );
  t.equal(years.at(-1), 2008);
  t.same(
    y2008.series.find((y: { year: number }) => y.year === 2007).sector,
    y2007.sector,
    'the series holds the earlier year as asked alone',
  );
  const own2007 = (await sector(app, 2007, member)).own;
  t.same(own2007, {
    weighting: 'LINKS',
    knownBackToFactory: 0.666666666667,
    knownBackToQuarry: 0.666666666667,
    companies: 1,
  });
});

t.test('no figure that rests on fewer than k companies is published, but a MEMBER sees its own', async (t) => {
  const app = await testApp(t, { trace: { maxDepth: 3 }, report: { minCompanies: 100 } });
  const chain = await handChain().save(app.graph);
  const member = await issueToken(app, 'MEMBER', chain.id('C'));
  const progress = await sector(app, 2007, member);
  t.same(progress.sector, { weighting: 'LINKS', knownBackToFactory: null, knownBackToQuarry: null, companies: null });
  t.same(progress.own, { weighting: 'LINKS', knownBackToFactory: 1, knownBackToQuarry: 0, companies: 1 });

  const csv = await app.inject('/reports/progress.csv?year=2008');
  t.match(csv.body, /\n2007,LINKS,,,\n2008,VOLUME,,,\n$/, 'empty cells where nothing is published');
  const page = await app.inject('/reports/progress?year=2008&lang=en');
  t.match(page.body, /rest on too few companies to be published/);
  t.notMatch(page.body, /<circle[^>]*><title>[^<]*, 200[78]:/, 'no point is drawn for those years');
  t.match(page.body, /<td>2007<\/td><td>number of links<\/td><td>not shown \(too few companies\)<\/td>/);
});

t.test('the public page and its CSV, without a key', async (t) => {
  const app = await testApp(t, { trace: { maxDepth: 3 }, report: { minCompanies: 1 } });
  await handChain().save(app.graph);

  const csv = await app.inject('/reports/progress.csv?year=2008');
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /^text\/csv/);
  t.match(csv.body, /^year,weighting,companies,known_back_to_factory,known_back_to_quarry\n/);
  t.match(csv.body, /\n2007,LINKS,\d+,0\.857142857143,0\.428571428571\n2008,VOLUME,\d+,1,0\.8\n$/);

  const nl = await app.inject('/reports/progress?year=2008&lang=nl');
  t.equal(nl.statusCode, 200);
  t.match(nl.headers['content-type'], /^text\/html/);
  t.match(nl.body, /<html lang="nl/);
  t.match(
    nl.body,
    /In 2008 is 100,0\s?% van de aanvoer van de importeurs bekend tot een fabriek en 80,0\s?% tot een groeve/,
  );
  t.match(nl.body, /<svg[^>]*role="img"/);
  t.match(nl.body, /href="\/reports\/progress\.csv\?year=2008"/);
  t.equal((await app.inject('/reports/progress?year=1999')).statusCode, 404);
  t.equal((await app.inject('/reports/progress.csv?year=20x8')).statusCode, 404);
});

t.test('the chart in a real browser', { skip: withoutChromium, timeout: 120_000 }, async (t) => {
  const app = await testApp(t, { trace: { maxDepth: 3 }, report: { minCompanies: 1 } });
  await handChain().save(app.graph);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await launchChromium(t);
  const { context, outside } = await localContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${origin}/reports/progress?year=2008&lang=en`);

  const lines = page.locator('svg g.line');
  t.equal(await lines.count(), 2, 'a line known back to a factory and one back to a quarry');
  const quarry = page.locator('svg g.line[data-line="knownBackToQuarry"] circle');
  const y = async (i: number) => Number(await quarry.nth(i).getAttribute('cy'));
  const count = await quarry.count();
  t.ok(count >= 2, 'a point per year');
  t.ok((await y(count - 2)) > (await y(count - 1)), '2008 (80 %) is drawn above 2007 (43 %)');
  const box = await page.locator('figure.chart svg').boundingBox();
  t.ok(box && box.width > 300 && box.height > 100, 'the chart has room on the page');
  await page.screenshot({ path: join(outputFolder('sector-progress'), 'progress-en.png'), fullPage: true });
  t.same(outside, [], 'nothing is fetched from elsewhere');
});
