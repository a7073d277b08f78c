import t from 'tap';
import { buildApp } from '../src/app.js';
import { gql, issueToken, testConfig } from './helpers/app.js';
import { TrackedChain } from './helpers/orgs.js';

/**
 * A complaint admitted about a quarry reaches everything downstream of it on the day it happened:
 * the projects and their buyers, and the processors and importers whose chains pass the quarry,
 * each with the share of its stone that passed it; nobody else, and nobody sees the complainant.
 *
 *   Q (the quarry complained about) → P1 → P2 → I → project A (40 t: 30 t from I, 10 t from J)
 *   Q2 ─────────────────────────────↗              project B (20 t from I)
 *   Q3 → J ─────────────────────────────────────→  project A, project C (50 t from J)
 *   Q → K, a link that ended in 2021 ─────────────→ project D (15 t from K)
 *
 * P2 takes as much from P1 as from Q2, so half of what I delivered passed Q: 15 of project A's
 * 40 t (0.375) and 10 of project B's 20 t (0.5). P1 passed on only stone from Q (share 1), P2 and
 * I half of theirs. J's stone never passed Q, and K's link from Q had ended before the complaint.
 */

const config = testConfig();
// Every complaint here comes from one address: the limit per address is not what is tested.
const rateLimits = { ...config.edge.rateLimits, complaintsPerAddress: 1000 };
const app = await buildApp({ ...config, edge: { ...config.edge, rateLimits } }, { logger: false });
t.teardown(() => app.close());
await app.graphMigrated;

const tc = new TrackedChain();
tc.chain
  .quarry('Q', { country: 'IN', region: 'Rajasthan' })
  .quarry('Q2', { country: 'IN', region: 'Rajasthan' })
  .quarry('Q3', { country: 'IN', region: 'Karnataka' })
  .processor('P1', 'IN')
  .processor('P2', 'IN')
  .importer('I')
  .importer('J')
  .importer('K')
  .project('A')
  .project('B')
  .project('C')
  .project('D');
tc.link('Q', 'P1', { volume: 100 });
tc.link('P1', 'P2', { volume: 100 });
tc.link('Q2', 'P2', { volume: 100 });
tc.link('P2', 'I', { volume: 100 });
tc.link('Q3', 'J');
tc.link('Q', 'K', { validFrom: '2019-01-01', validTo: '2021-12-31' });
tc.delivery('A', 'I', { massTonnes: 30 });
tc.delivery('A', 'J', { massTonnes: 10 });
tc.delivery('B', 'I', { massTonnes: 20 });
tc.delivery('C', 'J', { massTonnes: 50 });
tc.delivery('D', 'K', { massTonnes: 15, deliveredOn: '2021-06-01' });
await tc.chain.save(app.graph);

const admin = await issueToken(app, 'ADMIN');
const buyer = Object.fromEntries(
  await Promise.all(['A', 'B', 'C', 'D'].map(async (p) => [p, await issueToken(app, 'BUYER', tc.id(`${p}-buyer`))])),
) as Record<'A' | 'B' | 'C' | 'D', string>;
const member = Object.fromEntries(
  await Promise.all(['P1', 'P2', 'I', 'J', 'K'].map(async (o) => [o, await issueToken(app, 'MEMBER', tc.id(o))])),
) as Record<'P1' | 'P2' | 'I' | 'J' | 'K', string>;

const contact = {
  name: `Union of quarry workers ${tc.id('Q')}`,
  email: 'union@example.org',
  phone: '+91 141 555 0100',
};
const description = `Workers at ${tc.id('Q')} cut stone without water or masks.`;

async function fileAt(siteId: string, occurredOn: string | null): Promise<{ id: string; reference: string }> {
  const filed = await gql(app, 'mutation($input: ComplaintInput!) { fileComplaint(input: $input) { reference } }', {
    input: { siteId, themes: ['HEALTH_SAFETY', 'CHILD_LABOUR'], description, occurredOn, contact },
  });
  const reference = filed.data!.fileComplaint.reference as string;
  const listed = await gql(app, '{ complaints(first: 100) { nodes { id reference } } }', {}, admin);
  const { id } = (listed.data!.complaints.nodes as { id: string; reference: string }[]).find(
    (c) => c.reference === reference,
  )!;
  return { id, reference };
}

const step = async (id: string, status: string) => {
  const answer = await gql(
    app,
    'mutation($id: ID!, $status: ComplaintStatus) { updateComplaint(id: $id, status: $status) { status } }',
    { id, status },
    admin,
  );
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
};

