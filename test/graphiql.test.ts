import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { Request, Response } from 'playwright-core';
import { buildApp } from '../src/app.js';
import { readDataset, seedId } from '../src/seed/dataset.js';
import { loadDataset } from '../src/seed/load.js';
import { exampleProjectId } from '../src/seed/graphiqlExample.js';
import { graphiqlSampleTokens } from '../src/seed/sampleKeys.js';
import { testConfig } from './helpers/app.js';
import { launchChromium, localContext, outputFolder, withoutChromium } from './helpers/browser.js';

/**
 * GraphiQL in a real (headless) Chromium, as `npm start` serves it with the sample keys: the page
 * renders from this server's own assets, opens with a tab per task of the README, each with the key
 * it needs, each tab's query runs without errors and shows its answer, the documentation explorer
 * opens on the schema's description, and no request ever leaves localhost (the page is meant for
 * networks that cannot reach a CDN). A screenshot of each tab, after it ran, and of the documentation
 * explorer goes to test-results/graphiql.
 */

const TABS = ['Trace', 'DueDiligence', 'RegisterChain', 'Downstream', 'PublicList'];
const ASSETS = [
  'react.production.min.js',
  'react-dom.production.min.js',
  'graphiql.min.js',
  'graphiql.min.css',
  'start.js',
];
/** CodeMirror 5 (GraphiQL 3) keeps its editor instance on the wrapper element. */
type CodeMirrorElement = HTMLElement & { CodeMirror: { getValue(): string; operationName?: string | null } };

