import { createHash } from 'node:crypto';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { cypher } from '../src/db/graph.js';
import { todayUtc } from '../src/shared/dates.js';
import { gql, issueToken, testApp, testConfig } from './helpers/app.js';
import { TrackedChain } from './helpers/orgs.js';

/** Shareable report links: who may make, list and revoke them, what they open, and when they stop. */

const app = await testApp(t);
const tc = new TrackedChain();
tc.chain.quarry('Q', { country: 'TO', region: "Vava'u" }).importer('I').processor('P').project('X').project('Y');
tc.link('Q', 'I');
// P buys from Q too, but not for X: X's buyer sees P's plan at Q without P's name, ADMIN with it.
tc.link('Q', 'P');
tc.delivery('X', 'I');
tc.delivery('Y', 'I');
await tc.chain.save(app.graph);
const X = tc.id('X');
const planned = await gql(
  app,
  'mutation($input: ActionPlanInput!) { recordActionPlan(input: $input) { id } }',
  {
    input: {
      companyId: tc.id('P'),
      themes: ['HEALTH_SAFETY'],
      siteId: tc.id('Q'),
      description: 'dust masks',
      status: 'PLANNED',
      collective: false,
    },
  },
  await issueToken(app, 'MEMBER', tc.id('P')),
);
if (planned.errors) throw new Error(JSON.stringify(planned.errors));

const token = {
  admin: await issueToken(app, 'ADMIN'),
  analyst: await issueToken(app, 'ANALYST'),
  member: await issueToken(app, 'MEMBER', tc.id('I')),
  buyerX: await issueToken(app, 'BUYER', tc.id('X-buyer')),
  buyerY: await issueToken(app, 'BUYER', tc.id('Y-buyer')),
};

const LINK = 'id url projectId expiresOn createdAt revokedAt status';
const CREATE = `mutation($projectId: ID!, $expiresOn: Date!) { createReportLink(projectId: $projectId, expiresOn: $expiresOn) { ${LINK} } }`;
const REVOKE = `mutation($id: ID!) { revokeReportLink(id: $id) { ${LINK} } }`;
const LIST = `query($projectId: ID!, $first: Int, $after: String) {
  reportLinks(projectId: $projectId, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${LINK} } }
}`;

const daysFromToday = (days: number): string =>
  new Date(Date.parse(todayUtc()) + days * 86_400_000).toISOString().slice(0, 10);
const inAMonth = daysFromToday(30);

async function create(projectId = X, as = token.buyerX, expiresOn = inAMonth) {
  const answer = await gql(app, CREATE, { projectId, expiresOn }, as);
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!.createReportLink as {
    id: string;
    url: string;
    status: string;
    revokedAt: string | null;
    expiresOn: string;
  };
}

/** The path of a link's URL: what a browser asks this server for. */
const pathOf = (url: string): string => new URL(url).pathname;
const tokenOf = (url: string): string => pathOf(url).split('/').at(-1)!;
const openLink = (url: string) => app.inject({ url: pathOf(url), headers: { accept: 'text/html' } });
/** A report's text without the moment it was made (ISO timestamps, and "7 December 2026, 20:59 UTC"). */
const withoutTimes = (html: string): string =>
  html.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>').replace(/\d{1,2} \p{L}+ \d{4}, \d{2}:\d{2} UTC/gu, '<time>');

const linkStored = cypher<{ id: string }, { props: Record<string, unknown>; entries: Record<string, unknown>[] }>(
  'test_report_link_stored',
  `MATCH (link:ReportLink {id: $id})
   OPTIONAL MATCH (entry:AuditEntry {recordId: $id})
   RETURN properties(link) AS props, collect(properties(entry)) AS entries`,
);
const expireLink = cypher<{ id: string; on: string }, never>(
  'test_report_link_expire',
  'MATCH (link:ReportLink {id: $id}) SET link.expiresOn = date($on)',
);

