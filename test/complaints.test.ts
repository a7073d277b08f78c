import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import { buildApp, type BuildOptions } from '../src/app.js';
import { cypher } from '../src/db/graph.js';
import { gql, issueToken, testConfig } from './helpers/app.js';
import { TrackedChain } from './helpers/orgs.js';

/**
 * Complaints: filed without a key, followed with the reference and follow-up code, moved on by the
 * committee (ADMIN) along the allowed steps, and the complainant's contact details and the
 * committee's internal notes seen by ADMIN only: not by other roles, not in the audit trail's JSON,
 * not in the logs, not in a project's exports.
 */

/** An app whose complaint budget is `perAddress` (every injected request comes from one address). */
async function complaintApp(t: Test, perAddress: number, options: BuildOptions = {}): Promise<FastifyInstance> {
  const config = testConfig();
  const rateLimits = { ...config.edge.rateLimits, complaintsPerAddress: perAddress };
  const app = await buildApp({ ...config, edge: { ...config.edge, rateLimits } }, { logger: false, ...options });
  t.teardown(() => app.close());
  await app.graphMigrated;
  return app;
}

/** Any complaint-related node or audit entry holding `code` as a property value. */
const findStored = cypher<{ code: string }, { id: string }>(
  'test_complaint_code_stored',
  `MATCH (n) WHERE (n:Complaint OR n:ComplaintContact OR n:ComplaintNote OR n:AuditEntry)
     AND any(key IN keys(n) WHERE n[key] = $code)
   RETURN n.id AS id LIMIT 1`,
);

const logged: string[] = [];
const app = await complaintApp(t, 1000, { logger: { level: 'trace', stream: { write: (line) => logged.push(line) } } });
const tc = new TrackedChain();
tc.chain.quarry('Q', { country: 'IN', region: 'Rajasthan' }).processor('P').importer('I').project('X');
tc.link('Q', 'P');
tc.link('P', 'I');
tc.delivery('X', 'I');
await tc.chain.save(app.graph);
const site = tc.id('Q');

const token = {
  admin: await issueToken(app, 'ADMIN'),
  analyst: await issueToken(app, 'ANALYST'),
  member: await issueToken(app, 'MEMBER', tc.id('I')),
  buyer: await issueToken(app, 'BUYER', tc.id('X-buyer')),
};

// What must never leave the committee: each string is unique to this run, so any echo of it is found.
const secret = {
  name: `Workers' union ${site}`,
  email: `union-${Date.now()}@example.org`,
  phone: '+91 141 555 0199',
  internal: `internal: the complainant fears reprisals at ${site}`,
};

const FILE = 'mutation($input: ComplaintInput!) { fileComplaint(input: $input) { reference followUpCode status } }';
const STATUS = `query($reference: String!, $followUpCode: String!) {
  complaintStatus(reference: $reference, followUpCode: $followUpCode) { reference status publicNotes { at status text } }
}`;
const COMPLAINT = `id reference status siteId companyId siteFound country area place themes description occurredOn
  receivedAt updatedAt publicNotes { status text } internalNotes { status text } contact { name email phone }`;
const LIST = `query($status: ComplaintStatus, $siteId: ID) {
  complaints(status: $status, siteId: $siteId) { totalCount nodes { ${COMPLAINT} } }
}`;
const UPDATE = `mutation($id: ID!, $status: ComplaintStatus, $publicNote: String, $internalNote: String) {
  updateComplaint(id: $id, status: $status, publicNote: $publicNote, internalNote: $internalNote) { ${COMPLAINT} }
}`;

const complaint = (fields: Record<string, unknown> = {}) => ({
  siteId: site,
  themes: ['HEALTH_SAFETY', 'CHILD_LABOUR'],
  description: 'Children carry slabs at the quarry and nobody wears a mask.',
  occurredOn: '2026-03-14',
  ...fields,
});

async function file(input: Record<string, unknown>, as?: string) {
  const answer = await gql(app, FILE, { input }, as);
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!.fileComplaint as { reference: string; followUpCode: string; status: string };
}

