import t from 'tap';
import type { ChainNodeRecord, QuarryRecord, SupplyLinkRecord } from '../../../src/registry/records.js';
import { assessExposure, type TraceEvidence } from '../../../src/risk/exposure.js';
import type {
  ActionPlanRecord,
  CertificateRecord,
  ComplaintEvidenceRecord,
  RiskAssessmentRecord,
} from '../../../src/risk/records.js';
import type { ComplaintStatus, RiskLevel, RiskTheme } from '../../../src/shared/contract.generated.js';
import { computeShares } from '../../../src/trace/compute.js';
import { isQuarry, shareLink as link } from '../../helpers/shares.js';

/*
 * The risk rules on one chain: quarry q > processor p > importer i, and trader t > i, a trader
 * whose supplier is unknown. The importer splits the mass equally: half comes from q, half ends in
 * a gap at t. q, p and t are in FJ (q in the quarry area Ba), i in NL.
 */
const chainNodes: ChainNodeRecord[] = [
  { __typename: 'Quarry', id: 'q', name: 'q', country: 'FJ', region: 'Ba', location: null, stoneTypes: ['GRANITE'] },
  { __typename: 'Processor', id: 'p', name: 'p', country: 'FJ', city: null },
  { __typename: 'Processor', id: 't', name: 't', country: 'FJ', city: null },
  { __typename: 'Importer', id: 'i', name: 'i', country: 'NL', covenantMember: true },
];
const site = (id: string) => chainNodes.find((node) => node.id === id)!;
type Target = { country: string; region?: string } | { site: string } | { link: string };

let sequence = 0;
const targetOf = (target: Target) => ({
  site: 'site' in target ? site(target.site) : null,
  link: 'link' in target ? ({ id: target.link } as SupplyLinkRecord) : null,
});

function assessment(
  theme: RiskTheme,
  level: RiskLevel,
  target: Target,
  fields: Partial<RiskAssessmentRecord> = {},
): RiskAssessmentRecord {
  const targetKind = 'site' in target ? 'SITE' : 'link' in target ? 'LINK' : target.region ? 'QUARRY_AREA' : 'COUNTRY';
  return {
    id: `assessment ${++sequence}`,
    theme,
    severity: level,
    likelihood: level,
    level,
    description: '',
    source: '',
    assessedOn: '2025-01-01',
    recordedAt: 0,
    assessedBy: { role: 'ANALYST', organisationId: null },
    assessor: 'independent',
    targetKind,
    country: 'country' in target ? target.country : null,
    region: 'country' in target ? (target.region ?? null) : null,
    ...targetOf(target),
    ...fields,
  };
}

const plan = (
  themes: RiskTheme[],
  target: Target,
  status: ActionPlanRecord['status'] = 'DONE',
  recordedOn = '2025-01-01',
): ActionPlanRecord => ({
  id: `plan ${++sequence}`,
  company: null,
  themes,
  ...targetOf(target),
  description: '',
  status,
  dueDate: null,
  collective: false,
  evidence: null,
  overdue: false,
  recordedOn,
});

const certificate = (themes: RiskTheme[], target: Target, validFrom: string, validTo: string): CertificateRecord => ({
  id: `certificate ${++sequence}`,
  scheme: 'FAIR_STONE',
  holder: null,
  scope: 'site' in target ? 'SITE' : 'LINK',
  ...targetOf(target),
  delivery: null,
  validFrom,
  validTo,
  themes,
  reference: '',
  status: 'VALID',
  daysToExpiry: 0,
});

const complaint = (
  themes: RiskTheme[],
  siteId: string,
  status: ComplaintStatus,
  receivedOn = '2025-03-01',
): ComplaintEvidenceRecord => ({ id: `complaint ${++sequence}`, themes, status, receivedOn, site: site(siteId) });