t.test('a buyer makes a link; it opens that report without a key, as the buyer sees it', async (t) => {
  const link = await create();
  t.match(link, { projectId: X, expiresOn: inAMonth, status: 'ACTIVE', revokedAt: null });
  t.match(
    link.url,
    /^http:\/\/localhost(:80)?\/reports\/shared\/[A-Za-z0-9_-]{43}$/,
    'an absolute URL with an unguessable token',
  );

  const shared = await openLink(link.url);
  t.equal(shared.statusCode, 200, 'opens without a key');
  t.match(shared.headers['content-type'], /^text\/html/);
  t.match(shared.body, /Due-diligence report: X/);
  t.equal(shared.headers['cache-control'], 'no-store', 'never cached');
  t.equal(shared.headers['x-robots-tag'], 'noindex', 'never indexed');
  t.equal(shared.headers['referrer-policy'], 'no-referrer', 'the address (the secret) is never sent on as a referrer');
  t.match(shared.headers['content-security-policy'], /default-src 'none'/);

  const reportAs = async (as: string) =>
    (await app.inject({ url: `/projects/${X}/report`, headers: { authorization: `Bearer ${as}` } })).body;
  const own = await reportAs(token.buyerX);
  t.equal(withoutTimes(shared.body), withoutTimes(own), "the very report the buyer's own key gets");
  t.match(own, /another company/, 'the buyer is not told whose plan it is at Q');
  for (const figure of ['<h2>Deliveries</h2>', 'class="origin-map"', 'class="chain-sankey"'])
    t.match(shared.body, figure, `with ${figure}`);
  const dutch = (await app.inject({ url: `${pathOf(link.url)}?lang=nl`, headers: { 'accept-language': 'en' } })).body;
  const ownDutch = (
    await app.inject({ url: `/projects/${X}/report?lang=nl`, headers: { authorization: `Bearer ${token.buyerX}` } })
  ).body;
  t.equal(withoutTimes(dutch), withoutTimes(ownDutch), 'in Dutch as well');
  const made = await create(X, token.admin);
  t.equal(
    withoutTimes((await openLink(made.url)).body),
    withoutTimes(own),
    "also when ADMIN made the link: the buyer's view",
  );
  t.not(withoutTimes(await reportAs(token.admin)), withoutTimes(own), "not ADMIN's, who is told");
});

t.test('the report is made when the link is opened, from the data of that day', async (t) => {
  const tcLater = new TrackedChain();
  tcLater.chain.quarry('Q', { country: 'WS', region: 'Upolu' }).importer('I').project('Z');
  tcLater.link('Q', 'I');
  await tcLater.chain.save(app.graph);
  const link = await create(tcLater.id('Z'), token.admin);
  t.notMatch((await openLink(link.url)).body, /Upolu/, 'no origin yet');
  tcLater.delivery('Z', 'I');
  await tcLater.chain.save(app.graph);
  t.match((await openLink(link.url)).body, /Upolu/, 'after it, the same link shows the new origin');
});

t.test('the token is stored only as its hash, and opens only its own project', async (t) => {
  const link = await create();
  const secret = tokenOf(link.url);
  const [stored] = await app.graph.read(linkStored, { id: link.id });
  t.equal(stored!.props.tokenHash, createHash('sha256').update(secret).digest('hex'), 'the SHA-256 of the token');
  t.notOk(JSON.stringify(stored).includes(secret), 'the token is in neither the link nor its audit entry');
  const listed = await gql(app, LIST, { projectId: X, first: 100 }, token.buyerX);
  t.same(
    listed
      .data!.reportLinks.nodes.filter((node: { id: string }) => node.id === link.id)
      .map((node: { url: string | null }) => node.url),
    [null],
    'and no later answer can show it again',
  );
  t.equal(
    (await app.inject({ url: `/projects/${tc.id('Y')}/report` })).statusCode,
    401,
    'it is no key: other pages still need one',
  );
  // The last character changed for another (one in 64 tokens already ends in A).
  const oneOff = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
  t.equal(
    (await app.inject({ url: `/reports/shared/${oneOff}` })).statusCode,
    404,
    'a token one character off opens nothing',
  );
  const malformed = await app.inject({ url: '/reports/shared/not-a-token' });
  t.equal(malformed.statusCode, 404);
  t.match(malformed.body, /There is no report at this link/, 'a page that says so');
});

