import { createHash } from 'node:crypto';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { KeyStore } from '../src/auth/keys.js';
import { parseToken } from '../src/auth/tokens.js';
import { cypher } from '../src/db/graph.js';
import { issueToken, testApp, testConfig } from './helpers/app.js';
import { hiddenField, openSigninForm, postForm, setCookies, signIn } from './helpers/browserSession.js';
import { TrackedChain } from './helpers/orgs.js';

/** Browser sign-in: the form, the session cookie, idle expiry, sign-out, revocation and CSRF. */

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

const app = await testApp(t);
const tc = new TrackedChain();
tc.chain.quarry('Q', { country: 'NR' }).importer('I').project('X').project('Y');
tc.link('Q', 'I');
tc.delivery('X', 'I');
await tc.chain.save(app.graph);
const report = `/projects/${tc.id('X')}/report`;
const { idleTimeoutMs } = testConfig().sessions;

const sessionsOfKey = cypher<{ keyId: string }, { idHash: string; lastSeenAt: string; props: Record<string, unknown> }>(
  'test_sessions_of_key',
  `MATCH (session:BrowserSession)-[:SIGNED_IN_WITH]->(:ApiKey {id: $keyId})
   RETURN session.idHash AS idHash, toString(session.lastSeenAt) AS lastSeenAt, properties(session) AS props`,
);
const idleFor = cypher<{ keyId: string; ms: number }, never>(
  'test_sessions_idle_for',
  `MATCH (session:BrowserSession)-[:SIGNED_IN_WITH]->(:ApiKey {id: $keyId})
   SET session.lastSeenAt = datetime() - duration({milliseconds: toInteger($ms)})`,
);

const keyIdOf = (token: string): string => parseToken(token)!.keyId;
const sessionCookieOf = (cookie: string): string => /stonetrace_session=([^;]+)/.exec(cookie)![1]!;
const open = (url: string, cookie: string, headers: Record<string, string> = BROWSER) =>
  app.inject({ url, headers: { ...headers, cookie } });