const DUE = `query($projectId: ID!) {
  dueDiligence(projectId: $projectId) { complaints { reference themes status share site { id name } } }
}`;
const MEMBER_LIST = `{ complaints { totalCount nodes { id reference status themes occurredOn share site { id name } } } }`;

const projectComplaints = async (project: 'A' | 'B' | 'C' | 'D', as = buyer[project]) => {
  const answer = await gql(app, DUE, { projectId: tc.id(project) }, as);
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!.dueDiligence.complaints as Record<string, unknown>[];
};
const memberComplaints = async (org: keyof typeof member) => {
  const answer = await gql(app, MEMBER_LIST, {}, member[org]);
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!.complaints as { totalCount: number; nodes: Record<string, unknown>[] };
};

const complaint = await fileAt(tc.id('Q'), '2026-03-14');

t.test('a received complaint reaches nobody', async (t) => {
  for (const project of ['A', 'B', 'C', 'D'] as const) t.same(await projectComplaints(project), [], project);
  for (const org of ['P1', 'P2', 'I', 'J', 'K'] as const) t.equal((await memberComplaints(org)).totalCount, 0, org);
});

t.test('on admission, exactly the buyers whose stone passed the quarry see it, with their share', async (t) => {
  await step(complaint.id, 'ADMISSIBLE');
  const seen = (share: number) => [
    {
      reference: complaint.reference,
      themes: ['HEALTH_SAFETY', 'CHILD_LABOUR'],
      status: 'ADMISSIBLE',
      share,
      site: { id: tc.id('Q'), name: 'Q' },
    },
  ];
  t.same(await projectComplaints('A'), seen(0.375), 'A: 15 of its 40 t passed the quarry');
  t.same(await projectComplaints('B'), seen(0.5), 'B: 10 of its 20 t');
  t.same(await projectComplaints('C'), [], 'C: its stone never passed the quarry');
  t.same(await projectComplaints('D'), [], "D: K's link from the quarry had ended before the complaint");
  t.same(await projectComplaints('A', admin), seen(0.375), 'ADMIN sees what the buyer sees');
  t.same(
    await projectComplaints('A', member.I),
    [{ ...seen(0.375)[0], share: null }],
    "I delivered to A through the quarry: it sees the complaint on A, but not A's share, which counts J's deliveries",
  );
  t.same(await projectComplaints('A', member.J), [], 'J delivered to A too, but its chain does not pass the quarry');
});

t.test('on admission, exactly the members whose chain passes the quarry see it, with their share', async (t) => {
  const seen = (org: string, share: number) => ({
    totalCount: 1,
    nodes: [
      {
        id: complaint.id,
        reference: complaint.reference,
        status: 'ADMISSIBLE',
        themes: ['HEALTH_SAFETY', 'CHILD_LABOUR'],
        occurredOn: '2026-03-14',
        share,
        site: { id: tc.id('Q'), name: 'Q' },
      },
    ],
    org,
  });
  for (const [org, share] of [
    ['P1', 1],
    ['P2', 0.5],
    ['I', 0.5],
  ] as const) {
    t.same({ ...(await memberComplaints(org)), org }, seen(org, share), `${org}: ${share} of its stone`);
  }
  t.equal((await memberComplaints('J')).totalCount, 0, 'J: its chain does not pass the quarry');
  t.equal((await memberComplaints('K')).totalCount, 0, 'K: not on the day it happened');
});

t.test(
  'the admission is in the notifications of exactly the organisations it reached, with their shares',
  async (t) => {
    const events = async (token: string) => {
      const answer = await gql(
        app,
        '{ notifications(first: 100) { nodes { type subjectKind subjectId data } } }',
        {},
        token,
      );
      if (answer.errors) throw new Error(JSON.stringify(answer.errors));
      return (answer.data!.notifications.nodes as { type: string; subjectId: string; data: string }[])
        .filter((event) => event.subjectId === complaint.id)
        .map((event) => ({ type: event.type, data: JSON.parse(event.data) as unknown }));
    };
    const about = { reference: complaint.reference, status: 'ADMISSIBLE', themes: ['HEALTH_SAFETY', 'CHILD_LABOUR'] };
    const admitted = (data: Record<string, unknown>) => [
      { type: 'COMPLAINT_ADMISSIBLE', data: { complaint: { ...about, ...data } } },
    ];
    t.same(await events(buyer.A), admitted({ projects: [{ projectId: tc.id('A'), share: 0.375 }] }), 'buyer of A');
    t.same(await events(buyer.B), admitted({ projects: [{ projectId: tc.id('B'), share: 0.5 }] }), 'buyer of B');
    t.same(await events(member.P1), admitted({ share: 1 }), 'P1');
    t.same(await events(member.P2), admitted({ share: 0.5 }), 'P2');
    t.same(await events(member.I), admitted({ share: 0.5 }), 'I');
    for (const [who, token] of [
      ['buyer of C', buyer.C],
      ['buyer of D', buyer.D],
      ['J', member.J],
      ['K', member.K],
    ] as const)
      t.same(await events(token), [], `${who}: nothing`);
    const written = JSON.stringify([await events(buyer.A), await events(member.I)]);
    for (const secret of [contact.name, contact.email, description])
      t.notMatch(written, secret, 'nothing of the complainant');
  },
);