/** The chain's exposure to the given evidence, judged on `referenceDate`. */
function exposureOf(evidence: Partial<TraceEvidence>, referenceDate = '2025-06-01') {
  const shares = computeShares(
    [{ importerId: 'i', stoneType: 'GRANITE', massTonnes: 1, links: [link('q', 'p'), link('p', 'i'), link('t', 'i')] }],
    isQuarry,
    { maxDepth: 12, maxPaths: 100 },
  );
  const exposure = assessExposure({
    nodes: chainNodes,
    links: shares.linkIds.map((id) => ({ id }) as SupplyLinkRecord),
    leaves: shares.leaves,
    gaps: shares.gaps,
    evidence: { assessments: [], actionPlans: [], certificates: [], complaints: [], ...evidence },
    referenceDate,
  });
  const location = (id: string) => exposure.locations.find((l) => (l.node ?? l.link)?.id === id);
  return {
    at: (id: string) => Object.fromEntries((location(id)?.risks ?? []).map((risk) => [risk.theme, risk])),
    shareAt: (id: string) => location(id)?.share,
    summary: exposure.summary,
    summaryOf: (theme: RiskTheme) => exposure.summary.find((s) => s.theme === theme),
  };
}

t.test(
  'a node takes its own assessment, else its quarry area (quarries only), else its country; a link only its own',
  async (t) => {
    const area = assessment('HEALTH_SAFETY', 'SEVERE', { country: 'FJ', region: 'Ba' });
    const inherited = exposureOf({
      assessments: [
        assessment('HEALTH_SAFETY', 'MEDIUM', { country: 'FJ' }),
        area,
        assessment('LIVING_WAGE', 'HIGH', { country: 'FJ' }),
        assessment('FORCED_LABOUR', 'SEVERE', { link: 'p>i' }),
      ],
    });
    const basis = (id: string, theme: RiskTheme) => [inherited.at(id)[theme]?.level, inherited.at(id)[theme]?.basis];
    t.same(basis('q', 'HEALTH_SAFETY'), ['SEVERE', 'QUARRY_AREA'], "the quarry's area over its country");
    t.equal(inherited.at('q').HEALTH_SAFETY?.assessment, area, 'with the area assessment as evidence');
    t.same(basis('q', 'LIVING_WAGE'), ['HIGH', 'COUNTRY'], 'a theme the area does not speak to comes from the country');
    t.same(basis('p', 'HEALTH_SAFETY'), ['MEDIUM', 'COUNTRY'], 'a processor has no quarry area');
    t.same(Object.keys(inherited.at('i')), [], 'nothing is assessed in NL');
    t.same(Object.keys(inherited.at('q>p')), [], "a link does not take its ends' risks");
    t.same(basis('p>i', 'FORCED_LABOUR'), ['SEVERE', 'LINK']);

    const own = exposureOf({ assessments: [area, assessment('HEALTH_SAFETY', 'LOW', { site: 'q' })] });
    t.same(
      [own.at('q').HEALTH_SAFETY?.level, own.at('q').HEALTH_SAFETY?.basis],
      ['LOW', 'SITE'],
      'the site over its area, milder or not',
    );
  },
);

t.test('the assessment in force is the last assessed by the reference date, then the last recorded', async (t) => {
  const onQ = (level: RiskLevel, assessedOn: string, recordedAt = 0) =>
    assessment('ENVIRONMENT', level, { site: 'q' }, { assessedOn, recordedAt });
  const assessments = [
    onQ('HIGH', '2025-01-01'),
    onQ('SEVERE', '2025-09-01'),
    onQ('MEDIUM', '2025-03-01', 2),
    onQ('LOW', '2025-03-01', 1),
  ];
  t.equal(
    exposureOf({ assessments }).at('q').ENVIRONMENT?.level,
    'MEDIUM',
    'of two on the same day, the one recorded later; nothing assessed after the date',
  );
  t.equal(exposureOf({ assessments }, '2025-02-01').at('q').ENVIRONMENT?.level, 'HIGH', 'an earlier reference date');
  t.same(exposureOf({ assessments }, '2024-12-31').at('q'), {}, 'before any assessment');
});

