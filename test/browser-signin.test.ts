import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import t from 'tap';
import { readDataset } from '../src/seed/dataset.js';
import { exampleProjectId } from '../src/seed/graphiqlExample.js';
import { loadDataset } from '../src/seed/load.js';
import { testApp } from './helpers/app.js';
import { launchChromium, localContext, outputFolder, withoutChromium } from './helpers/browser.js';

/**
 * The buyer's journey in a real (headless) Chromium, with the sample data: the report link sends
 * the browser to sign in, the sample BUYER key opens the report, a share link opens it in another
 * browser without any key, and once revoked says so with 410. Screenshots of each step go to
 * test-results/browser-signin/.
 */

t.test(
  'a buyer signs in, opens its report, shares it, and revokes the link',
  { skip: withoutChromium, timeout: 120_000 },
  async (t) => {
    const app = await testApp(t);
    const dataset = readDataset();
    await loadDataset(app.graph, dataset);
    const buyerToken = dataset.apiKeys!.find((key) => key.role === 'BUYER')!.token;
    await app.listen({ host: '127.0.0.1', port: 0 });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const report = `/projects/${exampleProjectId}/report`;
    const screenshots = outputFolder('browser-signin');
    const shoot = async (page: Page, name: string): Promise<void> => {
      await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
    };
    const graphql = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(`${origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${buyerToken}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: Record<string, { id: string; url: string }>; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!;
    };

    const browser = await launchChromium(t);
    const problems: string[] = [];
    const watch = (page: Page): Page => {
      page.setDefaultTimeout(20_000);
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // Chromium logs every 4xx page as an error: the 401 of the wrong key and the 410 of the revoked link are asserted as answers.
        const expected = /the server responded with a status of (401|410)\b/.test(message.text());
        if (message.type() === 'error' && !expected) problems.push(`console: ${message.text()}`);
      });
      return page;
    };

    // The buyer follows a link to its report and is asked to sign in first.
    const buyer = await localContext(browser, { viewport: { width: 1100, height: 800 }, javaScriptEnabled: false });
    const page = watch(await buyer.context.newPage());
    await page.goto(`${origin}${report}`);
    t.equal(
      new URL(page.url()).pathname,
      '/signin',
      'the report sends a browser without a session to the sign-in form',
    );
    t.equal(new URL(page.url()).searchParams.get('next'), report, 'remembering where it was going');
    await page.getByRole('heading', { name: 'Sign in to stonetrace' }).waitFor();
    await shoot(page, '1-signin-form');

    // A wrong key first: the form says so.
    await page.getByLabel('API key').fill('stk_0000000000000000.not-a-real-secret-at-all-not-a-real-secret-x');
    await page.getByRole('button', { name: 'Sign in' }).click();
    t.match(
      await page.getByRole('alert').innerText(),
      /not valid|not an API key/,
      'a wrong key is refused on the form',
    );
    await shoot(page, '2-signin-wrong-key');

    // The sample BUYER key: the browser lands on the report it asked for.
    await page.getByLabel('API key').fill(buyerToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /Due-diligence report: Quay wall renewal/ }).waitFor();
    t.equal(new URL(page.url()).pathname, report, 'signed in, the report opens');
    const [session] = (await buyer.context.cookies()).filter((cookie) => cookie.name === 'stonetrace_session');
    t.match(
      session,
      { httpOnly: true, sameSite: 'Strict', path: '/' },
      'in an HttpOnly, SameSite=Strict session cookie',
    );
    t.notOk(session!.value.includes(buyerToken), 'that does not hold the key');
    await shoot(page, '3-report-signed-in');

    await page.goto(`${origin}/signin`);
    await page.getByRole('link', { name: 'Quay wall renewal' }).waitFor();
    t.ok(
      await page.getByRole('button', { name: 'Sign out' }).isVisible(),
      'the signed-in page lists the projects and offers to sign out',
    );
    await shoot(page, '4-signed-in');

    // The buyer shares the report; someone without any key opens the link in another browser.
    const { createReportLink: link } = await graphql(
      'mutation($id: ID!, $on: Date!) { createReportLink(projectId: $id, expiresOn: $on) { id url } }',
      { id: exampleProjectId, on: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) },
    );
    t.match(link!.url, `${origin}/reports/shared/`, 'the link points at this server');
    const stranger = await localContext(browser, { viewport: { width: 1100, height: 800 } });
    const shared = watch(await stranger.context.newPage());
    const opened = await shared.goto(link!.url);
    t.equal(opened?.status(), 200, 'the link opens without a key');
    await shared.getByRole('heading', { name: /Due-diligence report: Quay wall renewal/ }).waitFor();
    t.same(await stranger.context.cookies(), [], 'and without any cookie');
    await shoot(shared, '5-shared-report');

    await graphql('mutation($id: ID!) { revokeReportLink(id: $id) { id } }', { id: link!.id });
    const revoked = await shared.goto(link!.url);
    t.equal(revoked?.status(), 410, 'revoked, the link answers 410');
    t.match(await shared.getByRole('heading').first().innerText(), /no longer valid/);
    t.match(await shared.getByRole('alert').innerText(), /withdrawn by its buyer/, 'saying why');
    await shoot(shared, '6-shared-link-revoked');

    // Signing out ends the session: the report asks for the key again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    t.match(await page.getByRole('status').innerText(), /You have signed out/);
    await shoot(page, '7-signed-out');
    await page.goto(`${origin}${report}`);
    t.equal(new URL(page.url()).pathname, '/signin', 'after signing out the report needs a key again');

    t.same(buyer.outside, [], 'the sign-in pages and the report asked nothing of another server');
    t.same(stranger.outside, [], 'nor did the shared report');
    t.same(problems, [], 'no page errors, console errors or CSP violations');
    t.comment(`screenshots: ${screenshots}`);
  },
);