t.test('revoked: 410 with a page that says so; revoking again changes nothing', async (t) => {
  const link = await create();
  const revoked = await gql(app, REVOKE, { id: link.id }, token.buyerX);
  t.same(revoked.errors, undefined);
  const after = revoked.data!.revokeReportLink;
  t.match(after, { id: link.id, status: 'REVOKED', url: null, projectId: X });
  t.ok(after.revokedAt, 'with when');

  const gone = await openLink(link.url);
  t.equal(gone.statusCode, 410, 'Gone');
  t.match(gone.headers['content-type'], /^text\/html/);
  t.match(gone.body, /This report link is no longer valid/);
  t.match(gone.body, `was withdrawn by its buyer on ${todayUtc()}`);
  t.notMatch(gone.body, /Due-diligence report/, 'and no report');

  const again = await gql(app, REVOKE, { id: link.id }, token.admin);
  t.equal(again.data!.revokeReportLink.revokedAt, after.revokedAt, 'a second revocation keeps the first date');
  const [stored] = await app.graph.read(linkStored, { id: link.id });
  t.same(stored!.entries.map((e) => e.action).sort(), ['createReportLink', 'revokeReportLink'], 'one entry per change');
});

t.test('past its last day: 410 with a page that says so; on its last day it still opens', async (t) => {
  const link = await create(X, token.buyerX, todayUtc());
  t.equal((await openLink(link.url)).statusCode, 200, 'on its last day');
  await app.graph.write(expireLink, { id: link.id, on: daysFromToday(-1) }, { changesData: false });
  const gone = await openLink(link.url);
  t.equal(gone.statusCode, 410);
  t.match(gone.body, `expired at the end of ${daysFromToday(-1)} (UTC)`);
  const listed = await gql(app, LIST, { projectId: X, first: 100 }, token.buyerX);
  t.equal(listed.data!.reportLinks.nodes.find((node: { id: string }) => node.id === link.id).status, 'EXPIRED');
});

t.test('creating and revoking leave audit entries with who did it', async (t) => {
  const link = await create();
  await gql(app, REVOKE, { id: link.id }, token.buyerX);
  const trail = await gql(
    app,
    'query($id: ID!) { auditTrail(recordId: $id) { nodes { action recordKind actorRole actorOrganisationId before after } } }',
    { id: link.id },
    token.admin,
  );
  const [revoked, created] = trail.data!.auditTrail.nodes;
  t.match(created, {
    action: 'createReportLink',
    recordKind: 'ReportLink',
    actorRole: 'BUYER',
    actorOrganisationId: tc.id('X-buyer'),
    before: null,
  });
  t.equal(JSON.parse(created.after).expiresOn, inAMonth);
  t.match(revoked, { action: 'revokeReportLink', recordKind: 'ReportLink', actorRole: 'BUYER' });
  t.equal(JSON.parse(revoked.before).revokedAt, undefined);
  t.ok(JSON.parse(revoked.after).revokedAt);
});

