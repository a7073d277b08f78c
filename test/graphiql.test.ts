import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import t from 'tap';
import type { Request, Response } from 'playwright-core';
import { readDataset } from '../src/seed/dataset.js';
import { loadDataset } from '../src/seed/load.js';
import { exampleProjectId } from '../src/seed/graphiqlExample.js';
import { analystToken, testApp } from './helpers/app.js';
import { launchChromium, localContext, outputFolder, withoutChromium } from './helpers/browser.js';

/**
 * GraphiQL in a real (headless) Chromium: the page renders from this server's own assets, the
 * pre-filled example query returns data, and no request ever leaves localhost (the page is meant
 * for networks that cannot reach a CDN).
 */

const ASSETS = ['react.production.min.js', 'react-dom.production.min.js', 'graphiql.min.js', 'graphiql.min.css', 'start.js'];
/** CodeMirror 5 (GraphiQL 3) keeps its editor instance on the wrapper element. */
type CodeMirrorElement = HTMLElement & { CodeMirror: { getValue(): string } };

t.test(
  'GraphiQL renders and runs the example query from local assets only',
  {
    skip: withoutChromium,
    // Takes 10-20 s; most of it is Neo4j (migrations, the sample data), which slows down a lot on a
    // busy machine, so the limit leaves room for that.
    timeout: 120_000,
  },
  async (t) => {
    const app = await testApp(t);
    await loadDataset(app.graph, readDataset());
    const token = await analystToken(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

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
    t.match(loaded?.headers()['content-security-policy'] ?? '', /script-src 'self'/, 'the page is served with a strict CSP');

    // The UI renders, with the example trace query in the query editor.
    await page.locator('.graphiql-container').waitFor({ state: 'visible' });
    const queryEditor = page.locator('.graphiql-query-editor .CodeMirror');
    await queryEditor.waitFor({ state: 'visible' });
    const query = await queryEditor.evaluate((element) => (element as CodeMirrorElement).CodeMirror.getValue());
    t.match(query, 'trace(projectId:', 'the query editor holds the example trace query');
    t.match(query, exampleProjectId, 'for the sample project');
    t.match(await queryEditor.innerText(), 'trace(projectId:', 'and shows it');

    // The trace needs an API key: the user pastes an Authorization header into the headers editor.
    const headersTab = page.locator('.graphiql-editor-tools button[data-name="headers"]');
    await headersTab.click();
    const headersEditor = page.locator('section.graphiql-editor-tool[aria-label="Headers"] .graphiql-editor:not(.hidden) .CodeMirror');
    await headersEditor.waitFor({ state: 'visible' });
    t.equal(await headersEditor.evaluate((element) => (element as CodeMirrorElement).CodeMirror.getValue()), '', 'starts empty');
    await headersEditor.click();
    await page.keyboard.insertText(`{"Authorization": "Bearer ${token}"}`);
    const headers = await headersEditor.evaluate((element) => (element as CodeMirrorElement).CodeMirror.getValue());
    t.same(JSON.parse(headers), { Authorization: `Bearer ${token}` }, 'the headers editor takes the Authorization header');

    // Running the query shows the trace of the sample project.
    const traceResponse = page.waitForResponse(
      (response) => response.url() === `${origin}/graphql` && (response.request().postData() ?? '').includes('trace(projectId:'),
      { timeout: 30_000 }, // a cold Neo4j can take a few seconds over the first trace
    );
    await page.locator('.graphiql-execute-button').click();
    const response = await traceResponse;
    t.equal(response.status(), 200, 'the query is answered');
    t.equal((await response.request().allHeaders()).authorization, `Bearer ${token}`, 'with the header from the headers editor');
    const body = (await response.json()) as { data?: { trace?: { project?: { name?: string }; tracedShare?: number } }; errors?: unknown };
    t.same(body.errors, undefined, 'without errors');
    t.match(body.data?.trace?.project?.name, 'Quay wall renewal', 'for the sample project');
    t.type(body.data?.trace?.tracedShare, 'number');

    const result = page.locator('.graphiql-response .result-window');
    await page.waitForFunction(() =>
      document.querySelector<CodeMirrorElement>('.graphiql-response .result-window .CodeMirror')?.CodeMirror.getValue().includes('"tracedShare"'),
    );
    const shown = await result.innerText();
    t.match(shown, '"tracedShare"', 'the result pane shows the traced share');
    t.match(shown, 'Quay wall renewal', "and the project's name");

    // GraphiQL asks for the schema when it starts.
    const introspections = responses.filter((candidate) => (candidate.request().postData() ?? '').includes('IntrospectionQuery'));
    t.ok(introspections.length > 0, 'GraphiQL asked for the schema');
    t.same(
      introspections.map((candidate) => candidate.status()),
      introspections.map(() => 200),
      'and got it',
    );

    const screenshot = join(outputFolder('graphiql'), 'graphiql.png');
    await page.screenshot({ path: screenshot });
    t.comment(`screenshot: ${screenshot}`);

    // Everything came from this server.
    const cspViolations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    await browser.close();

    t.same(outside, [], 'no request was addressed outside localhost');
    t.same(
      requests.map((request) => request.url()).filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url)),
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