t.test('the sign-in form is a page without script or outside requests, with a CSRF token', async (t) => {
  const page = await app.inject({ url: `/signin?next=${encodeURIComponent(report)}`, headers: BROWSER });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /^text\/html/);
  t.equal(page.headers['cache-control'], 'no-store');
  t.match(page.body, /<form method="post" action="\/signin">/, 'a plain form: it works without JavaScript');
  t.match(page.body, /name="token" type="password"/, 'the key is typed into a password field');
  t.equal(hiddenField(page.body, 'next'), report, 'the form keeps where to go next');
  t.ok(hiddenField(page.body, '_csrf'), 'and a CSRF token');
  t.notMatch(page.body, /<script|src=|<link|url\(|@import/i, 'no script and no outside asset');
  const policy = String(page.headers['content-security-policy']);
  t.match(policy, /default-src 'none'/);
  t.match(policy, /form-action 'self'/);
  t.match(policy, /style-src 'sha256-/, 'its one style is allowed by hash');
  const csrf = setCookies(page).get('stonetrace_csrf');
  t.ok(csrf, 'the CSRF secret goes into a cookie');
  t.same(
    csrf!.attributes.toSorted(),
    ['HttpOnly', 'Path=/', 'SameSite=Strict'],
    'HttpOnly, SameSite=Strict, not Secure over plain HTTP',
  );
});

t.test(
  'a valid key opens a session: an HttpOnly, SameSite=Strict cookie; the id is stored only as a hash',
  async (t) => {
    const token = await issueToken(app, 'BUYER', tc.id('X-buyer'));
    const { response, cookie } = await signIn(app, token, report);
    t.equal(response.statusCode, 303, 'redirected after the POST');
    t.equal(response.headers.location, report, 'to the page it was asked for');
    const session = setCookies(response).get('stonetrace_session');
    t.ok(session, 'a session cookie');
    t.same(
      session!.attributes.toSorted(),
      ['HttpOnly', 'Path=/', 'SameSite=Strict'],
      'HttpOnly and SameSite=Strict; not Secure over plain HTTP (the browser would drop it); no Max-Age: gone when the browser closes',
    );
    t.notMatch(session!.value, token, 'the cookie does not carry the key');

    const [stored, ...others] = await app.graph.read(sessionsOfKey, { keyId: keyIdOf(token) });
    t.same(others, [], 'one session for the key');
    t.equal(
      stored!.idHash,
      createHash('sha256').update(sessionCookieOf(cookie)).digest('hex'),
      'stored as the SHA-256 of its id',
    );
    t.notOk(
      JSON.stringify(stored!.props).includes(sessionCookieOf(cookie)),
      'the id itself is nowhere in the database',
    );

    const page = await open(report, cookie);
    t.equal(page.statusCode, 200, 'the session opens the report');
    t.match(page.body, /Due-diligence report: X/);
  },
);

t.test('behind TLS (a trusted proxy saying https) the cookies are Secure', async (t) => {
  const config = testConfig();
  const tls = await buildApp({ ...config, edge: { ...config.edge, trustProxy: true } }, { logger: false });
  t.teardown(() => tls.close());
  await tls.graphMigrated;
  const form = await tls.inject({ url: '/signin', headers: { 'x-forwarded-proto': 'https' } });
  t.ok(setCookies(form).get('stonetrace_csrf')!.attributes.includes('Secure'), 'the CSRF cookie');
  const token = await issueToken(tls, 'BUYER', tc.id('X-buyer'));
  const response = await tls.inject({
    method: 'POST',
    url: '/signin',
    headers: {
      'x-forwarded-proto': 'https',
      'content-type': 'application/x-www-form-urlencoded',
      cookie: `stonetrace_csrf=${setCookies(form).get('stonetrace_csrf')!.value}`,
    },
    payload: new URLSearchParams({ _csrf: hiddenField(form.body, '_csrf')!, token }).toString(),
  });
  t.equal(response.statusCode, 303);
  t.same(setCookies(response).get('stonetrace_session')!.attributes.toSorted(), [
    'HttpOnly',
    'Path=/',
    'SameSite=Strict',
    'Secure',
  ]);
});

t.test(
  'the report: the header still works; without a session a browser is sent to sign in, others get 401',
  async (t) => {
    const token = await issueToken(app, 'BUYER', tc.id('X-buyer'));
    t.equal(
      (await app.inject({ url: report, headers: { authorization: `Bearer ${token}` } })).statusCode,
      200,
      'the Authorization header',
    );

    const browser = await app.inject({ url: `${report}?lang=en`, headers: BROWSER });
    t.equal(browser.statusCode, 303, 'a browser without a session');
    t.equal(
      browser.headers.location,
      `/signin?next=${encodeURIComponent(`${report}?lang=en`)}`,
      'is sent to the form, which brings it back',
    );

    const client = await app.inject({ url: report });
    t.equal(client.statusCode, 401, 'another client');
    t.equal(client.json().code, 'UNAUTHENTICATED');
    t.match(client.headers['www-authenticate'], /^Bearer/);

    const other = await signIn(app, await issueToken(app, 'BUYER', tc.id('Y-buyer')));
    t.equal(
      (await open(report, other.cookie)).statusCode,
      404,
      "another buyer's session does not open the project, as with its key",
    );
  },
);

t.test('a session is never a key for GraphQL or for writes', async (t) => {
  const { cookie } = await signIn(app, await issueToken(app, 'ADMIN'));
  const asked = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query: '{ viewer { role } }' },
    headers: { cookie },
  });
  t.equal(asked.json().errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', 'GraphQL takes only the header');
  const imported = await app.inject({
    method: 'POST',
    url: '/import/supply-links',
    payload: 'a,b\n',
    headers: { cookie, 'content-type': 'text/csv' },
  });
  t.equal(imported.statusCode, 401, 'nor does the CSV import (a POST)');
});

t.test('a wrong or revoked key opens no session and says why', async (t) => {
  const attempt = async (token: string) => {
    const { response } = await signIn(app, token);
    t.notOk(setCookies(response).has('stonetrace_session'), `${token.slice(0, 24)}…: no session`);
    return response;
  };
  const malformed = await attempt('my password');
  t.equal(malformed.statusCode, 401);
  t.match(malformed.body, /not an API key/);

  const token = await issueToken(app, 'BUYER', tc.id('X-buyer'));
  const unknown = await attempt(`${token.slice(0, -4)}AAAA`);
  t.equal(unknown.statusCode, 401);
  t.match(unknown.body, /not valid/);

  await new KeyStore(app.graph).revoke(keyIdOf(token));
  const revoked = await attempt(token);
  t.equal(revoked.statusCode, 401);
  t.match(revoked.body, /has been revoked/);
  t.ok(hiddenField(revoked.body, '_csrf'), 'the form is shown again, ready for another try');
});

t.test('a POST without a valid CSRF token is refused, and opens no session', async (t) => {
  const token = await issueToken(app, 'BUYER', tc.id('X-buyer'));
  const form = await openSigninForm(app);
  const noToken = await postForm(app, '/signin', { token }, form.cookie);
  t.equal(noToken.statusCode, 403, 'no token in the form');
  t.notOk(setCookies(noToken).has('stonetrace_session'));
  t.match(noToken.body, /form had expired/, 'the person gets a fresh form');

  const noCookie = await postForm(app, '/signin', { token, _csrf: form.csrfToken }, '');
  t.equal(noCookie.statusCode, 403, 'a token without its cookie (what another site can send)');
  t.notOk(setCookies(noCookie).has('stonetrace_session'));

  const other = await openSigninForm(app);
  const mixed = await postForm(app, '/signin', { token, _csrf: other.csrfToken }, form.cookie);
  t.equal(mixed.statusCode, 403, "another browser's token");
  t.same(await app.graph.read(sessionsOfKey, { keyId: keyIdOf(token) }), [], 'no session was stored');

  const { cookie } = await signIn(app, token);
  const signout = await postForm(app, '/signout', {}, cookie);
  t.equal(signout.statusCode, 403, 'signing out needs the token too');
  t.equal((await open(report, cookie)).statusCode, 200, 'and the session goes on');
});

