import type { ChainNodeRecord, DeliveryRecord, SupplyLinkRecord } from '../registry/records.js';
import { groupBy } from '../shared/collections.js';
import type { RiskBasis, RiskLevel, RiskTheme } from '../shared/contract.generated.js';
import { roundShare, type ShareGap, type ShareLeaf } from '../trace/compute.js';
import { complaintLevel, gapLevel, lowered, rank, riskThemes, unmitigableComplaintStatuses } from './vocabulary.js';
import {
  isValidOn,
  type ActionPlanRecord,
  type CertificateRecord,
  type ComplaintEvidenceRecord,
  type RiskAssessmentRecord,
} from './records.js';

/**
 * The risk rules applied to one trace (docs/trace-and-risk.md, "Risk rules"):
 *
 * 1. Per target and theme the current assessment is the one assessed last (on or before the
 *    reference date). Assessments by ADMIN and ANALYST keys are independent; a company's
 *    assessment of its own site or link is a self-assessment.
 * 2. A node's risk for a theme comes from the most specific current independent assessment: its
 *    own (SITE), else its quarry area (quarries only: an area is where stone is extracted), else
 *    its country. A link carries its own (LINK) assessments. A self-assessment only counts when it
 *    says worse: a company cannot talk its own site's documented risk down.
 *    Level = mean of severity and likelihood, rounded up.
 * 3. A gap is an UNKNOWN_ORIGIN risk of level HIGH at the node where tracing stops (an assessment
 *    of the node's UNKNOWN_ORIGIN that says worse wins), carrying the share of mass ending there.
 *    Without an assessment it touches only that mass; with one, the mass through the node.
 * 4. Residual = the level lowered one step (never below LOW) when a DONE action plan or a
 *    certificate valid on the reference date addresses the theme at that same node or link.
 *    One step at most: certificates are evidence, not proof. A gap stays a gap whatever is done
 *    about it: only tracing the stone closes it. Delivery certificates are measures of the project
 *    but lower no node's level, since a node may feed other deliveries too.
 * 5. An admitted complaint about a site (received by the reference date, not RESOLVED) raises each
 *    theme it names there to at least HIGH, with basis COMPLAINT unless an assessment says worse.
 *    While it is ADMISSIBLE or IN_DIALOGUE, no plan or certificate takes the residual level below
 *    HIGH: the committee has found the complaint worth taking up, and a measure on paper does not
 *    answer it. Once CLOSED unresolved it stays evidence, which measures lower as any other risk.
 * 6. A delivery whose declared origin the trace contradicts (trace/declaredOrigin.ts) carries an
 *    UNKNOWN_ORIGIN risk of level SEVERE on the whole delivery: what it says about its stone is
 *    false at least in part. Nothing lowers it: only a corrected declaration or chain does.
 */

export interface RiskRecord {
  theme: RiskTheme;
  level: RiskLevel;
  residualLevel: RiskLevel;
  basis: RiskBasis;
  assessment: RiskAssessmentRecord | null;
  gapShare: number | null;
  actionPlans: ActionPlanRecord[];
  certificates: CertificateRecord[];
}

export interface RiskLocationRecord {
  node: ChainNodeRecord | null;
  link: SupplyLinkRecord | null;
  delivery: DeliveryRecord | null;
  share: number;
  risks: RiskRecord[];
}

export interface ThemeRiskSummaryRecord {
  theme: RiskTheme;
  highestResidualLevel: RiskLevel;
  locations: RiskLocationRecord[];
  share: number;
  evidence: RiskAssessmentRecord[];
}

export interface TraceEvidence {
  assessments: RiskAssessmentRecord[];
  actionPlans: ActionPlanRecord[];
  certificates: CertificateRecord[];
  complaints: ComplaintEvidenceRecord[];
}