async function listAtSite(siteId: string) {
  const answer = await gql(app, LIST, { siteId }, token.admin);
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!.complaints as { totalCount: number; nodes: Record<string, any>[] };
}

const filed = await file(complaint({ contact: { name: secret.name, email: secret.email, phone: secret.phone } }));
const [listed] = (await listAtSite(site)).nodes;
const id = listed!.id as string;

t.test('anyone files a complaint without a key and gets a reference and follow-up code once', async (t) => {
  t.match(filed.reference, /^KC-[0-9A-Z]{4}-[0-9A-Z]{4}$/, 'a reference to quote');
  t.match(filed.followUpCode, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/, 'a code to write down');
  t.equal(filed.status, 'RECEIVED');
  const { data } = await gql(app, STATUS, filed);
  t.same(data!.complaintStatus, { reference: filed.reference, status: 'RECEIVED', publicNotes: [] });
  const typed = await gql(app, STATUS, {
    reference: filed.reference.toLowerCase(),
    followUpCode: filed.followUpCode.replace(/-/g, ' ').toLowerCase(),
  });
  t.equal(typed.data?.complaintStatus.status, 'RECEIVED', 'case, spaces and dashes do not matter');
  const stored = await app.graph.read(findStored, { code: filed.followUpCode });
  t.same(stored, [], 'the code itself is stored nowhere');
});

