import t from 'tap';
import { en } from '../src/reporting/i18n/en.js';
import { nl } from '../src/reporting/i18n/nl.js';
import { escapeHtml } from '../src/shared/html.js';
import { wordsFor } from '../src/reporting/i18n/language.js';
import { todayUtc } from '../src/shared/dates.js';
import { gql, issueToken, testApp } from './helpers/app.js';
import { signIn } from './helpers/browserSession.js';
import { ChainBuilder } from './helpers/chain.js';

/**
 * The project page, the printable report and the origins as GeoJSON, as a buyer opens them: what
 * they say for a project with and without deliveries, in English and Dutch, and who may see them.
 */

const app = await testApp(t);
const admin = await issueToken(app, 'ADMIN');

const quarryName = 'Hekla <b>Rock</b> & Stone';
const chain = new ChainBuilder()
  .quarry(quarryName, { country: 'IS', region: 'Sudurland', lat: 63.9912345678, lon: -19.6654321987 })
  .processor('Reykjavik Basalt Trading', 'IS')
  .importer('Nordic Stone Import')
  .project('Harbour square')
  .project('Empty square')
  .project('Other buyers square')
  .link(quarryName, 'Nordic Stone Import', { stoneType: 'BASALT' })
  .link('Reykjavik Basalt Trading', 'Nordic Stone Import', { stoneType: 'SANDSTONE' })
  .delivery('Harbour square', 'Nordic Stone Import', { stoneType: 'BASALT', massTonnes: 30, deliveredOn: '2025-03-10' })
  .delivery('Harbour square', 'Nordic Stone Import', {
    stoneType: 'SANDSTONE',
    massTonnes: 10,
    deliveredOn: '2025-04-01',
  })
  .delivery('Other buyers square', 'Nordic Stone Import', {
    stoneType: 'BASALT',
    massTonnes: 5,
    deliveredOn: '2025-05-01',
  });
await chain.save(app.graph);
const project = chain.id('Harbour square');
const empty = chain.id('Empty square');
const others = chain.id('Other buyers square');
const buyer = await issueToken(app, 'BUYER', chain.id('Harbour square-buyer'));
const emptyBuyer = await issueToken(app, 'BUYER', chain.id('Empty square-buyer'));

const description = 'Basalt dust in the open cutting shed; no extraction (test fixture).';
const mutate = async (query: string, input: Record<string, unknown>) => {
  const response = await gql(app, query, { input }, admin);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
};
await mutate('mutation($input: RiskAssessmentInput!) { assessRisk(input: $input) { id } }', {
  theme: 'HEALTH_SAFETY',
  severity: 'SEVERE',
  likelihood: 'HIGH',
  description,
  source: 'ILO, Safety and health in opencast mines (code of practice, 1991)',
  assessedOn: '2024-01-15',
  siteId: chain.id(quarryName),
});
await mutate('mutation($input: ActionPlanInput!) { recordActionPlan(input: $input) { id } }', {
  companyId: chain.id('Nordic Stone Import'),
  themes: ['HEALTH_SAFETY'],
  siteId: chain.id(quarryName),
  description: 'Dust extraction in the cutting shed',
  status: 'DONE',
  dueDate: '2024-12-31',
  collective: false,
});

const get = (url: string, token: string | null = buyer, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });

t.test('a project without deliveries says so plainly, and claims nothing about origins, gaps or risks', async (t) => {
  for (const [path, language, catalogue] of [
    [`/projects/${empty}/report`, 'en', en],
    [`/projects/${empty}/report?lang=nl`, 'nl', nl],
    [`/projects/${empty}`, 'en', en],
  ] as const) {
    const response = await get(path, emptyBuyer);
    t.equal(response.statusCode, 200, path);
    t.equal(response.headers['content-language'], language);
    t.match(
      response.body,
      escapeHtml(catalogue.nothingDelivered.text),
      `${path}: says nothing has been delivered or traced yet`,
    );
    for (const claim of [
      catalogue.chain.noGaps,
      catalogue.risks.none,
      catalogue.risks.noSiteRisks,
      catalogue.origins.traced('').trim(),
      catalogue.risks.heading,
    ]) {
      t.notMatch(response.body, escapeHtml(claim), `${path}: no "${claim}"`);
    }
    t.notMatch(response.body, /\b0[.,]0\s*%/, `${path}: no "0.0 %" of anything`);
    t.notMatch(response.body, '<svg', `${path}: no map, no chain`);
  }
});