export interface ExposureInput {
  nodes: ChainNodeRecord[];
  links: SupplyLinkRecord[];
  leaves: ShareLeaf[];
  gaps: ShareGap[];
  evidence: TraceEvidence;
  /** Assessments made by then count; certificates count when valid on this date. */
  referenceDate: string;
  /** The deliveries whose declared origin the trace contradicts (none when left out). */
  originMismatches?: DeliveryRecord[];
  /**
   * Where each delivery's mass ends, as shares of the project's mass: with mismatches, mass is
   * weighed per delivery, so a risk on a delivery and one on a site are not counted twice.
   */
  deliveryLeaves?: () => { deliveryId: string; leaves: ShareLeaf[] }[];
}

export interface Exposure {
  locations: RiskLocationRecord[];
  summary: ThemeRiskSummaryRecord[];
}

const countryKey = (country: string) => `country ${country}`;
const areaKey = (country: string, region: string) => `area ${country} ${region}`;

function targetKey(assessment: RiskAssessmentRecord): string {
  switch (assessment.targetKind) {
    case 'COUNTRY':
      return countryKey(assessment.country ?? '');
    case 'QUARRY_AREA':
      return areaKey(assessment.country ?? '', assessment.region ?? '');
    case 'SITE':
      return assessment.site?.id ?? '';
    case 'LINK':
      return assessment.link?.id ?? '';
  }
}

interface CurrentAssessments {
  /** Target key, then theme: the independent (ADMIN, ANALYST) assessment in force. */
  independent: Map<string, Map<RiskTheme, RiskAssessmentRecord>>;
  /** Target key: each company's self-assessments in force (one per company and theme). */
  self: Map<string, RiskAssessmentRecord[]>;
}

/**
 * Per target, assessor and theme, the current assessment: the last assessed by the reference date,
 * then the last recorded. One company's later word does not replace another's.
 */
function currentAssessments(assessments: RiskAssessmentRecord[], referenceDate: string): CurrentAssessments {
  const latest = new Map<string, RiskAssessmentRecord>();
  for (const assessment of assessments) {
    if (assessment.assessedOn > referenceDate) continue;
    const key = `${targetKey(assessment)}\u0000${assessment.assessor}\u0000${assessment.theme}`;
    const current = latest.get(key);
    const later =
      !current ||
      assessment.assessedOn > current.assessedOn ||
      (assessment.assessedOn === current.assessedOn && assessment.recordedAt > current.recordedAt);
    if (later) latest.set(key, assessment);
  }
  const result: CurrentAssessments = { independent: new Map(), self: new Map() };
  for (const assessment of latest.values()) {
    const target = targetKey(assessment);
    if (assessment.assessor === 'independent') {
      const themes = result.independent.get(target) ?? new Map<RiskTheme, RiskAssessmentRecord>();
      result.independent.set(target, themes.set(assessment.theme, assessment));
    } else {
      const own = result.self.get(target);
      if (own) own.push(assessment);
      else result.self.set(target, [assessment]);
    }
  }
  return result;
}

/** Independent assessments: the most specific (last of `keys`) wins; self-assessments may only raise. */
function inherited(current: CurrentAssessments, keys: string[]): Map<RiskTheme, RiskAssessmentRecord> {
  const result = new Map<RiskTheme, RiskAssessmentRecord>();
  for (const key of keys)
    for (const [theme, assessment] of current.independent.get(key) ?? []) result.set(theme, assessment);
  for (const assessment of keys.flatMap((key) => current.self.get(key) ?? [])) {
    const standing = result.get(assessment.theme);
    if (!standing || rank(assessment.level) > rank(standing.level)) result.set(assessment.theme, assessment);
  }
  return result;
}

const nodeTargets = (node: ChainNodeRecord): string[] =>
  node.__typename === 'Quarry'
    ? [countryKey(node.country), areaKey(node.country, node.region), node.id]
    : [countryKey(node.country), node.id];

const byRiskOrder = (a: RiskRecord, b: RiskRecord) =>
  rank(b.residualLevel) - rank(a.residualLevel) ||
  rank(b.level) - rank(a.level) ||
  riskThemes.indexOf(a.theme) - riskThemes.indexOf(b.theme);

