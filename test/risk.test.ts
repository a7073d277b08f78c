import { randomBytes } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import t from 'tap';
import { cypherChannel } from '../src/db/graph.js';
import { todayUtc } from '../src/shared/dates.js';
import { gql, issueToken, testApp } from './helpers/app.js';
import { authoriseImporter, TrackedChain } from './helpers/orgs.js';

/** Sites registered here are named for this run: a name another run left in the shared database is a likely duplicate. */
const run = randomBytes(3).toString('hex');

/*
 * The risk rules (docs/trace-and-risk.md, "Risk rules") on hand-built chains, through the API and
 * the real trace query. Countries FJ, KI, WS and TO are used by this file only, so country-wide
 * assessments made here touch no other test's records.
 */

const app = await testApp(t);
const admin = await issueToken(app, 'ADMIN');

type Risk = {
  theme: string;
  level: string;
  residualLevel: string;
  basis: string;
  gapShare: number | null;
  assessment: { id: string } | null;
  actionPlans: { id: string; status: string }[];
  certificates: { id: string }[];
};
type Location = { node: { id: string } | null; link: { id: string } | null; share: number; risks: Risk[] };
type Summary = {
  theme: string;
  highestResidualLevel: string;
  share: number;
  locations: { node: { id: string } | null; link: { id: string } | null }[];
  evidence: { id: string }[];
};

const RISK_FIELDS = `theme level residualLevel basis gapShare assessment { id } actionPlans { id status } certificates { id }`;
const TRACE_RISKS = `query($id: ID!, $asOf: Date) { trace(projectId: $id, asOf: $asOf) { tracedShare
  riskLocations { node { id } link { id } share risks { ${RISK_FIELDS} } }
  riskSummary { theme highestResidualLevel share locations { node { id } link { id } } evidence { id } } } }`;

async function traceRisks(projectId: string, token = admin, asOf: string | null = null) {
  const response = await gql(app, TRACE_RISKS, { id: projectId, asOf }, token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  const trace = response.data!.trace as { tracedShare: number; riskLocations: Location[]; riskSummary: Summary[] };
  const at = (id: string): Record<string, Risk> => {
    const location = trace.riskLocations.find((l) => (l.node ?? l.link)!.id === id);
    if (!location) throw new Error(`no risk location ${id}`);
    return Object.fromEntries(location.risks.map((r) => [r.theme, r]));
  };
  const summary = (theme: string) => trace.riskSummary.find((s) => s.theme === theme);
  return {
    trace,
    at,
    summary,
    shareAt: (id: string) => trace.riskLocations.find((l) => (l.node ?? l.link)!.id === id)?.share,
  };
}

async function mutate<T = any>(query: string, input: Record<string, unknown>, token = admin): Promise<T> {
  const response = await gql(app, query, { input }, token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return Object.values(response.data!)[0] as T;
}

const addDays = (days: number) => new Date(Date.parse(todayUtc()) + days * 86_400_000).toISOString().slice(0, 10);

const ASSESS = 'mutation($input: RiskAssessmentInput!) { assessRisk(input: $input) { id level targetKind } }';
const PLAN =
  'mutation($input: ActionPlanInput!) { recordActionPlan(input: $input) { id status overdue company { id } } }';
const CERTIFICATE =
  'mutation($input: CertificateInput!) { registerCertificate(input: $input) { id status daysToExpiry } }';

const assess = (
  theme: string,
  severity: string,
  likelihood: string,
  target: Record<string, string>,
  assessedOn = '2019-06-01',
) =>
  mutate<{ id: string; level: string }>(ASSESS, {
    theme,
    severity,
    likelihood,
    description: `${theme} test`,
    source: 'test fixture',
    assessedOn,
    ...target,
  });
const plan = (
  companyId: string,
  themes: string[],
  target: Record<string, string>,
  status = 'DONE',
  token = admin,
  dueDate = addDays(60),
) =>
  mutate<{ id: string; overdue: boolean; company: { id: string } | null }>(
    PLAN,
    { companyId, themes, ...target, description: 'measure', status, dueDate, collective: false },
    token,
  );
const certify = (
  holderId: string,
  themes: string[],
  target: Record<string, string>,
  validFrom: string,
  validTo: string,
) =>
  mutate<{ id: string; status: string; daysToExpiry: number }>(CERTIFICATE, {
    scheme: 'FAIR_STONE',
    holderId,
    themes,
    ...target,
    validFrom,
    validTo,
    reference: 'FS-TEST',
  });

/** Shares rounded to 9 decimals, so sums of fractions compare exactly. */
const rounded = (value: unknown): unknown =>
  typeof value === 'number'
    ? Math.round(value * 1e9) / 1e9
    : Array.isArray(value)
      ? value.map(rounded)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]))
        : value;