t.test("nobody but the committee sees the complainant or the complaint's words", async (t) => {
  const committeeFields = ['description', 'place', 'country', 'area', 'publicNotes { text }', 'contact { name }'];
  for (const field of committeeFields) {
    const answer = await gql(app, `{ complaints { nodes { reference ${field} } } }`, {}, member.I);
    t.equal(answer.errors?.[0]?.extensions?.code, 'FORBIDDEN', `MEMBER: ${field} is FORBIDDEN`);
  }
  const everything = [
    JSON.stringify(await memberComplaints('I')),
    JSON.stringify(await projectComplaints('A')),
    ...(await Promise.all(
      ['', '/report', '/report?lang=nl'].map(
        async (path) =>
          (await app.inject({ url: `/projects/${tc.id('A')}${path}`, headers: { authorization: `Bearer ${buyer.A}` } }))
            .body,
      ),
    )),
  ].join('\n');
  t.match(everything, complaint.reference, 'the complaint itself is there');
  for (const secret of [contact.name, contact.email, contact.phone, description])
    t.notMatch(everything, secret, 'but nothing of who complained or what they wrote');
});

t.test('the project page and the printable report show it, in English and Dutch', async (t) => {
  const page = async (project: 'A' | 'C', path: string) =>
    (
      await app.inject({
        url: `/projects/${tc.id(project)}${path}`,
        headers: { authorization: `Bearer ${buyer[project]}` },
      })
    ).body;
  const en = await page('A', '?lang=en');
  t.match(
    en,
    /Complaints about sites in this chain[\s\S]*Health &amp; safety, Child labour[\s\S]*Q \(Quarry, India\)[\s\S]*Admitted[\s\S]*37\.5%/,
  );
  const nl = await page('A', '/report?lang=nl');
  t.match(nl, /Klachten over locaties in deze keten[\s\S]*Q \(Groeve, India\)[\s\S]*Ontvankelijk[\s\S]*37,5%/);
  t.notMatch(await page('C', ''), /Complaints about sites/, 'an unaffected project says nothing of complaints');
});

t.test('the notice stays as the complaint moves on, with its status', async (t) => {
  await step(complaint.id, 'IN_DIALOGUE');
  await step(complaint.id, 'RESOLVED');
  t.match(await projectComplaints('B'), [{ reference: complaint.reference, status: 'RESOLVED', share: 0.5 }]);
  t.match((await memberComplaints('P2')).nodes, [{ reference: complaint.reference, status: 'RESOLVED' }]);
});

t.test('an inadmissible complaint reaches nobody', async (t) => {
  const refused = await fileAt(tc.id('Q'), '2026-03-14');
  await step(refused.id, 'INADMISSIBLE');
  const references = (await projectComplaints('B')).map((c) => c.reference);
  t.notOk(references.includes(refused.reference), 'INADMISSIBLE: not shown');
});

t.test("without a date, the day it was received counts, not each delivery's own", async (t) => {
  const undated = await fileAt(tc.id('Q'), null);
  await step(undated.id, 'ADMISSIBLE');
  t.match(await projectComplaints('B'), [{ reference: undated.reference, share: 0.5 }]);
  t.same(await projectComplaints('D'), [], "D's stone passed the quarry in 2021, long before the complaint came in");
});

t.test('a processor complained about sees the complaint, all its stone having passed itself', async (t) => {
  const atP1 = await fileAt(tc.id('P1'), '2026-03-14');
  await step(atP1.id, 'ADMISSIBLE');
  t.match(await projectComplaints('A'), [{ reference: atP1.reference, share: 0.375, site: { name: 'P1' } }]);
  t.match((await memberComplaints('P1')).nodes, [{ reference: atP1.reference, share: 1 }]);
  t.equal((await memberComplaints('I')).totalCount, 3, 'I: the three admitted complaints, each once');
});