t.test("a company's self-assessment counts only where it says worse than the independent one", async (t) => {
  const independent = assessment('ENVIRONMENT', 'HIGH', { site: 'p' });
  const self = (level: RiskLevel) =>
    assessment('ENVIRONMENT', level, { site: 'p' }, { assessor: 'company p', assessedOn: '2025-05-01' });
  t.equal(
    exposureOf({ assessments: [independent, self('LOW')] }).at('p').ENVIRONMENT?.assessment,
    independent,
    'a later, milder word is not taken',
  );
  const worse = self('SEVERE');
  t.equal(exposureOf({ assessments: [independent, worse] }).at('p').ENVIRONMENT?.assessment, worse);
});

t.test(
  'residual: one step lower for a DONE plan or a valid certificate at the same place, one step at most',
  async (t) => {
    const risks = exposureOf({
      assessments: [
        assessment('HEALTH_SAFETY', 'SEVERE', { site: 'q' }),
        assessment('CHILD_LABOUR', 'HIGH', { site: 'q' }),
        assessment('HEALTH_SAFETY', 'SEVERE', { site: 'p' }),
        assessment('CHILD_LABOUR', 'HIGH', { site: 'p' }),
        assessment('LIVING_WAGE', 'LOW', { site: 'p' }),
        assessment('ENVIRONMENT', 'HIGH', { link: 'p>i' }),
      ],
      actionPlans: [
        plan(['HEALTH_SAFETY'], { site: 'q' }, 'IN_PROGRESS'),
        plan(['HEALTH_SAFETY', 'LIVING_WAGE'], { site: 'p' }),
        plan(['CHILD_LABOUR'], { site: 'p' }, 'DONE', '2025-07-01'),
      ],
      certificates: [
        certificate(['CHILD_LABOUR'], { site: 'q' }, '2020-01-01', '2020-12-31'),
        certificate(['HEALTH_SAFETY'], { site: 'p' }, '2025-01-01', '2026-12-31'),
        certificate(['ENVIRONMENT'], { link: 'p>i' }, '2025-01-01', '2025-06-01'),
      ],
    });
    const residual = (id: string, theme: RiskTheme) => risks.at(id)[theme]?.residualLevel;
    t.equal(residual('q', 'HEALTH_SAFETY'), 'SEVERE', 'a plan in progress lowers nothing');
    t.equal(risks.at('q').HEALTH_SAFETY?.actionPlans.length, 1, 'but is listed');
    t.same(
      [residual('q', 'CHILD_LABOUR'), risks.at('q').CHILD_LABOUR?.certificates],
      ['HIGH', []],
      'an expired certificate does not count',
    );
    t.equal(residual('p', 'HEALTH_SAFETY'), 'HIGH', 'a DONE plan and a valid certificate together: one step');
    t.equal(residual('p', 'LIVING_WAGE'), 'LOW', 'never below LOW');
    t.same(
      [residual('p', 'CHILD_LABOUR'), risks.at('p').CHILD_LABOUR?.actionPlans],
      ['HIGH', []],
      'a plan recorded after the reference date does not count yet',
    );
    t.equal(
      residual('p>i', 'ENVIRONMENT'),
      'MEDIUM',
      "a certificate on its last day of validity lowers the link's risk",
    );
    t.equal(risks.at('q').LIVING_WAGE, undefined, "a plan's themes add no risk where none is assessed");
  },
);