const targetOf = (record: { site: ChainNodeRecord | null; link: SupplyLinkRecord | null }): string =>
  record.site?.id ?? record.link?.id ?? '';

/** A trace's evidence as it stands on the reference date, by target, and the risks it gives each target. */
class EvidenceOnDate {
  private readonly current: CurrentAssessments;
  private readonly plansAt: Map<string, ActionPlanRecord[]>;
  private readonly certificatesAt: Map<string, CertificateRecord[]>;
  /** Per site, per theme an admitted complaint names: whether measures may lower it (false while the committee handles it). */
  private readonly complaintsAt = new Map<string, Map<RiskTheme, boolean>>();
  private readonly gapShares = new Map<string, number>();

  constructor(input: ExposureInput) {
    this.current = currentAssessments(input.evidence.assessments, input.referenceDate);
    // A plan counts from the day it was recorded, with the status it has now (plans keep no history).
    this.plansAt = groupBy(
      input.evidence.actionPlans.filter((plan) => plan.recordedOn <= input.referenceDate),
      targetOf,
    );
    this.certificatesAt = groupBy(
      input.evidence.certificates.filter((c) => c.scope !== 'DELIVERY' && isValidOn(c, input.referenceDate)),
      targetOf,
    );
    for (const gap of input.gaps) this.gapShares.set(gap.nodeId, (this.gapShares.get(gap.nodeId) ?? 0) + gap.share);
    for (const complaint of input.evidence.complaints) {
      if (complaint.receivedOn > input.referenceDate) continue;
      const themes = this.complaintsAt.get(complaint.site.id) ?? new Map<RiskTheme, boolean>();
      const mitigable = !unmitigableComplaintStatuses.includes(complaint.status);
      for (const theme of complaint.themes) themes.set(theme, (themes.get(theme) ?? true) && mitigable);
      this.complaintsAt.set(complaint.site.id, themes);
    }
  }

  /** Whether a node has a gap, assessment, plan or certificate of its own, beyond its country's or area's. */
  hasOwnEvidence(id: string): boolean {
    return (
      this.gapShares.has(id) ||
      this.current.independent.has(id) ||
      this.current.self.has(id) ||
      this.complaintsAt.has(id) ||
      this.plansAt.has(id) ||
      this.certificatesAt.has(id)
    );
  }

  nodeRisks(node: ChainNodeRecord): RiskRecord[] {
    const assessed = inherited(this.current, nodeTargets(node));
    const gapShare = this.gapShares.get(node.id);
    const risks = [...assessed.values()]
      .filter((a) => gapShare === undefined || a.theme !== 'UNKNOWN_ORIGIN')
      .map((a) => this.fromAssessment(node.id, a));
    if (gapShare !== undefined) {
      const assessedOrigin = assessed.get('UNKNOWN_ORIGIN');
      risks.push(
        assessedOrigin && rank(assessedOrigin.level) > rank(gapLevel)
          ? this.fromAssessment(node.id, assessedOrigin, gapShare)
          : this.riskAt(node.id, 'UNKNOWN_ORIGIN', gapLevel, 'TRACE_GAP', assessedOrigin ?? null, gapShare),
      );
    }
    return this.withComplaints(node.id, risks).sort(byRiskOrder);
  }

  /**
   * The risks at a site raised by the admitted complaints about it: each theme they name is at
   * least HIGH (basis COMPLAINT unless an assessment says worse), and, while the committee handles
   * a complaint, its residual level is too. A gap's risk is HIGH and never lowered already.
   */
  private withComplaints(siteId: string, risks: RiskRecord[]): RiskRecord[] {
    const complaints = this.complaintsAt.get(siteId);
    if (!complaints) return risks;
    const byTheme = new Map(risks.map((risk) => [risk.theme, risk]));
    for (const [theme, mitigable] of complaints) {
      const standing = byTheme.get(theme);
      if (standing?.gapShare != null) continue;
      const raised =
        standing && rank(standing.level) > rank(complaintLevel)
          ? standing
          : this.riskAt(siteId, theme, complaintLevel, 'COMPLAINT', standing?.assessment ?? null, null);
      byTheme.set(
        theme,
        mitigable || rank(raised.residualLevel) >= rank(complaintLevel)
          ? raised
          : { ...raised, residualLevel: complaintLevel },
      );
    }
    return [...byTheme.values()];
  }