t.test(
  'an admitted complaint keeps its themes HIGH at its site whatever is done there, until it is resolved',
  async (t) => {
    const rc = new TrackedChain();
    rc.chain
      .quarry('R quarry', { country: 'NR', region: `Yaren ${Date.now()}` })
      .importer('R importer')
      .project('R');
    rc.link('R quarry', 'R importer');
    rc.delivery('R', 'R importer');
    await rc.chain.save(app.graph);
    const quarry = rc.id('R quarry');
    const mutate = async (mutation: string, input: Record<string, unknown>) => {
      const answer = await gql(app, mutation, { input }, admin);
      if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    };
    await mutate('mutation($input: RiskAssessmentInput!) { assessRisk(input: $input) { id } }', {
      theme: 'HEALTH_SAFETY',
      severity: 'MEDIUM',
      likelihood: 'MEDIUM',
      description: 'Dust in the cutting yard',
      source: 'test fixture',
      assessedOn: '2025-01-01',
      siteId: quarry,
    });
    await mutate('mutation($input: ActionPlanInput!) { recordActionPlan(input: $input) { id } }', {
      companyId: rc.id('R importer'),
      themes: ['HEALTH_SAFETY', 'CHILD_LABOUR'],
      siteId: quarry,
      description: 'Wet cutting and an age check at the gate',
      status: 'DONE',
      collective: false,
    });
    await mutate('mutation($input: CertificateInput!) { registerCertificate(input: $input) { id } }', {
      scheme: 'FAIR_STONE',
      holderId: quarry,
      siteId: quarry,
      themes: ['HEALTH_SAFETY', 'CHILD_LABOUR'],
      validFrom: '2020-01-01',
      validTo: '2099-12-31',
      reference: 'FS-R',
    });
    const buyerR = await issueToken(app, 'BUYER', rc.id('R-buyer'));
    const risksAtQuarry = async () => {
      const answer = await gql(
        app,
        `query($projectId: ID!) { dueDiligence(projectId: $projectId) {
        risks { theme highestResidualLevel }
        trace { riskLocations { node { id } risks { theme level residualLevel basis } } }
      } }`,
        { projectId: rc.id('R') },
        buyerR,
      );
      if (answer.errors) throw new Error(JSON.stringify(answer.errors));
      const { risks, trace } = answer.data!.dueDiligence;
      const at = (trace.riskLocations as { node: { id: string } | null; risks: { theme: string }[] }[]).find(
        (location) => location.node?.id === quarry,
      )!;
      // The two themes the complaint and the measures name: other tests may assess the country.
      const named = at.risks.filter((r) => r.theme === 'HEALTH_SAFETY' || r.theme === 'CHILD_LABOUR');
      return { summary: risks as { theme: string }[], site: Object.fromEntries(named.map((r) => [r.theme, r])) };
    };

    const before = await risksAtQuarry();
    t.same(before.site, {
      HEALTH_SAFETY: { theme: 'HEALTH_SAFETY', level: 'MEDIUM', residualLevel: 'LOW', basis: 'SITE' },
    });
    const filed = await fileAt(quarry, '2026-03-14');
    t.same((await risksAtQuarry()).site, before.site, 'a complaint only received changes nothing');

    const raised = {
      HEALTH_SAFETY: { theme: 'HEALTH_SAFETY', level: 'HIGH', residualLevel: 'HIGH', basis: 'COMPLAINT' },
      CHILD_LABOUR: { theme: 'CHILD_LABOUR', level: 'HIGH', residualLevel: 'HIGH', basis: 'COMPLAINT' },
    };
    await step(filed.id, 'ADMISSIBLE');
    const admitted = await risksAtQuarry();
    t.same(
      admitted.site,
      raised,
      'ADMISSIBLE: both themes HIGH, though a DONE plan and a valid certificate cover them',
    );
    t.match(
      admitted.summary.filter((summary) => summary.theme === 'HEALTH_SAFETY'),
      [{ highestResidualLevel: 'HIGH' }],
      "the project's summary says so",
    );
    await step(filed.id, 'IN_DIALOGUE');
    t.same((await risksAtQuarry()).site, raised, 'IN_DIALOGUE: still HIGH');
    await step(filed.id, 'RESOLVED');
    t.same((await risksAtQuarry()).site, before.site, 'RESOLVED: the complaint no longer counts');

    const unresolved = await fileAt(quarry, '2026-03-14');
    await step(unresolved.id, 'ADMISSIBLE');
    await step(unresolved.id, 'IN_DIALOGUE');
    await step(unresolved.id, 'CLOSED');
    t.same(
      (await risksAtQuarry()).site,
      {
        HEALTH_SAFETY: { ...raised.HEALTH_SAFETY, residualLevel: 'MEDIUM' },
        CHILD_LABOUR: { ...raised.CHILD_LABOUR, residualLevel: 'MEDIUM' },
      },
      'CLOSED unresolved: still HIGH, now lowered one step by the measures',
    );
  },
);