t.test('a gap is a HIGH unknown origin on the mass that ends there; nothing done about it lowers it', async (t) => {
  const bare = exposureOf({});
  t.same(
    [bare.at('t').UNKNOWN_ORIGIN?.level, bare.at('t').UNKNOWN_ORIGIN?.basis, bare.at('t').UNKNOWN_ORIGIN?.gapShare],
    ['HIGH', 'TRACE_GAP', 0.5],
  );
  t.equal(bare.at('p').UNKNOWN_ORIGIN, undefined, 'no unknown origin where the chain goes on');
  t.same([bare.summaryOf('UNKNOWN_ORIGIN')?.share, bare.shareAt('i'), bare.shareAt('t')], [0.5, 1, 0.5]);

  const milder = assessment('UNKNOWN_ORIGIN', 'LOW', { site: 't' });
  const softened = exposureOf({ assessments: [milder], actionPlans: [plan(['UNKNOWN_ORIGIN'], { site: 't' })] }).at(
    't',
  ).UNKNOWN_ORIGIN;
  t.same(
    [softened?.level, softened?.basis, softened?.residualLevel],
    ['HIGH', 'TRACE_GAP', 'HIGH'],
    'a milder assessment and a DONE plan change nothing',
  );
  t.equal(softened?.assessment, milder, 'the milder assessment is kept as evidence');

  const worse = exposureOf({ assessments: [assessment('UNKNOWN_ORIGIN', 'SEVERE', { site: 't' })] }).at(
    't',
  ).UNKNOWN_ORIGIN;
  t.same(
    [worse?.level, worse?.basis, worse?.gapShare],
    ['SEVERE', 'SITE', 0.5],
    'a worse assessment wins and keeps the gap share',
  );
});

t.test(
  'the summary: per theme the highest residual level, where it sits, and the mass it touches counted once',
  async (t) => {
    const countryWide = [assessment('LIVING_WAGE', 'HIGH', { country: 'FJ' })];
    const everywhere = exposureOf({ assessments: countryWide }).summaryOf('LIVING_WAGE');
    t.same(everywhere?.locations.map((l) => l.node?.id).sort(), ['p', 'q', 't']);
    t.equal(everywhere?.share, 1, 'q and p share one path: its half counts once');

    const planned = exposureOf({ assessments: countryWide, actionPlans: [plan(['LIVING_WAGE'], { site: 't' })] });
    const summary = planned.summaryOf('LIVING_WAGE');
    t.same(
      [summary?.highestResidualLevel, summary?.locations.map((l) => l.node?.id).sort(), summary?.share],
      ['HIGH', ['p', 'q'], 0.5],
      "t's lowered risk is no longer the highest",
    );

    const ordered = exposureOf({
      assessments: [
        assessment('CHILD_LABOUR', 'HIGH', { site: 't' }),
        assessment('ENVIRONMENT', 'HIGH', { country: 'FJ' }),
        assessment('FORCED_LABOUR', 'SEVERE', { link: 'q>p' }),
      ],
    });
    t.same(
      ordered.summary.map((s) => [s.theme, s.share]),
      [
        ['FORCED_LABOUR', 0.5],
        ['ENVIRONMENT', 1],
        ['CHILD_LABOUR', 0.5],
        ['UNKNOWN_ORIGIN', 0.5],
      ],
      'the most severe theme first, then the larger share',
    );
  },
);

t.test('self-assessments of two companies stay apart even where neither company may be named', async (t) => {
  const quarry: QuarryRecord = {
    __typename: 'Quarry',
    id: 'q',
    name: 'Q',
    country: 'FJ',
    region: 'R',
    location: null,
    stoneTypes: ['GRANITE'],
  };
  const selfAssessment = (assessor: string, level: 'LOW' | 'HIGH', assessedOn: string): RiskAssessmentRecord => ({
    id: `${assessor}-${level}`,
    theme: 'LAND_RIGHTS',
    severity: level,
    likelihood: level,
    level,
    description: '',
    source: '',
    assessedOn,
    recordedAt: 0,
    assessedBy: { role: 'MEMBER', organisationId: null },
    assessor,
    targetKind: 'SITE',
    country: null,
    region: null,
    site: quarry,
    link: null,
  });
  const { locations } = assessExposure({
    nodes: [quarry],
    links: [],
    leaves: [{ nodeIds: ['q'], linkIds: [], share: 1, gap: false }],
    gaps: [],
    evidence: {
      assessments: [
        selfAssessment('company a', 'HIGH', '2025-01-01'),
        selfAssessment('company b', 'LOW', '2025-02-01'),
      ],
      complaints: [],
      actionPlans: [],
      certificates: [],
    },
    referenceDate: '2025-06-01',
  });
  t.equal(locations[0]!.risks[0]!.level, 'HIGH', "company b's later, milder word does not replace company a's");
});