  linkRisks(link: SupplyLinkRecord): RiskRecord[] {
    return [...inherited(this.current, [link.id]).values()]
      .map((a) => this.fromAssessment(link.id, a))
      .sort(byRiskOrder);
  }

  private fromAssessment(
    targetId: string,
    assessment: RiskAssessmentRecord,
    gapShare: number | null = null,
  ): RiskRecord {
    return this.riskAt(targetId, assessment.theme, assessment.level, assessment.targetKind, assessment, gapShare);
  }

  private riskAt(
    targetId: string,
    theme: RiskTheme,
    level: RiskLevel,
    basis: RiskBasis,
    assessment: RiskAssessmentRecord | null,
    gapShare: number | null,
  ): RiskRecord {
    const actionPlans = (this.plansAt.get(targetId) ?? []).filter((plan) => plan.themes.includes(theme));
    const certificates = (this.certificatesAt.get(targetId) ?? []).filter((certificate) =>
      certificate.themes.includes(theme),
    );
    const mitigated =
      gapShare === null && (actionPlans.some((plan) => plan.status === 'DONE') || certificates.length > 0);
    return {
      theme,
      level,
      residualLevel: mitigated ? lowered(level) : level,
      basis,
      assessment,
      gapShare,
      actionPlans,
      certificates,
    };
  }
}

/** A delivery's declared origin that the trace contradicts: rule 5 above. */
const declaredOriginRisk: RiskRecord = {
  theme: 'UNKNOWN_ORIGIN',
  level: 'SEVERE',
  residualLevel: 'SEVERE',
  basis: 'DECLARED_ORIGIN',
  assessment: null,
  gapShare: null,
  actionPlans: [],
  certificates: [],
};

/** The paths mass takes: per delivery where a delivery carries a risk of its own, else the project's. */
function massPaths(input: ExposureInput): { leaves: ShareLeaf[]; paths: PathIndex } {
  if (!input.originMismatches?.length || !input.deliveryLeaves)
    return { leaves: input.leaves, paths: indexPaths(input.leaves) };
  const perDelivery = input.deliveryLeaves();
  const leaves = perDelivery.flatMap((delivery) => delivery.leaves);
  const owners = perDelivery.flatMap((delivery) => delivery.leaves.map(() => delivery.deliveryId));
  return { leaves, paths: indexPaths(leaves, owners) };
}

export function assessExposure(input: ExposureInput): Exposure {
  const evidence = new EvidenceOnDate(input);
  const { leaves, paths } = massPaths(input);
  // A path runs through a node or link (or belongs to a delivery) at most once, so the shares of its paths add up without double counting.
  const shareThrough = (id: string) =>
    roundShare((paths.through.get(id) ?? []).reduce((sum, leaf) => sum + (leaves[leaf]?.share ?? 0), 0));
  // A node with no gap, assessment, plan or certificate of its own (most suppliers of a wide
  // importer) carries exactly its country's or area's risks: those are worked out once per area.
  const areaRisks = new Map<string, RiskRecord[]>();
  const risksOf = (node: ChainNodeRecord): RiskRecord[] => {
    if (evidence.hasOwnEvidence(node.id)) return evidence.nodeRisks(node);
    const area = nodeTargets(node).slice(0, -1).join('\u0000');
    const risks = areaRisks.get(area) ?? evidence.nodeRisks(node);
    areaRisks.set(area, risks);
    return risks;
  };
  const locations = [
    ...input.nodes.map((node): RiskLocationRecord => ({
      node,
      link: null,
      delivery: null,
      share: shareThrough(node.id),
      risks: risksOf(node),
    })),
    ...input.links.map((link): RiskLocationRecord => ({
      node: null,
      link,
      delivery: null,
      share: shareThrough(link.id),
      risks: evidence.linkRisks(link),
    })),
    ...(input.originMismatches ?? []).map((delivery): RiskLocationRecord => ({
      node: null,
      link: null,
      delivery,
      share: shareThrough(delivery.id),
      risks: [declaredOriginRisk],
    })),
  ];
  return { locations, summary: summarise(locations, leaves, paths) };
}

