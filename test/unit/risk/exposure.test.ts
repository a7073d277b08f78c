import t from 'tap';
import type { ChainNodeRecord, SupplyLinkRecord } from '../../../src/registry/records.js';
import { assessExposure } from '../../../src/risk/exposure.js';
import type { ActionPlanRecord, RiskAssessmentRecord } from '../../../src/risk/records.js';
import { computeShares } from '../../../src/trace/compute.js';
import { isQuarry, shareLink as link } from '../../helpers/shares.js';

t.test('self-assessments of two companies stay apart even where neither company may be named', async (t) => {
  const quarry = { __typename: 'Quarry' as const, id: 'q', name: 'Q', country: 'FJ', region: 'R', location: null, stoneTypes: ['GRANITE'] };
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
    evidence: { assessments: [selfAssessment('company a', 'HIGH', '2025-01-01'), selfAssessment('company b', 'LOW', '2025-02-01')], actionPlans: [], certificates: [] },
    referenceDate: '2025-06-01',
  });
  t.equal(locations[0]!.risks[0]!.level, 'HIGH', "company b's later, milder word does not replace company a's");
});

const quarry = (id: string): ChainNodeRecord =>
  ({ __typename: 'Quarry', id, name: id, country: 'VN', region: 'Thanh Hoa', location: null, stoneTypes: ['BLUESTONE'] });
const importer = { __typename: 'Importer', id: 'importer', name: 'importer', country: 'VN', covenantMember: true } as unknown as ChainNodeRecord;

t.test('an importer with 2,000 suppliers: each carries its part of the mass, and plans lower risks where they act', async (t) => {
  const suppliers = 2_000;
  const quarries = Array.from({ length: suppliers }, (_, i) => quarry(`q${i}`));
  const shares = computeShares(
    [{ importerId: 'importer', stoneType: 'BLUESTONE', massTonnes: 100, links: quarries.map((q) => link(q.id, 'importer')) }],
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
    ...(i % 2 === 0 ? [{ id: `plan-${q.id}`, themes: ['HEALTH_SAFETY'], status: 'DONE', recordedOn: '2025-01-01', site: q, link: null }] : []),
    { id: `plan-importer-${i}`, themes: ['LIVING_WAGE'], status: 'PLANNED', recordedOn: '2025-01-01', site: importer, link: null },
  ]) as ActionPlanRecord[];
  const exposure = assessExposure({
    nodes: [importer, ...quarries],
    links: shares.linkIds.map((id) => ({ id }) as SupplyLinkRecord),
    leaves: shares.leaves,
    gaps: shares.gaps,
    evidence: { assessments: [countryRisk], actionPlans: plans, certificates: [] },
    referenceDate: '2025-06-01',
  });
  const shareAt = (id: string) => exposure.locations.find((l) => (l.node ?? l.link)?.id === id)?.share;
  t.equal(shareAt('importer'), 1, 'all mass passes the importer');
  t.equal(shareAt('q7'), 1 / suppliers, 'each quarry a 2,000th');
  const health = exposure.summary.find((s) => s.theme === 'HEALTH_SAFETY');
  t.equal(health?.highestResidualLevel, 'HIGH');
  t.equal(health?.locations.length, 1 + suppliers / 2, 'the importer and the quarries without a completed plan');
  t.equal(health?.share, 1, 'their mass, counted once though every path passes two of them');
  const healthAt = (id: string) => exposure.locations.find((l) => l.node?.id === id)?.risks.find((r) => r.theme === 'HEALTH_SAFETY');
  t.same(healthAt('q0')?.actionPlans.map((p) => p.id), ['plan-q0'], "a quarry's plan is listed there, and no other");
  t.equal(healthAt('q0')?.residualLevel, 'MEDIUM', 'and lowers its risk');
  t.same(healthAt('importer')?.actionPlans, [], "the importer's 2,000 plans are for another theme");
});