const quarry = (id: string): ChainNodeRecord => ({
  __typename: 'Quarry',
  id,
  name: id,
  country: 'VN',
  region: 'Thanh Hoa',
  location: null,
  stoneTypes: ['BLUESTONE'],
});
const importer = {
  __typename: 'Importer',
  id: 'importer',
  name: 'importer',
  country: 'VN',
  covenantMember: true,
} as unknown as ChainNodeRecord;

t.test(
  'an importer with 2,000 suppliers: each carries its part of the mass, and plans lower risks where they act',
  async (t) => {
    const suppliers = 2_000;
    const quarries = Array.from({ length: suppliers }, (_, i) => quarry(`q${i}`));
    const shares = computeShares(
      [
        {
          importerId: 'importer',
          stoneType: 'BLUESTONE',
          massTonnes: 100,
          links: quarries.map((q) => link(q.id, 'importer')),
        },
      ],
      isQuarry,
      { maxDepth: 12, maxPaths: 5_000 },
    );
    const countryRisk = {
      id: 'vn-health',
      theme: 'HEALTH_SAFETY',
      severity: 'HIGH',
      likelihood: 'HIGH',
      level: 'HIGH',
      assessedOn: '2025-01-01',
      recordedAt: 0,
      assessor: 'independent',
      targetKind: 'COUNTRY',
      country: 'VN',
      region: null,
    } as RiskAssessmentRecord;
    // Every other quarry has a completed plan; the importer itself has one plan per quarry.
    const plans = quarries.flatMap((q, i) => [
      ...(i % 2 === 0
        ? [
            {
              id: `plan-${q.id}`,
              themes: ['HEALTH_SAFETY'],
              status: 'DONE',
              recordedOn: '2025-01-01',
              site: q,
              link: null,
            },
          ]
        : []),
      {
        id: `plan-importer-${i}`,
        themes: ['LIVING_WAGE'],
        status: 'PLANNED',
        recordedOn: '2025-01-01',
        site: importer,
        link: null,
      },
    ]) as ActionPlanRecord[];
    const exposure = assessExposure({
      nodes: [importer, ...quarries],
      links: shares.linkIds.map((id) => ({ id }) as SupplyLinkRecord),
      leaves: shares.leaves,
      gaps: shares.gaps,
      evidence: { assessments: [countryRisk], actionPlans: plans, certificates: [], complaints: [] },
      referenceDate: '2025-06-01',
    });
    const shareAt = (id: string) => exposure.locations.find((l) => (l.node ?? l.link)?.id === id)?.share;
    t.equal(shareAt('importer'), 1, 'all mass passes the importer');
    t.equal(shareAt('q7'), 1 / suppliers, 'each quarry a 2,000th');
    const health = exposure.summary.find((s) => s.theme === 'HEALTH_SAFETY');
    t.equal(health?.highestResidualLevel, 'HIGH');
    t.equal(health?.locations.length, 1 + suppliers / 2, 'the importer and the quarries without a completed plan');
    t.equal(health?.share, 1, 'their mass, counted once though every path passes two of them');
    const healthAt = (id: string) =>
      exposure.locations.find((l) => l.node?.id === id)?.risks.find((r) => r.theme === 'HEALTH_SAFETY');
    t.same(
      healthAt('q0')?.actionPlans.map((p) => p.id),
      ['plan-q0'],
      "a quarry's plan is listed there, and no other",
    );
    t.equal(healthAt('q0')?.residualLevel, 'MEDIUM', 'and lowers its risk');
    t.same(healthAt('importer')?.actionPlans, [], "the importer's 2,000 plans are for another theme");
  },
);