t.test('inheritance: country, then quarry area (quarries only), then site; links carry their own', async (t) => {
  const tc = new TrackedChain();
  const region = `Area ${tc.id('r').slice(0, 8)}`;
  tc.chain.quarry('Q', { country: 'FJ', region }).processor('P', 'FJ').importer('I').project('X');
  const QP = tc.link('Q', 'P');
  const PI = tc.link('P', 'I');
  tc.delivery('X', 'I');
  await tc.chain.save(app.graph);
  const [Q, P, I, X] = ['Q', 'P', 'I', 'X'].map((name) => tc.id(name)) as [string, string, string, string];

  await assess('HEALTH_SAFETY', 'MEDIUM', 'MEDIUM', { country: 'FJ' });
  await assess('LIVING_WAGE', 'HIGH', 'MEDIUM', { country: 'FJ' });
  const area = await assess('HEALTH_SAFETY', 'SEVERE', 'HIGH', { country: 'FJ', region });
  let r = await traceRisks(X);
  t.same(
    [r.at(Q).HEALTH_SAFETY!.level, r.at(Q).HEALTH_SAFETY!.basis],
    ['SEVERE', 'QUARRY_AREA'],
    "the quarry's area overrides the country",
  );
  t.equal(r.at(Q).HEALTH_SAFETY!.assessment!.id, area.id, 'and names the area assessment as its evidence');
  t.same(
    [r.at(Q).LIVING_WAGE!.level, r.at(Q).LIVING_WAGE!.basis],
    ['HIGH', 'COUNTRY'],
    'a theme the area does not assess comes from the country',
  );
  t.same(
    [r.at(P).HEALTH_SAFETY!.level, r.at(P).HEALTH_SAFETY!.basis],
    ['MEDIUM', 'COUNTRY'],
    'a processor in the same country: the country level, not the area',
  );
  t.same(Object.keys(r.at(I)), [], 'the importer (NL, unassessed) carries no risk');
  t.same(Object.keys(r.at(QP)), [], 'a link carries only its own assessments');

  await assess('HEALTH_SAFETY', 'LOW', 'MEDIUM', { siteId: Q });
  await assess('FORCED_LABOUR', 'SEVERE', 'SEVERE', { linkId: PI });
  r = await traceRisks(X);
  t.same(
    [r.at(Q).HEALTH_SAFETY!.level, r.at(Q).HEALTH_SAFETY!.basis],
    ['MEDIUM', 'SITE'],
    'a site assessment overrides its area',
  );
  t.same(
    [r.at(PI).FORCED_LABOUR!.level, r.at(PI).FORCED_LABOUR!.basis],
    ['SEVERE', 'LINK'],
    "the link's own assessment",
  );

  await assess('HEALTH_SAFETY', 'HIGH', 'HIGH', { siteId: Q }, '2018-06-01');
  r = await traceRisks(X);
  t.equal(
    r.at(Q).HEALTH_SAFETY!.level,
    'MEDIUM',
    'an older assessment of the same site and theme does not replace the current one',
  );
  await assess('HEALTH_SAFETY', 'HIGH', 'HIGH', { siteId: Q }, '2025-02-01');
  r = await traceRisks(X);
  t.equal(r.at(Q).HEALTH_SAFETY!.level, 'HIGH', 'a later one does');
  t.equal(
    (await traceRisks(X, admin, '2025-01-01')).at(Q).HEALTH_SAFETY!.level,
    'MEDIUM',
    'a trace asOf a date uses what was assessed by then',
  );
  t.same(
    [
      r.summary('LIVING_WAGE')!.highestResidualLevel,
      r.summary('LIVING_WAGE')!.locations.length,
      r.summary('LIVING_WAGE')!.share,
    ],
    ['HIGH', 2, 1],
    'two locations on one path at the highest level: the mass counts once',
  );

  const summary = r.summary('FORCED_LABOUR')!;
  t.same(
    [summary.highestResidualLevel, summary.share, summary.locations.map((l) => l.link?.id)],
    ['SEVERE', 1, [PI]],
    'the summary names where the highest level sits and the mass it touches',
  );
});

t.test(
  'residual: one step lower for a DONE plan or a valid certificate at the same place, one step at most',
  async (t) => {
    const tc = new TrackedChain();
    tc.chain.quarry('Q', { country: 'KI', region: 'Tarawa' }).processor('P', 'KI').importer('I').project('X');
    const PI = tc.link('P', 'I');
    tc.link('Q', 'P');
    tc.delivery('X', 'I');
    await tc.chain.save(app.graph);
    const [Q, P, I, X] = ['Q', 'P', 'I', 'X'].map((name) => tc.id(name)) as [string, string, string, string];
    for (const target of [{ siteId: Q }, { siteId: P }]) await assess('HEALTH_SAFETY', 'SEVERE', 'SEVERE', target);
    await assess('CHILD_LABOUR', 'HIGH', 'HIGH', { siteId: Q });
    await assess('ENVIRONMENT', 'HIGH', 'HIGH', { linkId: PI });

    const planned = await plan(I, ['HEALTH_SAFETY'], { siteId: Q }, 'IN_PROGRESS');
    await plan(I, ['HEALTH_SAFETY', 'CHILD_LABOUR'], { siteId: P }, 'DONE');
    await certify(Q, ['CHILD_LABOUR'], { siteId: Q }, '2020-01-01', '2020-12-31');
    await certify(Q, ['CHILD_LABOUR'], { siteId: Q }, addDays(10), addDays(400));
    await certify(P, ['ENVIRONMENT'], { linkId: PI }, '2024-01-01', addDays(200));
    let r = await traceRisks(X);
    t.same(
      [r.at(Q).HEALTH_SAFETY!.residualLevel, r.at(Q).HEALTH_SAFETY!.actionPlans.map((p) => p.id)],
      ['SEVERE', [planned.id]],
      'a plan still in progress is listed but lowers nothing',
    );
    t.equal(r.at(P).HEALTH_SAFETY!.residualLevel, 'HIGH', 'a DONE plan at the site lowers its level one step');
    t.equal(r.at(P).CHILD_LABOUR, undefined, "a plan's other themes add no risk where none is assessed");
    t.same(
      [r.at(Q).CHILD_LABOUR!.residualLevel, r.at(Q).CHILD_LABOUR!.certificates],
      ['HIGH', []],
      'expired and not-yet-valid certificates do not count',
    );
    t.equal(r.at(PI).ENVIRONMENT!.residualLevel, 'MEDIUM', 'a valid certificate of the link lowers the link');

    await certify(P, ['HEALTH_SAFETY'], { siteId: P }, '2024-01-01', addDays(30));
    r = await traceRisks(X);
    t.same(
      [r.at(P).HEALTH_SAFETY!.residualLevel, r.at(P).HEALTH_SAFETY!.certificates.length],
      ['HIGH', 1],
      'a DONE plan and a valid certificate together: still one step',
    );
    const health = r.summary('HEALTH_SAFETY')!;
    t.same(
      [health.highestResidualLevel, health.locations.map((l) => l.node?.id)],
      ['SEVERE', [Q]],
      'summary: the highest residual and where it sits',
    );

    r = await traceRisks(X, admin, '2020-06-01');
    t.equal(
      r.at(Q).CHILD_LABOUR!.residualLevel,
      'MEDIUM',
      "with asOf, certificates count on the trace's date: the 2020 certificate was valid then",
    );
    t.equal(r.at(P).HEALTH_SAFETY!.residualLevel, 'SEVERE', 'and a plan recorded after that date does not count yet');
  },
);