t.test("only the project's buyer and ADMIN make, list and revoke its links", async (t) => {
  const link = await create();
  const code = (answer: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    answer.errors?.[0]?.extensions?.code;
  for (const [who, as, expected] of [
    ['ANALYST', token.analyst, 'FORBIDDEN'],
    ['MEMBER (the delivering importer)', token.member, 'FORBIDDEN'],
    ['another buyer', token.buyerY, 'NOT_FOUND'],
    ['no key', undefined, 'UNAUTHENTICATED'],
  ] as const) {
    t.equal(code(await gql(app, CREATE, { projectId: X, expiresOn: inAMonth }, as)), expected, `${who} may not create`);
    t.equal(code(await gql(app, LIST, { projectId: X }, as)), expected, `nor list`);
    t.equal(code(await gql(app, REVOKE, { id: link.id }, as)), expected, `nor revoke`);
  }
  const otherBuyer = await gql(app, REVOKE, { id: link.id }, token.buyerY);
  const unknown = await gql(app, REVOKE, { id: 'no-such-link' }, token.buyerY);
  t.equal(
    otherBuyer.errors![0]!.message,
    unknown.errors![0]!.message.replace('no-such-link', link.id),
    "another buyer's link answers like one that does not exist",
  );
  t.equal((await openLink(link.url)).statusCode, 200, 'and the link still opens');
});

t.test('bad input names the field and the rule, and writes nothing', async (t) => {
  const before = (await gql(app, LIST, { projectId: tc.id('Y') }, token.admin)).data!.reportLinks.totalCount;
  const refusal = async (expiresOn: string) =>
    (await gql(app, CREATE, { projectId: tc.id('Y'), expiresOn }, token.admin)).errors?.[0]?.extensions;
  t.match(await refusal(daysFromToday(-1)), {
    code: 'BAD_USER_INPUT',
    field: 'expiresOn',
    rule: 'expires_not_in_past',
  });
  t.match(await refusal(daysFromToday(367)), {
    code: 'BAD_USER_INPUT',
    field: 'expiresOn',
    rule: 'expires_within_a_year',
  });
  t.match(await refusal('2026-02-30'), { code: 'BAD_USER_INPUT' }, 'not a calendar date');
  t.match(
    (await gql(app, CREATE, { projectId: 'no-such-project', expiresOn: inAMonth }, token.admin)).errors?.[0]
      ?.extensions,
    { code: 'NOT_FOUND' },
  );
  t.equal(
    (await gql(app, LIST, { projectId: tc.id('Y') }, token.admin)).data!.reportLinks.totalCount,
    before,
    'no link was made',
  );
  t.ok(await create(tc.id('Y'), token.admin, daysFromToday(366)), 'a year ahead is accepted');
});

t.test('reportLinks: the newest first, a page at a time', async (t) => {
  const tcList = new TrackedChain();
  tcList.chain.project('L');
  await tcList.chain.save(app.graph);
  const buyer = await issueToken(app, 'BUYER', tcList.id('L-buyer'));
  const made = [];
  for (let i = 0; i < 3; i++) made.push(await create(tcList.id('L'), buyer, daysFromToday(10 + i)));
  await gql(app, REVOKE, { id: made[1]!.id }, buyer);
  const first = (await gql(app, LIST, { projectId: tcList.id('L'), first: 2 }, buyer)).data!.reportLinks;
  t.equal(first.totalCount, 3);
  t.ok(first.pageInfo.hasNextPage);
  const second = (await gql(app, LIST, { projectId: tcList.id('L'), first: 2, after: first.pageInfo.endCursor }, buyer))
    .data!.reportLinks;
  t.notOk(second.pageInfo.hasNextPage);
  const listed = [...first.nodes, ...second.nodes];
  t.same(
    listed.map((l: { id: string }) => l.id),
    made.map((l) => l.id).reverse(),
    'newest first, across pages',
  );
  t.same(
    listed.map((l: { status: string }) => l.status),
    ['ACTIVE', 'REVOKED', 'ACTIVE'],
  );
  const otherList = Buffer.from(JSON.stringify(['Quay wall renewal', made[0]!.id])).toString('base64url');
  const refused = await gql(app, LIST, { projectId: tcList.id('L'), after: otherList }, buyer);
  t.match(
    refused.errors?.[0]?.extensions,
    { code: 'BAD_USER_INPUT', field: 'after' },
    "another list's cursor is bad input, not a failure",
  );
});

t.test('the URL is built on PUBLIC_URL when set, else on the address the request came to', async (t) => {
  const config = testConfig();
  const proxied = await buildApp({ ...config, edge: { ...config.edge, trustProxy: true } }, { logger: false });
  t.teardown(() => proxied.close());
  const viaProxy = await proxied.inject({
    method: 'POST',
    url: '/graphql',
    headers: {
      authorization: `Bearer ${token.buyerX}`,
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'reports.example.nl',
    },
    payload: { query: CREATE, variables: { projectId: X, expiresOn: inAMonth } },
  });
  t.match(
    viaProxy.json().data.createReportLink.url,
    /^https:\/\/reports\.example\.nl\/reports\/shared\//,
    'behind a trusted proxy, its forwarded origin',
  );

  const fixed = await buildApp({ ...config, publicUrl: 'https://stonetrace.example.be' }, { logger: false });
  t.teardown(() => fixed.close());
  const answer = await gql(fixed, CREATE, { projectId: X, expiresOn: inAMonth }, token.buyerX);
  t.match(
    answer.data!.createReportLink.url,
    /^https:\/\/stonetrace\.example\.be\/reports\/shared\//,
    'PUBLIC_URL whatever the request says',
  );
});