t.test('a wrong code and an unknown reference are answered alike', async (t) => {
  const wrongCode = await gql(app, STATUS, { ...filed, followUpCode: 'AAAA-BBBB-CCCC-DDDD' });
  const unknown = await gql(app, STATUS, { reference: 'KC-0000-0000', followUpCode: filed.followUpCode });
  const garbage = await gql(app, STATUS, { reference: 'hello', followUpCode: '' });
  t.equal(wrongCode.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  t.same(unknown.errors, wrongCode.errors, 'an unknown reference: the same error');
  t.same(garbage.errors, wrongCode.errors, 'a malformed reference: the same error');
});

t.test('the input names exactly one place, within its lengths', async (t) => {
  const refused = async (input: Record<string, unknown>) => (await gql(app, FILE, { input })).errors?.[0]?.extensions;
  t.match(await refused(complaint({ siteId: null })), { code: 'BAD_USER_INPUT', rule: 'exactly_one_where' });
  t.match(await refused(complaint({ companyId: tc.id('I') })), { code: 'BAD_USER_INPUT', rule: 'exactly_one_where' });
  t.match(await refused(complaint({ description: 'short' })), { code: 'BAD_USER_INPUT', field: 'input.description' });
  t.match(await refused(complaint({ description: 'x'.repeat(5001) })), { field: 'input.description' });
  t.match(await refused(complaint({ themes: [] })), { field: 'input.themes' });
  t.match(await refused(complaint({ occurredOn: '2999-01-01' })), { rule: 'not_future' });
  t.match(await refused(complaint({ contact: { email: 'not an address' } })), { field: 'input.contact.email' });
  const inWords = { siteId: null, place: { country: 'XX', area: 'Bundi', place: 'Budhpura' } };
  t.match(await refused(complaint(inWords)), { rule: 'iso_3166_alpha2' });
});

t.test(
  'a named id is not checked aloud: an unknown one gets the same receipt, for the committee to place',
  async (t) => {
    const unknownSite = `${site}-nowhere`;
    const receipt = await file(complaint({ siteId: unknownSite }));
    t.equal(receipt.status, 'RECEIVED', 'filed like any other');
    const [stored] = (await listAtSite(unknownSite)).nodes;
    t.match(stored, { siteId: unknownSite, siteFound: false }, 'the committee sees it names nothing known');
    t.match(listed, { siteId: site, siteFound: true }, 'a known site is linked');
    const byCompany = await file(complaint({ siteId: null, companyId: tc.id('I') }));
    t.equal(byCompany.status, 'RECEIVED');
    const inWords = await file(
      complaint({ siteId: null, place: { country: 'in', area: 'Bundi', place: 'Budhpura, the road past the temple' } }),
    );
    t.equal(inWords.status, 'RECEIVED', 'a place in words: country, area and place');
  },
);

t.test('the committee lists complaints with everything; a member none before admission; nobody else any', async (t) => {
  t.match(listed, {
    reference: filed.reference,
    status: 'RECEIVED',
    themes: ['HEALTH_SAFETY', 'CHILD_LABOUR'],
    occurredOn: '2026-03-14',
    contact: { name: secret.name, email: secret.email, phone: secret.phone },
  });
  const member = await gql(app, LIST, { siteId: site }, token.member);
  t.same(member.data?.complaints, { totalCount: 0, nodes: [] }, 'MEMBER: nothing reached its chain yet');
  for (const [role, as] of [
    ['ANALYST', token.analyst],
    ['MEMBER', token.member],
    ['BUYER', token.buyer],
  ] as const) {
    const answer = await gql(app, LIST, { siteId: site }, as);
    if (role !== 'MEMBER')
      t.equal(answer.errors?.[0]?.extensions?.code, 'FORBIDDEN', `${role}: complaints is FORBIDDEN`);
    const update = await gql(app, UPDATE, { id, status: 'ADMISSIBLE' }, as);
    t.equal(update.errors?.[0]?.extensions?.code, 'FORBIDDEN', `${role}: updateComplaint is FORBIDDEN`);
  }
  const anonymous = await gql(app, LIST, { siteId: site });
  t.equal(anonymous.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', 'without a key: UNAUTHENTICATED');
});

t.test('the committee pages through complaints, the newest first', async (t) => {
  const PAGE = `query($siteId: ID, $after: String) {
    complaints(siteId: $siteId, first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { reference } }
  }`;
  const second = await file(complaint());
  const first = await gql(app, PAGE, { siteId: site }, token.admin);
  t.match(first.data!.complaints, {
    totalCount: 2,
    pageInfo: { hasNextPage: true },
    nodes: [{ reference: second.reference }],
  });
  const next = await gql(app, PAGE, { siteId: site, after: first.data!.complaints.pageInfo.endCursor }, token.admin);
  t.match(next.data!.complaints, { pageInfo: { hasNextPage: false }, nodes: [{ reference: filed.reference }] });
  const foreign = Buffer.from(JSON.stringify(['Granite quarry', 'x'])).toString('base64url');
  const refused = await gql(app, PAGE, { siteId: site, after: foreign }, token.admin);
  t.match(
    refused.errors?.[0]?.extensions,
    { code: 'BAD_USER_INPUT', field: 'after' },
    "another list's cursor is bad input",
  );
});

t.test('the committee moves a complaint along the allowed steps only', async (t) => {
  const step = (variables: Record<string, unknown>) => gql(app, UPDATE, { id, ...variables }, token.admin);
  const skipped = await step({ status: 'RESOLVED' });
  t.match(skipped.errors?.[0], {
    message: /RECEIVED complaint moves to ADMISSIBLE or INADMISSIBLE, not to RESOLVED/,
    extensions: { code: 'BAD_USER_INPUT', field: 'status', rule: 'complaint_transition' },
  });
  const admitted = await step({
    status: 'ADMISSIBLE',
    publicNote: 'We take up your complaint.',
    internalNote: secret.internal,
  });
  t.match(admitted.data?.updateComplaint, {
    status: 'ADMISSIBLE',
    publicNotes: [{ status: 'ADMISSIBLE', text: 'We take up your complaint.' }],
    internalNotes: [{ status: 'ADMISSIBLE', text: secret.internal }],
  });
  t.equal((await step({})).errors?.[0]?.extensions?.rule, 'nothing_to_update', 'a step must change something');
  t.notOk((await step({ status: 'IN_DIALOGUE' })).errors, 'ADMISSIBLE → IN_DIALOGUE');
  t.notOk((await step({ publicNote: 'The company has agreed to meet.' })).errors, 'a note without a move');
  t.notOk((await step({ status: 'RESOLVED', publicNote: 'Masks are worn; no children on site.' })).errors);
  const final = await step({ status: 'CLOSED' });
  t.match(final.errors?.[0]?.message, /RESOLVED complaint is final/);

  const { data } = await gql(app, STATUS, filed);
  t.same(
    data!.complaintStatus.publicNotes.map((note: { status: string; text: string }) => [note.status, note.text]),
    [
      ['ADMISSIBLE', 'We take up your complaint.'],
      ['IN_DIALOGUE', 'The company has agreed to meet.'],
      ['RESOLVED', 'Masks are worn; no children on site.'],
    ],
    'the complainant sees the status and the public notes, in order',
  );
  t.equal(data!.complaintStatus.status, 'RESOLVED');
  t.notMatch(JSON.stringify(data), secret.internal, 'and never an internal note');

  const stranger = await gql(app, UPDATE, { id: `${id}-none`, status: 'ADMISSIBLE' }, token.admin);
  t.equal(stranger.errors?.[0]?.extensions?.code, 'NOT_FOUND');
});

t.test('every step is audited, without contact details or internal notes in the JSON', async (t) => {
  const TRAIL = `query($recordId: ID!) { auditTrail(recordId: $recordId) { totalCount nodes { action actorRole before after } } }`;
  const trail = await gql(app, TRAIL, { recordId: id }, token.admin);
  const entries = trail.data!.auditTrail.nodes as { action: string; actorRole: string; after: string }[];
  t.same(
    entries.map((entry) => [entry.action, JSON.parse(entry.after).status]).reverse(),
    [
      ['updateComplaint', 'ADMISSIBLE'],
      ['updateComplaint', 'IN_DIALOGUE'],
      ['updateComplaint', 'IN_DIALOGUE'],
      ['updateComplaint', 'RESOLVED'],
    ],
    'one entry per accepted step, by ADMIN',
  );
  t.equal(JSON.parse(entries.at(-1)!.after).internalNoteCount, 1, 'an internal note is counted, not quoted');
  const text = JSON.stringify(trail.data);
  for (const [what, value] of Object.entries(secret)) t.notMatch(text, value, `no ${what} in the audit JSON`);
  for (const as of [token.analyst, token.member, token.buyer]) {
    const other = await gql(app, TRAIL, { recordId: id }, as);
    t.equal(other.errors?.[0]?.extensions?.code, 'FORBIDDEN', 'other roles cannot read the trail at all');
  }
});

t.test("a project's exports downstream of the site carry nothing of the complaint", async (t) => {
  const headers = { authorization: `Bearer ${token.admin}` };
  for (const url of [`/projects/${tc.id('X')}/report`, `/projects/${tc.id('X')}/origins.geojson`]) {
    const response = await app.inject({ url, headers });
    t.equal(response.statusCode, 200, url);
    for (const value of Object.values(secret)) t.notMatch(response.body, value, `${url}: nothing the committee holds`);
  }
});

t.test('nothing the committee holds in confidence is logged', async (t) => {
  t.ok(logged.length > 10, 'the log was captured');
  const log = logged.join('\n');
  for (const [what, value] of Object.entries(secret)) t.notMatch(log, value, `no ${what} in the log`);
});

t.test('filing is limited per address, and says when to try again', async (t) => {
  const limited = await complaintApp(t, 2);
  for (let i = 0; i < 2; i++) t.notOk((await gql(limited, FILE, { input: complaint() })).errors, `complaint ${i + 1}`);
  const response = await limited.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query: FILE, variables: { input: complaint() } },
  });
  const error = response.json<{ errors: { extensions: Record<string, unknown> }[] }>().errors[0]!;
  t.match(error.extensions, { code: 'RATE_LIMITED', limit: 2 });
  t.ok(Number(response.headers['retry-after']) > 0, 'Retry-After says when');
  const withKey = await gql(limited, FILE, { input: complaint() }, await issueToken(limited, 'ADMIN'));
  t.equal(withKey.errors?.[0]?.extensions?.code, 'RATE_LIMITED', 'a key does not lift the address budget');
  const status = await gql(limited, STATUS, filed);
  t.notOk(status.errors, 'asking for a status is not counted against it');
});