t.test('gaps are UNKNOWN_ORIGIN risks carrying the share of mass that ends there', async (t) => {
  const tc = new TrackedChain();
  tc.chain
    .quarry('Q', { country: 'WS', region: 'Upolu' })
    .processor('P', 'WS')
    .processor('T', 'WS')
    .importer('I')
    .project('X');
  tc.link('Q', 'P');
  tc.link('P', 'I');
  tc.link('T', 'I');
  tc.delivery('X', 'I', { massTonnes: 30 });
  tc.delivery('X', 'I', { massTonnes: 10 });
  await tc.chain.save(app.graph);
  const [T, I, X] = ['T', 'I', 'X'].map((name) => tc.id(name)) as [string, string, string];

  await assess('UNKNOWN_ORIGIN', 'LOW', 'MEDIUM', { siteId: T });
  await plan(I, ['UNKNOWN_ORIGIN'], { siteId: T }, 'DONE');
  let r = await traceRisks(X);
  t.equal(r.trace.tracedShare, 0.5, 'two suppliers split equally: half traced');
  t.same(
    {
      level: r.at(T).UNKNOWN_ORIGIN!.level,
      basis: r.at(T).UNKNOWN_ORIGIN!.basis,
      gapShare: r.at(T).UNKNOWN_ORIGIN!.gapShare,
    },
    { level: 'HIGH', basis: 'TRACE_GAP', gapShare: 0.5 },
    'the trader without a supplier is a HIGH unknown origin for the half that ends there (a milder assessment does not soften a gap)',
  );
  t.equal(
    r.at(T).UNKNOWN_ORIGIN!.residualLevel,
    'HIGH',
    'a DONE plan does not close a gap: only tracing the stone does',
  );
  t.ok(r.at(T).UNKNOWN_ORIGIN!.assessment, 'the milder assessment stays on record as evidence of the gap risk');
  t.equal(r.summary('UNKNOWN_ORIGIN')!.evidence.length, 1, 'and in the summary');
  t.equal(r.at(I).UNKNOWN_ORIGIN, undefined, 'no unknown origin where the chain goes on');
  t.same(
    [r.summary('UNKNOWN_ORIGIN')!.share, r.shareAt(I), r.shareAt(T)],
    [0.5, 1, 0.5],
    'summary share and the mass through each node',
  );

  await assess('UNKNOWN_ORIGIN', 'SEVERE', 'SEVERE', { siteId: T });
  r = await traceRisks(X);
  t.same(
    [r.at(T).UNKNOWN_ORIGIN!.level, r.at(T).UNKNOWN_ORIGIN!.basis, r.at(T).UNKNOWN_ORIGIN!.gapShare],
    ['SEVERE', 'SITE', 0.5],
    'an assessment that says worse than a gap wins, and keeps the gap share',
  );
  t.equal(r.at(T).UNKNOWN_ORIGIN!.residualLevel, 'SEVERE', 'and the DONE plan still does not lower a gap');
});

t.test('dueDiligence: origins by country and area, risks, measures with certificate expiry', async (t) => {
  const tc = new TrackedChain();
  tc.chain
    .quarry('Q1', { country: 'TO', region: 'Vavau' })
    .quarry('Q2', { country: 'TO', region: 'Eua' })
    .quarry('Q3', { country: 'WS', region: 'Savaii' })
    .processor('P', 'TO')
    .processor('Gap', 'TO')
    .importer('I')
    .importer('Other')
    .project('X');
  tc.link('Q1', 'P', { volume: 300 });
  tc.link('Q2', 'P', { volume: 100 });
  tc.link('P', 'I', { volume: 600 });
  tc.link('Q3', 'I', { volume: 200 });
  tc.link('Gap', 'I', { volume: 200 });
  tc.link('Q1', 'Other');
  const delivery = tc.delivery('X', 'I', { massTonnes: 100 });
  await tc.chain.save(app.graph);
  const [Q1, P, I, Other, X] = ['Q1', 'P', 'I', 'Other', 'X'].map((name) => tc.id(name)) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const buyer = await issueToken(app, 'BUYER', tc.id('X-buyer'));

  await assess('HEALTH_SAFETY', 'HIGH', 'HIGH', { country: 'TO', region: 'Vavau' });
  const otherPlan = await plan(Other, ['HEALTH_SAFETY'], { siteId: Q1 }, 'IN_PROGRESS');
  const ownPlan = await plan(I, ['HEALTH_SAFETY'], { siteId: P }, 'PLANNED');
  const ownPlanOverdue = ownPlan.overdue;
  const expiring = await certify(P, ['HEALTH_SAFETY'], { siteId: P }, '2024-01-01', addDays(45));
  const valid = await certify(P, ['LIVING_WAGE'], { siteId: P }, '2024-01-01', addDays(400));
  const expired = await certify(I, ['CHILD_LABOUR'], { deliveryId: delivery }, '2020-01-01', addDays(-1));
  t.same(
    [expiring.status, expiring.daysToExpiry, valid.status, expired.status],
    ['EXPIRING_SOON', 45, 'VALID', 'EXPIRED'],
    'certificate status from today',
  );
  const boundary = await Promise.all(
    [90, 91].map((days) => certify(P, ['ENVIRONMENT'], { siteId: P }, '2024-01-01', addDays(days))),
  );
  t.same(
    boundary.map((c) => c.status),
    ['EXPIRING_SOON', 'VALID'],
    'flagged when it expires within 90 days, not 91',
  );
  const late = await plan(I, ['ENVIRONMENT'], { siteId: P }, 'IN_PROGRESS', admin, addDays(-1));
  const lateButDone = await plan(I, ['ENVIRONMENT'], { siteId: P }, 'DONE', admin, addDays(-1));
  t.same(
    [late.overdue, lateButDone.overdue, ownPlanOverdue],
    [true, false, false],
    'overdue: past its due date and not DONE',
  );

  const response = await gql(
    app,
    `query($id: ID!) { dueDiligence(projectId: $id) {
      project { id } referenceDate dataVersion generatedAt
      origins { tracedShare countries { country share } areas { country region share } quarries { quarry { id } share } }
      risks { theme highestResidualLevel share }
      gaps { node { id } share }
      measures { actionPlans { id company { id } status overdue } certificates { id status daysToExpiry scope } } } }`,
    { id: X },
    buyer,
  );
  t.notOk(response.errors, JSON.stringify(response.errors));
  const report = response.data!.dueDiligence;
  t.equal(report.referenceDate, todayUtc());
  t.match(report.dataVersion, /^[0-9a-f]{16}$/);
  t.same(rounded(report.origins.tracedShare), 0.8, 'the gap takes 20 %');
  t.same(rounded(report.origins.countries), [
    { country: 'TO', share: 0.6 },
    { country: 'WS', share: 0.2 },
  ]);
  t.same(rounded(report.origins.areas), [
    { country: 'TO', region: 'Vavau', share: 0.45 },
    { country: 'WS', region: 'Savaii', share: 0.2 },
    { country: 'TO', region: 'Eua', share: 0.15 },
  ]);
  t.same(rounded(report.gaps.map((g: any) => [g.node.id, g.share])), [[tc.id('Gap'), 0.2]]);
  t.same(rounded(report.risks.find((r: any) => r.theme === 'HEALTH_SAFETY')), {
    theme: 'HEALTH_SAFETY',
    highestResidualLevel: 'HIGH',
    share: 0.45,
  });
  t.same(rounded(report.risks.find((r: any) => r.theme === 'UNKNOWN_ORIGIN')), {
    theme: 'UNKNOWN_ORIGIN',
    highestResidualLevel: 'HIGH',
    share: 0.2,
  });
  const plans = Object.fromEntries(report.measures.actionPlans.map((p: any) => [p.id, p]));
  t.same(plans[ownPlan.id].company, { id: I }, "the buyer sees its importer's plan with the company");
  t.equal(
    plans[otherPlan.id].company,
    null,
    'another company working at the same quarry stays anonymous to this buyer',
  );
  t.same(
    report.measures.certificates.map((c: any) => [c.id, c.status]),
    [
      [expired.id, 'EXPIRED'],
      [expiring.id, 'EXPIRING_SOON'],
      [boundary[0]!.id, 'EXPIRING_SOON'],
      [boundary[1]!.id, 'VALID'],
      [valid.id, 'VALID'],
    ],
    'certificates of the sites and the delivery, soonest expiry first, with status',
  );

  const again = await gql(app, 'query($id: ID!) { dueDiligence(projectId: $id) { dataVersion } }', { id: X }, buyer);
  t.equal(again.data!.dueDiligence.dataVersion, report.dataVersion, 'the same data gives the same version');
  await assess('LAND_RIGHTS', 'LOW', 'LOW', { siteId: Q1 });
  const changed = await gql(app, 'query($id: ID!) { dueDiligence(projectId: $id) { dataVersion } }', { id: X }, buyer);
  t.not(changed.data!.dueDiligence.dataVersion, report.dataVersion, 'new evidence gives a new version');
  const asAdmin = await gql(
    app,
    'query($id: ID!) { dueDiligence(projectId: $id) { measures { actionPlans { id company { id } } } } }',
    { id: X },
    admin,
  );
  t.same(
    asAdmin.data!.dueDiligence.measures.actionPlans.find((p: any) => p.id === otherPlan.id).company,
    { id: Other },
    'ADMIN sees every company',
  );
});