t.test('the report lists the deliveries and writes them for people, in English', async (t) => {
  const response = await get(`/projects/${project}/report`);
  t.equal(response.statusCode, 200);
  const html = response.body;
  t.match(html, '<html lang="en-GB">');
  t.match(html, /<h2>Deliveries<\/h2>\s*<p>2 deliveries, 40 t in total.<\/p>/);
  t.match(
    html,
    '<tr><td>10 Mar 2025</td><td>Basalt</td><td>30 t</td><td>30 t</td><td>Nordic Stone Import</td></tr>',
    'the first delivery: date, stone type, quantity, tonnes, importer',
  );
  t.match(html, '<tr><td>1 Apr 2025</td><td>Sandstone</td><td>10 t</td><td>10 t</td><td>Nordic Stone Import</td></tr>');
  t.match(html, '<dt>Kind of project</dt><dd>Square</dd>', 'the kind of project in words');
  t.match(html, '<dt>Country</dt><dd>Netherlands</dd>', 'countries by name');
  t.match(html, '<td>Iceland</td>', 'the origins too');
  t.notMatch(html, /\d{4}-\d{2}-\d{2}T/, 'no raw timestamps');
  t.match(html, /Made on \d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} UTC \(reference date \d{1,2} [A-Z][a-z]+ \d{4}\)/);
  t.match(html, escapeHtml('Hekla <b>Rock</b> & Stone'), 'names are escaped');
  t.notMatch(html, '<b>Rock</b>');
});

t.test('every risk says why it applies, and every site its level and residual level', async (t) => {
  const html = (await get(`/projects/${project}/report`)).body;
  const row = (theme: string) => new RegExp(`<tr><td>${escapeHtml(theme)}</td>.*?</tr>`, 's').exec(html)?.[0] ?? '';
  t.match(
    row('Health & safety'),
    escapeHtml(description),
    "the health-and-safety row gives the assessment's description",
  );
  t.match(
    row('Unknown origin'),
    escapeHtml(en.risks.gapReason('Reykjavik Basalt Trading', '25.0%')),
    'the unknown-origin row says where tracing stops and how much is untraced',
  );
  const site =
    new RegExp(`<tr><td>${escapeHtml(quarryName)} \\(Quarry, Iceland\\)</td>.*?</tr>`, 's').exec(html)?.[0] ?? '';
  t.match(
    site,
    /Health &amp; safety: <span class="level level-severe">Severe<\/span> → <span class="level level-high">High<\/span> <span class="detail">\(Site; completed action plan\)<\/span>/,
    'the quarry: Severe, lowered to High by the completed plan',
  );
  t.match(
    html,
    /<p class="lead">75.0% of the delivered mass is traced back to a quarry. The origin of the other 25.0% is unknown/,
  );
});