t.test(
  'GraphiQL opens with a tab per task and runs them from local assets only',
  {
    skip: withoutChromium,
    // Takes 10-20 s; most of it is Neo4j (migrations, the sample data), which slows down a lot on a
    // busy machine, so the limit leaves room for that.
    timeout: 120_000,
  },
  async (t) => {
    // As npm start serves it on loopback: the sample data, and its keys in GraphiQL's tabs.
    const dataset = readDataset();
    const tokens = graphiqlSampleTokens('127.0.0.1', dataset);
    const app = await buildApp(testConfig(), { logger: false, graphiqlTokens: tokens });
    t.teardown(() => app.close());
    await app.graphMigrated;
    await loadDataset(app.graph, dataset);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    const screenshots = outputFolder('graphiql');
    const browser = await launchChromium(t);
    const { context, outside } = await localContext(browser, { viewport: { width: 1400, height: 900 } });
    const requests: Request[] = [];
    const responses: Response[] = [];
    const failed: string[] = [];
    const consoleErrors: { text: string; url: string }[] = [];
    const pageErrors: string[] = [];

    context.on('request', (request) => requests.push(request));
    context.on('response', (response) => responses.push(response));
    context.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText ?? '?'}`));

    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push({ text: message.text(), url: message.location().url });
    });
    // CSP violations also reach the console, but this names the directive and the blocked URL.
    await page.addInitScript(() => {
      const violations: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = violations;
      document.addEventListener('securitypolicyviolation', (event) =>
        violations.push(`${event.violatedDirective} blocked ${event.blockedURI || '(inline)'}`),
      );
    });

    const loaded = await page.goto(`${origin}/graphiql`, { waitUntil: 'load' });
    t.equal(loaded?.status(), 200, 'the page is served');
    t.match(
      loaded?.headers()['content-security-policy'] ?? '',
      /script-src 'self'/,
      'the page is served with a strict CSP',
    );

    // The UI renders, with a tab per task and the trace's first.
    await page.locator('.graphiql-container').waitFor({ state: 'visible' });
    const tabs = page.locator('.graphiql-tabs [role="tab"]');
    await tabs.nth(TABS.length - 1).waitFor({ state: 'visible' });
    t.same(
      await tabs.allInnerTexts(),
      TABS,
      'a tab per task: trace, due diligence, registering a chain, downstream, the public list',
    );
    const queryEditor = page.locator('.graphiql-query-editor .CodeMirror');
    await queryEditor.waitFor({ state: 'visible' });
    const editorText = (locator: typeof queryEditor) =>
      locator.evaluate((element) => (element as CodeMirrorElement).CodeMirror.getValue());
    const query = await editorText(queryEditor);
    t.match(query, 'trace(projectId:', 'the first tab holds the trace query');
    t.match(query, exampleProjectId, 'for the sample project');
    t.match(await queryEditor.innerText(), 'trace(projectId:', 'and shows it');

    // Each tab carries the key it needs in its headers.
    const headersTab = page.locator('.graphiql-editor-tools button[data-name="headers"]');
    await headersTab.click();
    const headersEditor = page.locator(
      'section.graphiql-editor-tool[aria-label="Headers"] .graphiql-editor:not(.hidden) .CodeMirror',
    );
    await headersEditor.waitFor({ state: 'visible' });
    const headersOf = async (): Promise<unknown> => JSON.parse((await editorText(headersEditor)) || '{}');
    /**
     * Opens a tab and waits until GraphiQL has taken in its document: the query editor holds the
     * operation and GraphiQL has picked its name (a moment after the editor changes), which it
     * sends with the query.
     */
    const openTab = async (operationName: string): Promise<void> => {
      await tabs.filter({ hasText: operationName }).click();
      await page.waitForFunction(
        (name) =>
          document.querySelector<CodeMirrorElement>('.graphiql-query-editor .CodeMirror')?.CodeMirror.operationName ===
          name,
        operationName,
      );
    };
    t.same(
      await headersOf(),
      { Authorization: `Bearer ${tokens.ANALYST}` },
      'the trace tab has the sample ANALYST key',
    );
    await openTab('RegisterChain');
    t.same(
      await headersOf(),
      { Authorization: `Bearer ${tokens.MEMBER}` },
      'registering a chain has the sample MEMBER key',
    );
    await openTab('PublicList');
    t.same(await headersOf(), {}, 'the public list needs no key');

    /**
     * Runs the active tab's operation `name` and returns the answer, which its request holds
     * `marker`. A tab of several operations runs one from the run button's menu.
     */
    const run = async (name: string, marker: string, fromMenu: boolean) => {
      const answer = page.waitForResponse(
        (response) => response.url() === `${origin}/graphql` && (response.request().postData() ?? '').includes(marker),
        { timeout: 60_000 }, // a cold Neo4j can take a few seconds over the first trace
      );
      await page.locator('.graphiql-execute-button').click();
      if (fromMenu) await page.getByRole('menuitem', { name, exact: true }).click();
      return answer;
    };
    /** What the result pane shows, once it shows `text`. */
    const shown = async (text: string): Promise<string> => {
      await page.waitForFunction(
        (expected) =>
          document
            .querySelector<CodeMirrorElement>('.graphiql-response .result-window .CodeMirror')
            ?.CodeMirror.getValue()
            .includes(expected),
        text,
      );
      return page.locator('.graphiql-response .result-window').innerText();
    };

    /**
     * Each tab's first operation, run as a reader would (the tab open, the run button), with the
     * key its headers hold; `expect` checks the answer and `shows` is a piece of it the result pane
     * must show.
     */
    const runs: {
      tab: string;
      marker: string;
      key: string | undefined;
      shows: string;
      expect: (data: any, t: Test) => void;
      fromMenu?: true;
    }[] = [
      {
        tab: 'Trace',
        marker: 'trace(projectId:',
        key: tokens.ANALYST,
        shows: 'Quay wall renewal',
        expect: (data, t) => {
          t.match(data.trace.project.name, 'Quay wall renewal', 'the trace of the sample project');
          t.type(data.trace.tracedShare, 'number', 'with its traced share');
        },
      },
      {
        tab: 'DueDiligence',
        marker: 'dueDiligence(projectId:',
        key: tokens.ANALYST,
        shows: '"highestResidualLevel"',
        expect: (data, t) => {
          t.ok(
            data.dueDiligence.origins.countries.some((c: { country: string }) => c.country === 'VN'),
            'its origins name Vietnam',
          );
          t.ok(data.dueDiligence.risks.length > 0, 'and the risks that attach to them');
        },
      },
      {
        tab: 'RegisterChain',
        marker: 'supplyLinks(customerId:',
        key: tokens.MEMBER,
        fromMenu: true,
        shows: '"supplyLinks"',
        expect: (data, t) => {
          t.same(
            data.viewer,
            { role: 'MEMBER', organisationId: seedId('importer-nl-gracht-stone') },
            'the sample importer',
          );
          t.ok(data.supplyLinks.totalCount > 0, 'sees its suppliers');
        },
      },
      {
        tab: 'Downstream',
        marker: 'downstream(siteId:',
        key: tokens.ANALYST,
        shows: 'City square redesign',
        expect: (data, t) => {
          t.match(data.downstream.site.name, "Hui'an Quarry", 'the sample quarry');
          t.same(
            data.downstream.projects.map((p: { project: { name: string } }) => p.project.name),
            ['City square redesign, Rotterdam Centrum (sample)', 'Street repaving, Amsterdam-Noord (sample)'],
            'fed the two projects its granite went to, the largest share first',
          );
        },
      },
      {
        tab: 'PublicList',
        marker: 'quarryAreaReport(year:',
        key: undefined,
        shows: '"companies"',
        expect: (data, t) => {
          t.equal(data.quarryAreaReport.year, 2025, "the year's list");
          t.ok(data.quarryAreaReport.rows.length > 0, 'of quarry areas');
        },
      },
    ];
    for (const { tab, marker, key, shows, expect, fromMenu } of runs) {
      await openTab(tab);
      const response = await run(tab, marker, fromMenu ?? false);
      t.equal(response.status(), 200, `${tab} is answered`);
      t.equal(JSON.parse(response.request().postData() ?? '{}').operationName, tab, `${tab} runs its operation`);
      t.equal(
        (await response.request().allHeaders()).authorization,
        key && `Bearer ${key}`,
        `${tab} runs with its tab's key`,
      );
      const body = (await response.json()) as { data?: unknown; errors?: unknown };
      t.same(body.errors, undefined, `${tab} runs without errors`);
      await t.test(tab, async (t) => expect(body.data, t));
      t.match(await shown(shows), shows, `the result pane shows the answer to ${tab}`);
      await page.screenshot({ path: join(screenshots, `${tab}.png`) });
    }
    t.comment(`screenshots: ${screenshots}`);

    // The documentation explorer opens on the schema's own description.
    await page.locator('.graphiql-sidebar button[aria-label="Show Documentation Explorer"]').click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('which projects a quarry or processor fed', { exact: false }).waitFor({ state: 'visible' });
    t.match(
      await docs.innerText(),
      /shares are fractions \(0 to 1\) of a project's delivered mass/,
      "the schema's description heads the documentation",
    );
    await page.screenshot({ path: join(screenshots, 'documentation.png') });

    // GraphiQL asks for the schema when it starts.
    const introspections = responses.filter((candidate) =>
      (candidate.request().postData() ?? '').includes('IntrospectionQuery'),
    );
    t.ok(introspections.length > 0, 'GraphiQL asked for the schema');
    t.same(
      introspections.map((candidate) => candidate.status()),
      introspections.map(() => 200),
      'and got it',
    );

    // Everything came from this server.
    const cspViolations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    await browser.close();

    t.same(outside, [], 'no request was addressed outside localhost');
    t.same(
      requests
        .map((request) => request.url())
        .filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url)),
      [],
      'every request went to the local server',
    );
    t.same(failed, [], 'no request failed');
    for (const name of ASSETS) {
      const asset = responses.find((candidate) => candidate.url() === `${origin}/graphiql/assets/${name}`);
      t.equal(asset?.status(), 200, `${name} was loaded from the local server`);
    }
    t.same(
      responses
        .filter((candidate) => candidate.status() >= 400)
        .map((candidate) => `${candidate.status()} ${candidate.url()}`),
      [],
      'no request was refused',
    );
    t.same(cspViolations, [], 'no Content-Security-Policy violations');
    t.same(pageErrors, [], 'no uncaught page errors');
    t.same(
      consoleErrors.map((error) => error.text),
      [],
      'no console errors',
    );
  },
);