t.test('a company is named at a quarry only where the trace shows it sourcing from there', async (t) => {
  const tc = new TrackedChain();
  tc.chain
    .quarry('Q1', { country: 'TO', region: 'Tongatapu' })
    .quarry('Q2', { country: 'TO', region: 'Tongatapu' })
    .importer('I1')
    .importer('I2')
    .project('X');
  tc.link('Q1', 'I1');
  tc.link('Q2', 'I2');
  tc.link('Q2', 'I1', { stoneType: 'MARBLE' });
  tc.delivery('X', 'I1');
  tc.delivery('X', 'I2');
  await tc.chain.save(app.graph);
  const [Q2, I1, I2] = ['Q2', 'I1', 'I2'].map((name) => tc.id(name)) as [string, string, string];
  const byI1 = await plan(I1, ['LIVING_WAGE'], { siteId: Q2 }, 'PLANNED');
  const byI2 = await plan(I2, ['LIVING_WAGE'], { siteId: Q2 }, 'PLANNED');
  const buyer = await issueToken(app, 'BUYER', tc.id('X-buyer'));
  const response = await gql(
    app,
    'query($id: ID!) { dueDiligence(projectId: $id) { measures { actionPlans { id company { id } } } } }',
    { id: tc.id('X') },
    buyer,
  );
  const companyOf = Object.fromEntries(
    response.data!.dueDiligence.measures.actionPlans.map((p: any) => [p.id, p.company?.id ?? null]),
  );
  t.equal(companyOf[byI2.id], I2, 'I2 delivers granite from Q2 on this trace: named');
  t.equal(
    companyOf[byI1.id],
    null,
    'I1 is on the trace too, but its marble from Q2 is not: naming it at Q2 would reveal that supplier',
  );
});

t.test(
  'at a link, its supplier and companies downstream are named, not those upstream; a delivery certificate names only the importer',
  async (t) => {
    const tc = new TrackedChain();
    tc.chain
      .quarry('Q', { country: 'TO', region: 'Haapai' })
      .processor('P', 'TO')
      .importer('I')
      .importer('I2')
      .project('X');
    tc.link('Q', 'P');
    const PI = tc.link('P', 'I');
    tc.link('Q', 'I2');
    tc.delivery('X', 'I');
    const fromI2 = tc.delivery('X', 'I2');
    await tc.chain.save(app.graph);
    const [Q, P, I, I2] = ['Q', 'P', 'I', 'I2'].map((name) => tc.id(name)) as [string, string, string, string];
    const bySupplier = await plan(P, ['LIVING_WAGE'], { linkId: PI }, 'PLANNED');
    const byUpstream = await plan(Q, ['LIVING_WAGE'], { linkId: PI }, 'PLANNED');
    const heldByImporter = await certify(I2, ['CHILD_LABOUR'], { deliveryId: fromI2 }, '2025-01-01', addDays(300));
    const heldUpstream = await certify(Q, ['CHILD_LABOUR'], { deliveryId: fromI2 }, '2025-01-01', addDays(300));
    const QUERY =
      'query($id: ID!) { dueDiligence(projectId: $id) { measures { actionPlans { id company { id } } certificates { id holder { id } } } } }';
    const named = async (token: string) => {
      const { measures } = (await gql(app, QUERY, { id: tc.id('X') }, token)).data!.dueDiligence;
      return Object.fromEntries([
        ...measures.actionPlans.map((p: any) => [p.id, p.company?.id ?? null]),
        ...measures.certificates.map((c: any) => [c.id, c.holder?.id ?? null]),
      ]);
    };
    const asBuyer = await named(await issueToken(app, 'BUYER', tc.id('X-buyer')));
    t.same(
      [asBuyer[bySupplier.id], asBuyer[byUpstream.id], asBuyer[heldByImporter.id], asBuyer[heldUpstream.id]],
      [P, null, I2, null],
      'buyer: the link supplier and the delivering importer are named; the quarry working on a downstream link and a holder upstream of a delivery are not',
    );
    const asMember = await named(await issueToken(app, 'MEMBER', I));
    t.equal(asMember[bySupplier.id], P, 'a MEMBER sees its supplier named at its own link');
  },
);

