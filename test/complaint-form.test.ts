import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { buildApp } from '../src/app.js';
import { gql, issueToken, testConfig } from './helpers/app.js';
import { launchChromium, localContext, outputFolder, withoutChromium } from './helpers/browser.js';
import { hiddenField, setCookies } from './helpers/browserSession.js';
import { TrackedChain } from './helpers/orgs.js';

/**
 * The public complaint form: in English and Dutch, without JavaScript, its posts guarded by a CSRF
 * token and the per-address complaint budget, and its receipt's reference and code opening
 * complaintStatus. Screenshots of the browser test go to test-results/complaint-form/.
 */

async function formApp(t: Test, perAddress: number): Promise<FastifyInstance> {
  const config = testConfig();
  const rateLimits = { ...config.edge.rateLimits, complaintsPerAddress: perAddress };
  const app = await buildApp({ ...config, edge: { ...config.edge, rateLimits } }, { logger: false });
  t.teardown(() => app.close());
  await app.graphMigrated;
  return app;
}

const STATUS = `query($reference: String!, $followUpCode: String!) {
  complaintStatus(reference: $reference, followUpCode: $followUpCode) { status }
}`;
const LIST =
  'query($siteId: ID) { complaints(siteId: $siteId) { totalCount nodes { themes description contact { email } } } }';

/** The form as a browser gets it: its CSRF cookie and token. */
async function openForm(app: FastifyInstance, query = '') {
  const page = await app.inject({ url: `/complaints/new${query}` });
  const csrf = setCookies(page).get('stonetrace_csrf')?.value;
  return { page, cookie: `stonetrace_csrf=${csrf}`, csrfToken: hiddenField(page.body, '_csrf')! };
}

const post = (app: FastifyInstance, body: URLSearchParams, cookie: string) =>
  app.inject({
    method: 'POST',
    url: '/complaints',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    payload: body.toString(),
  });

t.test('the form posts with its CSRF token, within the address budget', async (t) => {
  const app = await formApp(t, 1);
  const site = `${Date.now()}-no-such-site`;
  const fields = (csrfToken: string, lang = 'en') =>
    new URLSearchParams([
      ['_csrf', csrfToken],
      ['lang', lang],
      ['siteId', site],
      ['themes', 'HEALTH_SAFETY'],
      ['themes', 'LIVING_WAGE'],
      ['description', 'Wages are paid months late, and there is no water on site.'],
    ]);
  const admin = await issueToken(app, 'ADMIN');
  const filedAt = async () => (await gql(app, LIST, { siteId: site }, admin)).data!.complaints.totalCount as number;

  const { page, cookie, csrfToken } = await openForm(app, '?lang=nl');
  t.equal(page.statusCode, 200);
  t.match(page.body, /<html lang="nl">[\s\S]*Een klacht indienen/, '?lang=nl: in Dutch');
  t.equal(page.headers['cache-control'], 'no-store');

  const forged = await post(app, fields('not-the-token'), cookie);
  t.equal(forged.statusCode, 403, 'a post without its token is refused');
  t.match(forged.body, /The form had expired/, 'with the form again, saying why');
  t.equal(await filedAt(), 0, 'and nothing is filed');

  const empty = await post(app, new URLSearchParams([['_csrf', csrfToken]]), cookie);
  t.equal(empty.statusCode, 400, 'an empty form is sent back');
  t.match(empty.body, /where it happened[\s\S]*tick at least one theme[\s\S]*10 to 5000 characters/);

  const accepted = await post(app, fields(csrfToken), cookie);
  t.equal(accepted.statusCode, 200);
  const reference = /id="reference">([^<]+)</.exec(accepted.body)![1]!;
  const followUpCode = /id="follow-up-code">([^<]+)</.exec(accepted.body)![1]!;
  const status = await gql(app, STATUS, { reference, followUpCode });
  t.equal(status.data?.complaintStatus.status, 'RECEIVED', "the receipt's reference and code open complaintStatus");
  t.match((await gql(app, LIST, { siteId: site }, admin)).data!.complaints.nodes, [
    { themes: ['HEALTH_SAFETY', 'LIVING_WAGE'], contact: null },
  ]);

  const limited = await post(app, fields(csrfToken, 'nl'), cookie);
  t.equal(limited.statusCode, 429, 'over the budget: 429');
  t.ok(Number(limited.headers['retry-after']) > 0, 'with Retry-After');
  t.match(limited.body, /te veel klachten/, 'and the form again, in its language');
  t.equal(await filedAt(), 1, 'and nothing more is filed');
});