t.test('the map and the chain diagram are in the report, and on the page', async (t) => {
  for (const path of [`/projects/${project}/report`, `/projects/${project}`]) {
    const html = (await get(path)).body;
    t.equal(html.match(/<g class="origin" /g)?.length, 1, `${path}: one quarry on the map`);
    t.equal(html.match(/<g class="gap" /g)?.length, 1, `${path}: one gap on the map`);
    t.equal(html.match(/<g class="band band-traced"/g)?.length, 1, `${path}: one band to the quarry`);
    t.equal(html.match(/<g class="band band-gap"/g)?.length, 1, `${path}: one band for the gap`);
    t.notMatch(html, /<script|<link|<img|src=|url\(|@import/i, `${path}: no script and no outside asset`);
  }
});

t.test('Dutch, by ?lang=nl or by Accept-Language', async (t) => {
  const byQuery = await get(`/projects/${project}/report?lang=nl`, buyer, { 'accept-language': 'en' });
  const byHeader = await get(`/projects/${project}/report`, buyer, { 'accept-language': 'nl-BE,nl;q=0.9,en;q=0.5' });
  for (const response of [byQuery, byHeader]) {
    t.equal(response.headers['content-language'], 'nl');
    t.match(response.headers.vary, /Accept-Language/i, 'caches keep the languages apart');
    const html = response.body;
    t.match(html, '<html lang="nl-NL">');
    t.match(html, `<h1>${escapeHtml(nl.reportTitle('Harbour square'))}</h1>`);
    t.match(html, '<tr><td>10 mrt 2025</td><td>Basalt</td><td>30 t</td><td>30 t</td><td>Nordic Stone Import</td></tr>');
    t.match(html, '<dt>Soort project</dt><dd>Plein</dd>');
    t.match(html, '<td>IJsland</td>');
    t.match(html, escapeHtml(nl.chain.gapsHeading));
    t.match(
      html,
      'Gezondheid en veiligheid: <span class="level level-severe">Ernstig</span> → <span class="level level-high">Hoog</span>',
    );
    for (const english of [en.deliveries.heading, en.origins.heading, en.risks.heading, en.measures.heading, en.footer])
      t.notMatch(html, escapeHtml(english), `not "${english}"`);
  }
  t.equal(
    (await get(`/projects/${project}/report?lang=en`, buyer, { 'accept-language': 'nl' })).headers['content-language'],
    'en',
    '?lang wins over the header',
  );
});

t.test('the project page links the report, the GeoJSON and the other language', async (t) => {
  const response = await get(`/projects/${project}`);
  t.equal(response.statusCode, 200);
  t.match(response.headers['content-type'], /^text\/html/);
  t.match(response.headers['content-security-policy'], /default-src 'none'/, 'it loads nothing and runs nothing');
  const html = response.body;
  t.match(html, `<a href="/projects/${project}/report?lang=en">${en.page.links.report}</a>`);
  t.match(html, `<a href="/projects/${project}/origins.geojson" type="application/geo+json" download>`);
  t.match(html, `<a href="/projects/${project}?lang=nl" hreflang="nl" lang="nl">Nederlands</a>`);
  for (const heading of [
    en.deliveries.heading,
    en.origins.heading,
    en.chain.heading,
    en.risks.heading,
    en.measures.heading,
    en.chain.gapsHeading,
  ]) {
    t.match(html, `<h2>${escapeHtml(heading)}</h2>`, `a section "${heading}"`);
  }
  t.match(html, escapeHtml(description), 'the risk summary says why');
});

t.test(
  "the project page lists the buyer's share links, which still open the report, to the buyer and ADMIN only",
  async (t) => {
    const share = async (expiresOn: string) => {
      const answer = await gql(
        app,
        'mutation($p: ID!, $on: Date!) { createReportLink(projectId: $p, expiresOn: $on) { id } }',
        { p: project, on: expiresOn },
        buyer,
      );
      if (answer.errors) throw new Error(JSON.stringify(answer.errors));
      return (answer.data as { createReportLink: { id: string } }).createReportLink.id;
    };
    const shareLinks = (html: string) => /<section class="share-links"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    t.match(
      shareLinks((await get(`/projects/${project}`)).body),
      escapeHtml(en.page.shareLinks.none),
      'none yet, and it says so',
    );

    const inDays = (days: number): string =>
      new Date(Date.parse(todayUtc()) + days * 86_400_000).toISOString().slice(0, 10);
    const shortDate = (iso: string): string => wordsFor('en').shortDate(iso);
    const kept = await share(inDays(300));
    const revoked = await share(inDays(200));
    const answer = await gql(app, 'mutation($id: ID!) { revokeReportLink(id: $id) { id } }', { id: revoked }, buyer);
    t.same(answer.errors, undefined);
    const section = shareLinks((await get(`/projects/${project}`)).body);
    const row = (id: string) => new RegExp(`<tr><td><code>${id}</code></td>.*?</tr>`).exec(section)?.[0] ?? '';
    const today = shortDate(todayUtc());
    t.match(
      row(kept),
      `<td>${today}</td><td>${shortDate(inDays(300))}</td><td><span class="link-active">Opens the report</span></td>`,
      'the kept link: made on, last day, opens',
    );
    t.match(
      row(revoked),
      `<td>${shortDate(inDays(200))}</td><td><span class="link-revoked">Revoked on ${today}</span></td>`,
      'the revoked one says so',
    );
    t.ok(section.indexOf(revoked) < section.indexOf(kept), 'the newest first');
    t.match(section, 'createReportLink', 'and how to make one');
    t.notMatch(section, '/reports/shared/', 'a link address is never shown again');
    t.match(
      shareLinks((await get(`/projects/${project}?lang=nl`)).body),
      '<span class="link-active">Opent het rapport</span>',
      'in Dutch too',
    );

    t.match(shareLinks((await get(`/projects/${project}`, admin)).body), row(kept), 'ADMIN sees them too');
    const analyst = await get(`/projects/${project}`, await issueToken(app, 'ANALYST'));
    t.equal(analyst.statusCode, 200, 'an ANALYST sees the project');
    t.equal(shareLinks(analyst.body), '', "but not its share links, which are the buyer's");
  },
);

t.test('a browser session opens the project page and the GeoJSON, as it opens the report', async (t) => {
  const { cookie } = await signIn(app, buyer);
  for (const path of [`/projects/${project}`, `/projects/${project}/origins.geojson`, `/projects/${project}/report`]) {
    const opened = await app.inject({ url: path, headers: { cookie, accept: 'text/html' } });
    t.equal(opened.statusCode, 200, `${path}: by the session`);
    const browser = await app.inject({ url: path, headers: { accept: 'text/html' } });
    t.same(
      [browser.statusCode, browser.headers.location],
      [303, `/signin?next=${encodeURIComponent(path)}`],
      `${path}: without one a browser is sent to sign in`,
    );
    const client = await app.inject({ url: path });
    t.same([client.statusCode, client.json().code], [401, 'UNAUTHENTICATED'], `${path}: any other client gets 401`);
  }
  const other = await signIn(app, emptyBuyer);
  t.equal(
    (await app.inject({ url: `/projects/${project}`, headers: { cookie: other.cookie } })).statusCode,
    404,
    "another buyer's session does not open it",
  );
});

t.test('the origins as GeoJSON: quarry points with share, country, region and name, WGS84 to 6 decimals', async (t) => {
  const response = await get(`/projects/${project}/origins.geojson`);
  t.equal(response.statusCode, 200);
  t.match(response.headers['content-type'], /^application\/geo\+json/);
  t.same(response.json(), {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        id: chain.id(quarryName),
        geometry: { type: 'Point', coordinates: [-19.665432, 63.991235] },
        properties: { id: chain.id(quarryName), name: quarryName, country: 'IS', region: 'Sudurland', share: 0.75 },
      },
    ],
  });
  const none = await get(`/projects/${empty}/origins.geojson`, emptyBuyer);
  t.same(none.json(), { type: 'FeatureCollection', features: [] }, 'nothing delivered, no origins');
});

t.test("another buyer's project is not found; without a key, 401", async (t) => {
  for (const path of [`/projects/${others}`, `/projects/${others}/report`, `/projects/${others}/origins.geojson`]) {
    const refused = await get(path);
    t.equal(refused.statusCode, 404, `${path}: another buyer's project`);
    const missing = await get(path.replace(others, '00000000-0000-4000-8000-000000000000'));
    t.same(
      [missing.statusCode, Object.keys(missing.json()).sort(), missing.json().code],
      [404, ['code', 'error'], refused.json().code],
      'exactly like one that does not exist',
    );
    t.equal((await get(path.replace(others, project), null)).statusCode, 401, `${path}: without a key`);
  }
});