t.test('POST /signout ends the session, for good', async (t) => {
  const token = await issueToken(app, 'BUYER', tc.id('X-buyer'));
  const { cookie, csrfToken } = await signIn(app, token);
  const out = await postForm(app, '/signout', { _csrf: csrfToken }, cookie);
  t.equal(out.statusCode, 303);
  t.equal(out.headers.location, '/signin?notice=signed-out');
  t.equal(setCookies(out).get('stonetrace_session')?.value, '', 'the cookie is cleared');
  t.same(await app.graph.read(sessionsOfKey, { keyId: keyIdOf(token) }), [], 'and the session removed');
  const replayed = await open(report, cookie);
  t.equal(replayed.statusCode, 303, 'the old cookie, sent again, opens nothing');
  t.match((await app.inject({ url: '/signin?notice=signed-out', headers: BROWSER })).body, /You have signed out/);
});

t.test('a session idle longer than SESSION_IDLE_MINUTES is over; one in use goes on', async (t) => {
  const token = await issueToken(app, 'BUYER', tc.id('X-buyer'));
  const keyId = keyIdOf(token);
  const { cookie } = await signIn(app, token);

  await app.graph.write(idleFor, { keyId, ms: idleTimeoutMs - 60_000 }, { changesData: false });
  const [before] = await app.graph.read(sessionsOfKey, { keyId });
  t.equal((await open(report, cookie)).statusCode, 200, 'a minute before the limit it still works');
  const [after] = await app.graph.read(sessionsOfKey, { keyId });
  t.ok(Date.parse(after!.lastSeenAt) > Date.parse(before!.lastSeenAt), 'and its idle time starts again');

  await app.graph.write(idleFor, { keyId, ms: idleTimeoutMs + 1_000 }, { changesData: false });
  const expired = await open(report, cookie);
  t.equal(expired.statusCode, 303, 'past the limit, the browser is sent to sign in');
  t.equal(expired.headers.location, `/signin?next=${encodeURIComponent(report)}&notice=session-ended`);
  t.equal(setCookies(expired).get('stonetrace_session')?.value, '', 'the cookie is cleared');
  t.same(await app.graph.read(sessionsOfKey, { keyId }), [], 'the session removed');
  t.match((await app.inject({ url: expired.headers.location!, headers: BROWSER })).body, /Your session has ended/);
  const client = await open(report, cookie, {});
  t.equal(client.statusCode, 401, 'a client that is not a browser gets 401');
});

t.test('revoking the key ends its sessions at their next request', async (t) => {
  const token = await issueToken(app, 'BUYER', tc.id('X-buyer'));
  const { cookie } = await signIn(app, token);
  t.equal((await open(report, cookie)).statusCode, 200);
  await new KeyStore(app.graph).revoke(keyIdOf(token));
  const next = await open(report, cookie);
  t.equal(next.statusCode, 303, 'the very next request');
  t.match(next.headers.location, /notice=session-ended/);
  t.same(await app.graph.read(sessionsOfKey, { keyId: keyIdOf(token) }), [], 'the session is removed');
});

t.test('signed in, /signin names the key and links to its projects', async (t) => {
  const token = await issueToken(app, 'BUYER', tc.id('X-buyer'));
  const { cookie, response } = await signIn(app, token);
  t.equal(response.headers.location, '/signin', 'without `next`, the signed-in page');
  const page = await open('/signin', cookie);
  t.match(page.body, `signed in with the BUYER key ${keyIdOf(token)}`);
  t.match(page.body, `<a href="/projects/${tc.id('X')}">X</a>`, "the buyer's project page");
  t.notMatch(page.body, `/projects/${tc.id('Y')}`, "not another buyer's");
  t.match(page.body, /<form method="post" action="\/signout">/, 'and a sign-out button');
});

t.test('an outside `next` is ignored: the person lands on /signin', async (t) => {
  const { response } = await signIn(app, await issueToken(app, 'BUYER', tc.id('X-buyer')), '//evil.example/x');
  t.equal(response.headers.location, '/signin');
});

t.test('a signed-in browser counts against its key, not its address', async (t) => {
  const token = await issueToken(app, 'BUYER', tc.id('X-buyer'));
  const { cookie } = await signIn(app, token);
  const page = await open(report, cookie);
  const viaHeader = await app.inject({ url: report, headers: { authorization: `Bearer ${token}` } });
  t.equal(
    Number(viaHeader.headers['x-ratelimit-remaining']),
    Number(page.headers['x-ratelimit-remaining']) - 1,
    'one budget for the key, header or session',
  );
});