t.test(
  'an admitted complaint raises its themes at its site to HIGH, which no measure lowers until it is resolved',
  async (t) => {
    const measures = {
      assessments: [
        assessment('HEALTH_SAFETY', 'MEDIUM', { site: 'q' }),
        assessment('ENVIRONMENT', 'SEVERE', { site: 'q' }),
      ],
      actionPlans: [plan(['HEALTH_SAFETY', 'ENVIRONMENT', 'LIVING_WAGE'], { site: 'q' })],
      certificates: [certificate(['HEALTH_SAFETY'], { site: 'q' }, '2024-01-01', '2026-12-31')],
    };
    const before = exposureOf(measures).at('q');
    t.match(
      before.HEALTH_SAFETY,
      { level: 'MEDIUM', residualLevel: 'LOW', basis: 'SITE' },
      'without it: lowered by the measures',
    );

    for (const status of ['ADMISSIBLE', 'IN_DIALOGUE'] as const) {
      const risks = exposureOf({
        ...measures,
        complaints: [complaint(['HEALTH_SAFETY', 'ENVIRONMENT', 'LIVING_WAGE'], 'q', status)],
      }).at('q');
      t.match(
        risks.HEALTH_SAFETY,
        { level: 'HIGH', residualLevel: 'HIGH', basis: 'COMPLAINT', assessment: { level: 'MEDIUM' } },
        `${status}: a plan and a certificate leave it HIGH`,
      );
      t.match(
        risks.ENVIRONMENT,
        { level: 'SEVERE', residualLevel: 'HIGH', basis: 'SITE' },
        `${status}: a worse assessment stands`,
      );
      t.match(
        risks.LIVING_WAGE,
        { level: 'HIGH', residualLevel: 'HIGH', basis: 'COMPLAINT', assessment: null },
        `${status}: a theme nobody assessed`,
      );
    }
    const closed = exposureOf({ ...measures, complaints: [complaint(['HEALTH_SAFETY'], 'q', 'CLOSED')] }).at('q');
    t.match(
      closed.HEALTH_SAFETY,
      { level: 'HIGH', residualLevel: 'MEDIUM', basis: 'COMPLAINT' },
      'CLOSED unresolved: HIGH, lowered by the measures',
    );
    const both = exposureOf({
      ...measures,
      complaints: [complaint(['HEALTH_SAFETY'], 'q', 'CLOSED'), complaint(['HEALTH_SAFETY'], 'q', 'IN_DIALOGUE')],
    }).at('q');
    t.match(both.HEALTH_SAFETY, { residualLevel: 'HIGH' }, 'one complaint still in dialogue keeps it HIGH');
    const later = exposureOf({
      ...measures,
      complaints: [complaint(['HEALTH_SAFETY'], 'q', 'ADMISSIBLE', '2025-07-01')],
    }).at('q');
    t.match(
      later.HEALTH_SAFETY,
      { basis: 'SITE', residualLevel: 'LOW' },
      'a complaint received after the reference date does not count',
    );
    const gap = exposureOf({ complaints: [complaint(['UNKNOWN_ORIGIN'], 't', 'ADMISSIBLE')] }).at('t');
    t.match(gap.UNKNOWN_ORIGIN, { basis: 'TRACE_GAP', level: 'HIGH', residualLevel: 'HIGH' }, 'a gap stays a gap');
    t.same(
      exposureOf({ complaints: [complaint(['CHILD_LABOUR'], 'q', 'ADMISSIBLE')] }).at('p'),
      {},
      'only at its own site',
    );
  },
);