t.test(
  'a person files a complaint in a browser without JavaScript, in English and in Dutch',
  { skip: withoutChromium, timeout: 120_000 },
  async (t) => {
    const app = await formApp(t, 10);
    const tc = new TrackedChain();
    tc.chain.quarry('Q', { country: 'IN', region: 'Rajasthan' });
    await tc.chain.save(app.graph);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const screenshots = outputFolder('complaint-form');
    const browser = await launchChromium(t);
    const shoot = (page: Page, name: string) =>
      page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });

    const journeys = [
      {
        language: 'en',
        accept: 'en-GB',
        submit: 'File the complaint',
        theme: 'Child labour',
        received: 'Your complaint has been received',
        follow: 'With the reference and the code',
        show: 'Show',
        status: /^Received/,
      },
      {
        language: 'nl',
        accept: 'nl-BE,nl;q=0.9',
        submit: 'Klacht indienen',
        theme: 'Kinderarbeid',
        received: 'Uw klacht is ontvangen',
        follow: 'Met het kenmerk en de code',
        show: 'Tonen',
        status: /^Ontvangen/,
      },
    ];
    for (const journey of journeys) {
      const { context, outside } = await localContext(browser, {
        javaScriptEnabled: false,
        locale: journey.accept.split(',')[0],
        extraHTTPHeaders: { 'accept-language': journey.accept },
        viewport: { width: 900, height: 900 },
      });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(`${origin}/complaints/new`);
      t.equal(
        await page.getAttribute('html', 'lang'),
        journey.language,
        `${journey.language}: chosen from Accept-Language`,
      );
      await shoot(page, `${journey.language}-1-form`);

      // Sent without a theme: the form comes back, filled in, saying what to check.
      await page.locator('#siteId').fill(tc.id('Q'));
      await page.locator('#description').fill('Children work in the quarry during school hours.');
      await page.getByRole('button', { name: journey.submit }).click();
      t.ok(await page.getByRole('alert').isVisible(), `${journey.language}: a form without a theme comes back`);
      t.equal(
        await page.locator('#description').inputValue(),
        'Children work in the quarry during school hours.',
        'filled in as it was',
      );
      await shoot(page, `${journey.language}-2-problem`);

      await page.getByLabel(journey.theme).check();
      await page.locator('#email').fill(`${journey.language}@example.org`);
      await page.getByRole('button', { name: journey.submit }).click();
      await page.getByRole('heading', { name: journey.received }).waitFor();
      const reference = await page.locator('#reference').innerText();
      const followUpCode = await page.locator('#follow-up-code').innerText();
      await shoot(page, `${journey.language}-3-receipt`);
      const status = await gql(app, STATUS, { reference, followUpCode });
      t.equal(
        status.data?.complaintStatus.status,
        'RECEIVED',
        `${journey.language}: the receipt opens complaintStatus`,
      );

      // Later: the status page, first with a mistyped code, then with the code as written down.
      await page.getByRole('link', { name: journey.follow }).click();
      await page.locator('#reference').fill(reference);
      await page.locator('#followUpCode').fill('AAAA-BBBB-CCCC-DDDD');
      await page.getByRole('button', { name: journey.show }).click();
      t.ok(await page.getByRole('alert').isVisible(), `${journey.language}: a wrong code opens nothing`);
      await page.locator('#followUpCode').fill(followUpCode.toLowerCase());
      await page.getByRole('button', { name: journey.show }).click();
      t.match(await page.locator('#status').innerText(), journey.status, `${journey.language}: the status page`);
      await shoot(page, `${journey.language}-4-status`);
      t.same(outside, [], 'nothing is fetched from elsewhere');
      await context.close();
    }
  },
);