t.test("a company's assessment of its own site does not name the company to a buyer of another chain", async (t) => {
  const tc = new TrackedChain();
  tc.chain.processor('P', 'KI').importer('I').importer('Elsewhere').project('X');
  tc.link('P', 'I');
  tc.delivery('X', 'I');
  await tc.chain.save(app.graph);
  const elsewhere = await issueToken(app, 'MEMBER', tc.id('Elsewhere'));
  const registered = await gql(
    app,
    'mutation($input: QuarryInput!) { registerQuarry(input: $input) { id } }',
    { input: { name: `shared quarry ${run}`, country: 'KI', region: 'Abaiang', stoneTypes: ['GRANITE'] } },
    elsewhere,
  );
  const quarry = registered.data!.registerQuarry.id as string;
  await mutate('mutation($input: SupplyLinkInput!) { registerSupplyLink(input: $input) { id } }', {
    supplierId: quarry,
    customerId: tc.id('P'),
    stoneType: 'GRANITE',
    validFrom: '2020-01-01',
  });
  await mutate(
    ASSESS,
    {
      theme: 'LAND_RIGHTS',
      severity: 'HIGH',
      likelihood: 'MEDIUM',
      description: 'land dispute',
      source: 'site visit',
      assessedOn: '2025-01-01',
      siteId: quarry,
    },
    elsewhere,
  );

  const ASSESSORS =
    'query($id: ID!) { dueDiligence(projectId: $id) { risks { theme evidence { assessedBy { role organisationId } } } } }';
  const assessorAs = async (token: string) =>
    (await gql(app, ASSESSORS, { id: tc.id('X') }, token)).data!.dueDiligence.risks.find(
      (r: any) => r.theme === 'LAND_RIGHTS',
    ).evidence[0].assessedBy;
  t.same(
    await assessorAs(await issueToken(app, 'BUYER', tc.id('X-buyer'))),
    { role: 'MEMBER', organisationId: null },
    'the buyer sees that a company assessed it, not which',
  );
  t.same(await assessorAs(admin), { role: 'MEMBER', organisationId: tc.id('Elsewhere') }, 'ADMIN sees which');
});

t.test('a self-assessment only counts where it says worse', async (t) => {
  const tc = new TrackedChain();
  tc.chain.importer('I').project('X');
  await tc.chain.save(app.graph);
  const I = tc.id('I');
  const member = await issueToken(app, 'MEMBER', I);
  const registered = await gql(
    app,
    'mutation($input: QuarryInput!) { registerQuarry(input: $input) { id } }',
    { input: { name: `own quarry ${run}`, country: 'WS', region: 'Apolima', stoneTypes: ['GRANITE'] } },
    member,
  );
  const quarry = registered.data!.registerQuarry.id as string;
  await mutate(
    'mutation($input: SupplyLinkInput!) { registerSupplyLink(input: $input) { id } }',
    { supplierId: quarry, customerId: I, stoneType: 'GRANITE', validFrom: '2020-01-01' },
    member,
  );
  await authoriseImporter(app, await issueToken(app, 'BUYER', tc.id('X-buyer')), tc.id('X'), I);
  await mutate(
    'mutation($input: DeliveryInput!) { recordDelivery(input: $input) { id } }',
    {
      projectId: tc.id('X'),
      importerId: I,
      stoneType: 'GRANITE',
      quantity: 5,
      unit: 'T',
      massTonnes: 5,
      deliveredOn: '2025-03-01',
    },
    member,
  );
  await assess('CHILD_LABOUR', 'SEVERE', 'HIGH', { country: 'WS', region: 'Apolima' });
  await assess('LAND_RIGHTS', 'LOW', 'LOW', { country: 'WS', region: 'Apolima' });
  const selfAssess = (theme: string, level: string) =>
    mutate(
      ASSESS,
      {
        theme,
        severity: level,
        likelihood: level,
        description: 'own audit',
        source: 'company audit',
        assessedOn: '2025-01-01',
        siteId: quarry,
      },
      member,
    );
  await selfAssess('CHILD_LABOUR', 'LOW');
  await selfAssess('LAND_RIGHTS', 'HIGH');
  const r = await traceRisks(tc.id('X'));
  t.same(
    [r.at(quarry).CHILD_LABOUR!.level, r.at(quarry).CHILD_LABOUR!.basis],
    ['SEVERE', 'QUARRY_AREA'],
    'a company cannot talk its own quarry down',
  );
  t.same(
    [r.at(quarry).LAND_RIGHTS!.level, r.at(quarry).LAND_RIGHTS!.basis],
    ['HIGH', 'SITE'],
    'but its own finding of worse counts',
  );

  // A processor I registered, with a key of its own: both may assess it; the processor's later,
  // milder word does not erase I's worse one.
  const processor = (
    await mutate<{ id: string }>(
      'mutation($input: ProcessorInput!) { registerProcessor(input: $input) { id } }',
      { name: `own processor ${run}`, country: 'WS', city: null },
      member,
    )
  ).id;
  await mutate(
    'mutation($input: SupplyLinkInput!) { registerSupplyLink(input: $input) { id } }',
    { supplierId: processor, customerId: I, stoneType: 'GRANITE', validFrom: '2020-01-01' },
    member,
  );
  const processorKey = await issueToken(app, 'MEMBER', processor);
  const assessProcessor = (level: string, assessedOn: string, token: string) =>
    mutate(
      ASSESS,
      {
        theme: 'LAND_RIGHTS',
        severity: level,
        likelihood: level,
        description: 'land',
        source: 'audit',
        assessedOn,
        siteId: processor,
      },
      token,
    );
  await assessProcessor('HIGH', '2025-01-01', member);
  await assessProcessor('LOW', '2025-02-01', processorKey);
  t.equal(
    (await traceRisks(tc.id('X'))).at(processor).LAND_RIGHTS!.level,
    'HIGH',
    "one company's self-assessment does not replace another's",
  );
});