/** Which paths (leaves, by index) run through each node and link, and which gap paths end at each node. */
interface PathIndex {
  through: Map<string, number[]>;
  endingInGap: Map<string, number[]>;
}

/** `deliveryIds`: per leaf, the delivery its mass belongs to, when leaves are per delivery. */
function indexPaths(leaves: ShareLeaf[], deliveryIds?: string[]): PathIndex {
  const through = new Map<string, number[]>();
  const endingInGap = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, id: string, leaf: number) => {
    const list = map.get(id);
    if (list) list.push(leaf);
    else map.set(id, [leaf]);
  };
  leaves.forEach((leaf, i) => {
    for (const id of leaf.nodeIds) add(through, id, i);
    for (const id of leaf.linkIds) add(through, id, i);
    if (deliveryIds) add(through, deliveryIds[i] as string, i);
    if (leaf.gap) add(endingInGap, leaf.nodeIds[0] as string, i);
  });
  return { through, endingInGap };
}

/** The share of delivered mass on the given lists of paths, each path counted once however many lists hold it. */
function massOn(leaves: ShareLeaf[], pathLists: number[][]): number {
  const counted = new Uint8Array(leaves.length);
  let sum = 0;
  for (const list of pathLists) {
    for (const i of list) {
      if (counted[i]) continue;
      counted[i] = 1;
      sum += leaves[i]?.share ?? 0;
    }
  }
  return sum;
}

const locationId = (location: RiskLocationRecord): string =>
  location.node?.id ?? location.link?.id ?? location.delivery?.id ?? '';

/**
 * A location's risk touches the paths running through it. A gap no assessment speaks to touches
 * only the mass ending there.
 */
const pathsTouched = (paths: PathIndex, location: RiskLocationRecord, risk: RiskRecord): number[] =>
  (risk.gapShare !== null && risk.assessment === null ? paths.endingInGap : paths.through).get(locationId(location)) ??
  [];

function summarise(locations: RiskLocationRecord[], leaves: ShareLeaf[], paths: PathIndex): ThemeRiskSummaryRecord[] {
  const carryingByTheme = groupBy(
    locations.flatMap((location) => location.risks.map((risk) => ({ location, risk }))),
    ({ risk }) => risk.theme,
  );
  const summaries: ThemeRiskSummaryRecord[] = [];
  for (const theme of riskThemes) {
    const carrying = carryingByTheme.get(theme);
    if (!carrying) continue;
    const highest = carrying.reduce(
      (top, { risk }) => (rank(risk.residualLevel) > rank(top) ? risk.residualLevel : top),
      'LOW' as RiskLevel,
    );
    const atHighest = carrying.filter(({ risk }) => risk.residualLevel === highest);
    const evidence = new Map<string, RiskAssessmentRecord>();
    for (const { risk } of carrying) if (risk.assessment) evidence.set(risk.assessment.id, risk.assessment);
    summaries.push({
      theme,
      highestResidualLevel: highest,
      locations: atHighest.map(({ location }) => location),
      share: roundShare(
        massOn(
          leaves,
          atHighest.map(({ location, risk }) => pathsTouched(paths, location, risk)),
        ),
      ),
      evidence: [...evidence.values()].sort((a, b) => rank(b.level) - rank(a.level) || a.id.localeCompare(b.id)),
    });
  }
  return summaries.sort((a, b) => rank(b.highestResidualLevel) - rank(a.highestResidualLevel) || b.share - a.share);
}