t.test('riskAssessments lists the baseline by country, area and theme, page by page', async (t) => {
  const region = `Lau ${Date.now().toString(36)}`;
  const tc = new TrackedChain();
  tc.chain.quarry('Q', { country: 'FJ', region });
  await tc.chain.save(app.graph);
  const made = [
    await assess('CHILD_LABOUR', 'HIGH', 'LOW', { country: 'FJ', region }),
    await assess('ENVIRONMENT', 'LOW', 'LOW', { country: 'FJ', region }),
    await assess('ENVIRONMENT', 'MEDIUM', 'LOW', { country: 'FJ', region }),
  ];
  await assess('ENVIRONMENT', 'HIGH', 'HIGH', { siteId: tc.id('Q') });
  const LIST =
    'query($region: String, $theme: RiskTheme, $after: String) { riskAssessments(country: "FJ", region: $region, theme: $theme, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id targetKind region } } }';
  const page1 = (await gql(app, LIST, { region }, admin)).data!.riskAssessments;
  const page2 = (await gql(app, LIST, { region, after: page1.pageInfo.endCursor }, admin)).data!.riskAssessments;
  t.equal(page1.totalCount, 3, 'the three area assessments; the site assessment is not baseline');
  t.same([page1.pageInfo.hasNextPage, page2.pageInfo.hasNextPage], [true, false]);
  t.same(
    [...page1.nodes, ...page2.nodes].map((a: any) => a.id).sort(),
    made.map((a) => a.id).sort(),
    'two pages, each assessment once',
  );
  const environment = (await gql(app, LIST, { region, theme: 'ENVIRONMENT' }, admin)).data!.riskAssessments;
  t.equal(environment.totalCount, 2, 'filtered by theme');
  // Other test files add assessments meanwhile: the walk checks order and uniqueness, not a count.
  const ALL =
    'query($after: String) { riskAssessments(first: 40, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id country } } }';
  const everything: { id: string; country: string }[] = [];
  let after: string | null = null;
  do {
    const page: any = (await gql(app, ALL, { after }, admin)).data!.riskAssessments;
    everything.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  t.ok(new Set(everything.map((a) => a.country)).size > 1, 'the walk crosses countries');
  t.equal(new Set(everything.map((a) => a.id)).size, everything.length, 'no assessment twice');
  t.same(
    everything.map((a) => a.country),
    [...everything.map((a) => a.country)].sort(),
    'ordered by country',
  );
  const noCountry = await gql(app, '{ riskAssessments(region: "Lau") { totalCount } }', {}, admin);
  t.equal(noCountry.errors?.[0]?.extensions?.field, 'region', 'a region needs its country');
});

t.test("risks come in the trace's one round trip, read only when asked for", async (t) => {
  const tc = new TrackedChain();
  tc.chain.quarry('Q', { country: 'KI', region: 'Makin' }).processor('P', 'KI').importer('I').project('X');
  tc.link('Q', 'P');
  tc.link('P', 'I');
  tc.delivery('X', 'I');
  await tc.chain.save(app.graph);
  await assess('HEALTH_SAFETY', 'HIGH', 'HIGH', { siteId: tc.id('Q') });
  const queriesOf = async (query: string) => {
    const seen: string[] = [];
    const listener = (message: unknown): void => void seen.push((message as { name: string }).name);
    subscribe(cypherChannel.name, listener);
    try {
      const response = await gql(app, query, { id: tc.id('X') }, admin);
      t.notOk(response.errors, JSON.stringify(response.errors));
      return { seen: seen.filter((name) => name !== 'api_key_by_id'), data: response.data! };
    } finally {
      unsubscribe(cypherChannel.name, listener);
    }
  };
  t.same(
    (await queriesOf('query($id: ID!) { trace(projectId: $id) { tracedShare } }')).seen,
    ['project_trace'],
    'origins only: the lighter query',
  );
  const viaFragment = await queriesOf(
    'query($id: ID!) { project(id: $id) { trace { ...risky } } } fragment risky on Trace { ... on Trace { riskSummary { theme highestResidualLevel } } }',
  );
  t.same(
    viaFragment.seen,
    ['project_by_id', 'project_trace_with_risks'],
    'risks asked through fragments: read with the trace',
  );
  t.same(viaFragment.data.project.trace.riskSummary, [{ theme: 'HEALTH_SAFETY', highestResidualLevel: 'HIGH' }]);
  // The same trace with risks was just read for the same caller: only its data version is checked
  // (with the key lookup, which queriesOf leaves out, or on its own when the key was trusted from memory).
  const again = (
    await queriesOf(
      'query($id: ID!) { dueDiligence(projectId: $id) { risks { theme } measures { actionPlans { id } } } }',
    )
  ).seen;
  t.ok(
    again.length === 0 || (again.length === 1 && again[0] === 'data_version'),
    `dueDiligence: no trace read again (${again.join(', ')})`,
  );
});

t.test('bad input is refused with the field and rule, and writes nothing', async (t) => {
  const tc = new TrackedChain();
  tc.chain.quarry('Q', { country: 'FJ', region: 'Viti Levu' }).importer('I').importer('Other').project('X');
  const QI = tc.link('Q', 'I');
  const delivery = tc.delivery('X', 'I');
  await tc.chain.save(app.graph);
  const Q = tc.id('Q');
  // Risk records this test could have written: FJ's (no other file uses FJ) and any on its records.
  const count = async () => {
    const [row] = await app.graph.read<{ ids: string[] }, { n: number }>(
      {
        name: 'test_count_risk_records',
        text: `MATCH (n) WHERE (n:RiskAssessment AND n.country = 'FJ')
                OR EXISTS { MATCH (n)-[:ASSESSES|ADDRESSES|COVERS|PLANNED_BY|HELD_BY]->(target) WHERE target.id IN $ids }
               RETURN count(n) AS n`,
      },
      { ids: [Q, tc.id('I'), QI] },
    );
    return row!.n;
  };
  const before = await count();
  const base = {
    theme: 'HEALTH_SAFETY',
    severity: 'HIGH',
    likelihood: 'LOW',
    description: 'd',
    source: 's',
    assessedOn: '2025-01-01',
  };
  const cases: [string, string, Record<string, unknown>, string, string?][] = [
    [ASSESS, 'two targets', { ...base, country: 'FJ', siteId: Q }, 'input.siteId', 'exactly_one'],
    [ASSESS, 'no target', base, 'input.country'],
    [ASSESS, 'region without country', { ...base, region: 'Viti Levu', siteId: Q }, 'input.region'],
    [
      ASSESS,
      'assessed in the future',
      { ...base, country: 'FJ', assessedOn: addDays(2) },
      'input.assessedOn',
      'not_in_future',
    ],
    [ASSESS, 'unknown country code', { ...base, country: 'ZZ' }, 'input.country'],
    [ASSESS, 'empty source', { ...base, country: 'FJ', source: '  ' }, 'input.source'],
    [
      PLAN,
      'no themes',
      { companyId: tc.id('I'), themes: [], siteId: Q, description: 'd', status: 'DONE', collective: false },
      'input.themes',
    ],
    [
      PLAN,
      'a theme twice',
      {
        companyId: tc.id('I'),
        themes: ['CHILD_LABOUR', 'CHILD_LABOUR'],
        siteId: Q,
        description: 'd',
        status: 'DONE',
        collective: false,
      },
      'input.themes',
    ],
    [
      PLAN,
      'site and link',
      {
        companyId: tc.id('I'),
        themes: ['CHILD_LABOUR'],
        siteId: Q,
        linkId: QI,
        description: 'd',
        status: 'DONE',
        collective: false,
      },
      'input.linkId',
    ],
    [
      CERTIFICATE,
      'validTo before validFrom',
      {
        scheme: 'IGEP',
        holderId: Q,
        siteId: Q,
        validFrom: '2025-01-01',
        validTo: '2024-01-01',
        themes: ['CHILD_LABOUR'],
        reference: 'r',
      },
      'input.validTo',
    ],
    [
      CERTIFICATE,
      'no scope',
      {
        scheme: 'IGEP',
        holderId: Q,
        validFrom: '2025-01-01',
        validTo: '2026-01-01',
        themes: ['CHILD_LABOUR'],
        reference: 'r',
      },
      'input.siteId',
    ],
    // Checked against the database, inside the write's transaction:
    [
      CERTIFICATE,
      'a site certificate held by another company',
      {
        scheme: 'IGEP',
        holderId: tc.id('I'),
        siteId: Q,
        validFrom: '2025-01-01',
        validTo: '2026-01-01',
        themes: ['CHILD_LABOUR'],
        reference: 'r',
      },
      'input.holderId',
      'holder_scope',
    ],
    [
      CERTIFICATE,
      'a link certificate held by neither end',
      {
        scheme: 'IGEP',
        holderId: tc.id('Other'),
        linkId: QI,
        validFrom: '2025-01-01',
        validTo: '2026-01-01',
        themes: ['CHILD_LABOUR'],
        reference: 'r',
      },
      'input.holderId',
      'holder_scope',
    ],
    [
      CERTIFICATE,
      'a delivery certificate held off its chain',
      {
        scheme: 'XERTIFIX',
        holderId: tc.id('Other'),
        deliveryId: delivery,
        validFrom: '2025-01-01',
        validTo: '2026-01-01',
        themes: ['CHILD_LABOUR'],
        reference: 'r',
      },
      'input.holderId',
      'holder_scope',
    ],
    [
      ASSESS,
      'a quarry area no quarry names',
      { ...base, country: 'FJ', region: 'Viti Lvu' },
      'input.region',
      'known_quarry_area',
    ],
  ];
  for (const [query, what, input, field, rule] of cases) {
    const response = await gql(app, query, { input }, admin);
    const error = response.errors?.[0];
    t.equal(error?.extensions?.code, 'BAD_USER_INPUT', `${what}: BAD_USER_INPUT`);
    t.equal(error?.extensions?.field, field, `${what}: names ${field} (${error?.message})`);
    t.ok(
      typeof error?.extensions?.rule === 'string' && error.extensions.rule !== 'custom',
      `${what}: names its rule (${error?.extensions?.rule})`,
    );
    if (rule) t.equal(error?.extensions?.rule, rule, `${what}: rule ${rule}`);
  }
  const missing = await gql(app, ASSESS, { input: { ...base, siteId: 'no-such-site' } }, admin);
  t.equal(missing.errors?.[0]?.extensions?.code, 'NOT_FOUND', 'an unknown site is NOT_FOUND');
  t.equal(await count(), before, 'no risk record was written');
});

t.test(
  'a MEMBER assesses its own sites and links, plans only for itself, and updates only its own plans',
  async (t) => {
    const tc = new TrackedChain();
    tc.chain.quarry('Q', { country: 'FJ', region: 'Vanua Levu' }).processor('P', 'FJ').importer('I').importer('I2');
    const QP = tc.link('Q', 'P');
    const PI = tc.link('P', 'I');
    await tc.chain.save(app.graph);
    const [Q, I, I2] = ['Q', 'I', 'I2'].map((name) => tc.id(name)) as [string, string, string];
    const member = await issueToken(app, 'MEMBER', I);
    const other = await issueToken(app, 'MEMBER', I2);
    const code = async (query: string, input: Record<string, unknown>, token: string) =>
      (await gql(app, query, { input }, token)).errors?.[0]?.extensions?.code ?? 'ok';
    const base = {
      theme: 'LIVING_WAGE',
      severity: 'HIGH',
      likelihood: 'HIGH',
      description: 'd',
      source: 's',
      assessedOn: '2025-01-01',
    };

    t.equal(await code(ASSESS, { ...base, siteId: I }, member), 'ok', 'its own organisation');
    t.equal(await code(ASSESS, { ...base, linkId: PI }, member), 'ok', 'a link where it is the customer');
    t.equal(
      await code(ASSESS, { ...base, linkId: QP }, member),
      'FORBIDDEN',
      "a link upstream in its chain but another company's",
    );
    t.equal(
      await code(ASSESS, { ...base, siteId: Q }, member),
      'FORBIDDEN',
      'a quarry in its chain it did not register',
    );
    t.equal(await code(ASSESS, { ...base, country: 'FJ' }, member), 'FORBIDDEN', 'a country');
    const registered = await gql(
      app,
      'mutation($input: QuarryInput!) { registerQuarry(input: $input) { id } }',
      { input: { name: `own quarry ${run}`, country: 'FJ', region: 'Kadavu', stoneTypes: ['GRANITE'] } },
      member,
    );
    t.equal(
      await code(ASSESS, { ...base, siteId: registered.data!.registerQuarry.id }, member),
      'ok',
      'a quarry it registered',
    );

    const certificateFor = (holderId: string) => ({
      scheme: 'FAIR_STONE',
      holderId,
      siteId: holderId,
      validFrom: '2025-01-01',
      validTo: '2027-01-01',
      themes: ['LIVING_WAGE'],
      reference: 'FS-1',
    });
    t.equal(
      await code(CERTIFICATE, certificateFor(registered.data!.registerQuarry.id), member),
      'ok',
      'a certificate of a quarry it registered',
    );
    t.equal(
      await code(CERTIFICATE, certificateFor(Q), member),
      'FORBIDDEN',
      'not one for a quarry of its chain it did not register: that would lower risks on other chains',
    );

    const planInput = { themes: ['LIVING_WAGE'], description: 'wage study', status: 'PLANNED', collective: true };
    t.equal(
      await code(PLAN, { ...planInput, companyId: I2, siteId: Q }, member),
      'FORBIDDEN',
      'a plan in the name of another company',
    );
    t.equal(
      await code(PLAN, { ...planInput, companyId: I2, siteId: Q }, other),
      'NOT_FOUND',
      'a plan at a site outside its chain',
    );
    const own = await plan(I, ['LIVING_WAGE'], { siteId: Q }, 'PLANNED', member);
    const UPDATE =
      'mutation($id: ID!) { updateActionPlan(id: $id, input: { status: DONE, evidence: "wage survey 2025" }) { status evidence } }';
    t.equal(
      (await gql(app, UPDATE, { id: own.id }, other)).errors?.[0]?.extensions?.code,
      'NOT_FOUND',
      "another company's plan is not found",
    );
    t.same(
      (await gql(app, UPDATE, { id: own.id }, member)).data?.updateActionPlan,
      { status: 'DONE', evidence: 'wage survey 2025' },
      'its own plan moves on',
    );

    // A plan the secretariat recorded for I at a site I does not see is I's, but not listed to I.
    const elsewhere = await plan(I, ['LIVING_WAGE'], { siteId: I2 }, 'PLANNED');
    const PLANS =
      'query($id: ID!) { actionPlans(companyId: $id, first: 100) { totalCount nodes { id status site { id } } } }';
    const listed = async (token: string) => (await gql(app, PLANS, { id: I }, token)).data!.actionPlans;
    const asMember = await listed(member);
    t.same(
      asMember.nodes.map((p: any) => p.id),
      [own.id],
      'a MEMBER lists its own plans at sites it sees',
    );
    t.equal(asMember.totalCount, 1, 'and counts only those');
    t.same(
      (await listed(admin)).nodes.map((p: any) => p.id).sort(),
      [own.id, elsewhere.id].sort(),
      'ADMIN lists them all',
    );
    t.equal(
      (await gql(app, PLANS, { id: I2 }, member)).errors?.[0]?.extensions?.code,
      'FORBIDDEN',
      "another company's plans",
    );

    const undated = await mutate(
      PLAN,
      {
        companyId: I,
        themes: ['LIVING_WAGE'],
        siteId: Q,
        description: 'no date yet',
        status: 'PLANNED',
        collective: false,
      },
      member,
    );
    const early = await plan(I, ['LIVING_WAGE'], { siteId: Q }, 'PLANNED', member, addDays(5));
    const sameDay = await plan(I, ['LIVING_WAGE'], { siteId: Q }, 'PLANNED', member, addDays(5));
    const PAGE =
      'query($id: ID!, $after: String) { actionPlans(companyId: $id, first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id dueDate } } }';
    const walked: { id: string; dueDate: string | null }[] = [];
    let after: string | null = null;
    do {
      const page: any = (await gql(app, PAGE, { id: I, after }, member)).data!.actionPlans;
      walked.push(...page.nodes);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    t.same(
      walked.map((p) => p.id).sort(),
      [own.id, undated.id, early.id, sameDay.id].sort(),
      'one plan per page: each once, across a tie on the due date',
    );
    t.same(
      walked.map((p) => p.dueDate),
      [...walked.map((p) => p.dueDate)].sort((a, b) => (a ?? '9999').localeCompare(b ?? '9999')),
      'soonest due first, undated last',
    );
  },
);

t.test('the printable report: same token and visibility as the query, self-contained HTML', async (t) => {
  const tc = new TrackedChain();
  tc.chain.quarry('Q', { country: 'KI', region: 'Kiritimati' }).importer('I').project('X').project('Y');
  tc.link('Q', 'I');
  tc.delivery('X', 'I');
  tc.delivery('Y', 'I');
  await tc.chain.save(app.graph);
  await plan(tc.id('I'), ['HEALTH_SAFETY'], { siteId: tc.id('Q') }, 'PLANNED');
  await assess('HEALTH_SAFETY', 'HIGH', 'HIGH', { siteId: tc.id('Q') });
  const report = (projectId: string, token?: string) =>
    app.inject({
      method: 'GET',
      url: `/projects/${projectId}/report`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const buyerX = await issueToken(app, 'BUYER', tc.id('X-buyer'));
  const buyerY = await issueToken(app, 'BUYER', tc.id('Y-buyer'));

  const own = await report(tc.id('X'), buyerX);
  t.equal(own.statusCode, 200);
  t.match(own.headers['content-type'], /^text\/html/);
  t.match(own.body, /Due-diligence report: X/, 'names the project');
  t.match(own.body, /Health (&amp;|&) safety/, 'shows the per-theme summary');
  t.notMatch(own.body, /<script|<link|<img|src=|href=|url\(|@import/i, 'no script and no external asset');
  t.match(own.headers['content-security-policy'], /default-src 'none'/);
  const version = (
    await gql(app, 'query($id: ID!) { dueDiligence(projectId: $id) { dataVersion } }', { id: tc.id('X') }, buyerX)
  ).data!.dueDiligence.dataVersion;
  t.match(own.body, version, 'states the data version it was made from');

  const otherBuyers = await report(tc.id('X'), buyerY);
  t.equal(otherBuyers.statusCode, 404, "another buyer's project is not found");
  const unknown = await report('no-such-project', buyerX);
  t.equal(unknown.statusCode, 404, 'an unknown project is not found');
  t.same(Object.keys(otherBuyers.json()).sort(), ['code', 'error'], 'as {error, code}');
  t.equal(otherBuyers.json().code, unknown.json().code, 'the two alike');
  const anonymous = await report(tc.id('X'));
  t.equal(anonymous.statusCode, 401, 'without a token: 401');
  t.equal(anonymous.json().code, 'UNAUTHENTICATED');
});
