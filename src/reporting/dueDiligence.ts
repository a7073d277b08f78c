import type { Viewer } from '../auth/viewer.js';
import type { ChainNodeRecord, DeliveryRecord, ProjectRecord } from '../registry/records.js';
import type { RiskLocationRecord, ThemeRiskSummaryRecord } from '../risk/exposure.js';
import { yieldIfLarge } from '../shared/eventLoop.js';
import { roundShare } from '../trace/compute.js';
import { NO_DUE_DATE, type ActionPlanRecord, type CertificateRecord } from '../risk/records.js';
import type { TraceRecord, TraceService } from '../trace/service.js';
import { traceEvidence, traceRisks } from '../risk/traceRisks.js';
import { areaShares, countryShares, originMismatches, type OriginMismatchRecord } from '../trace/declaredOrigin.js';
import type { ProjectComplaintRecord, ProjectComplaints } from './complaints.js';

export interface DueDiligenceRecord {
  project: ProjectRecord;
  generatedAt: string;
  referenceDate: string;
  dataVersion: string;
  origins: {
    tracedShare: number;
    countries: { country: string; share: number }[];
    areas: { country: string; region: string; share: number }[];
    quarries: TraceRecord['origins'];
  };
  deliveries: DeliveryRecord[];
  /** The deliveries whose declared origin the trace contradicts, largest share first. */
  originMismatches: OriginMismatchRecord[];
  /** Every distinct path the delivered mass took, to a quarry or to a gap, largest first. */
  paths: ChainPathRecord[];
  risks: ThemeRiskSummaryRecord[];
  /** Every site and link of the trace with its risks, each with its level and residual level. */
  sites: RiskLocationRecord[];
  gaps: TraceRecord['gaps'];
  measures: { actionPlans: ActionPlanRecord[]; certificates: CertificateRecord[] };
  trace: TraceRecord;
}

/** The report as the project page and the printable report show it: with the complaints on the project. */
export interface DueDiligencePageRecord extends DueDiligenceRecord {
  complaints: ProjectComplaintRecord[];
}

export interface ChainPathRecord {
  /** The quarry, or the site where tracing stops, first; the delivering importer last. */
  nodes: ChainNodeRecord[];
  share: number;
  gap: boolean;
}

const planOrder: Record<ActionPlanRecord['status'], number> = { PLANNED: 0, IN_PROGRESS: 0, DONE: 1 };

/**
 * The buyer's three questions answered from one trace (one Cypher round trip): the trace already
 * carries origins, risks with their evidence, and the plans and certificates found on it.
 */
export class DueDiligence {
  constructor(
    private readonly traces: TraceService,
    private readonly projectComplaints: ProjectComplaints,
  ) {}

  /** The admitted complaints whose notice reached the project, as `viewer` may read them. */
  complaints(viewer: Viewer, projectId: string): Promise<ProjectComplaintRecord[]> {
    return this.projectComplaints.of(viewer, projectId);
  }

  /** The report and the project's complaints, read side by side: each statement checks the project's visibility. */
  async page(
    viewer: Viewer,
    projectId: string,
    knownDataVersion: number | null = null,
  ): Promise<DueDiligencePageRecord> {
    const [report, complaints] = await Promise.all([
      this.report(viewer, projectId, knownDataVersion),
      this.complaints(viewer, projectId),
    ]);
    return { ...report, complaints };
  }

  /** `knownDataVersion`: one already read during this request (see RequestContext). */
  async report(viewer: Viewer, projectId: string, knownDataVersion: number | null = null): Promise<DueDiligenceRecord> {
    const trace = await this.traces.trace(viewer, projectId, null, true, knownDataVersion);
    let derived = derivedFromTrace.get(trace);
    if (!derived) {
      derived = await derive(trace);
      derivedFromTrace.set(trace, derived);
    }
    return { ...derived, generatedAt: new Date().toISOString() };
  }
}

/**
 * Everything in a report but the time it was made, kept with its trace: a trace served from the
 * cache serves its report without working it out again (on a trace of 2,000 suppliers that work
 * made most of a cache hit's CPU and garbage).
 */
const derivedFromTrace = new WeakMap<TraceRecord, Omit<DueDiligenceRecord, 'generatedAt'>>();

async function derive(trace: TraceRecord): Promise<Omit<DueDiligenceRecord, 'generatedAt'>> {
  // Each of the trace's fingerprint, risks and evidence is a step of its own on a large trace.
  const size = trace.nodes.length + trace.links.length;
  await yieldIfLarge(size);
  const dataVersion = trace.dataVersion();
  await yieldIfLarge(size);
  const risks = traceRisks(trace);
  await yieldIfLarge(size);
  return {
    project: trace.project,
    referenceDate: trace.referenceDate,
    dataVersion,
    origins: {
      tracedShare: trace.tracedShare,
      countries: countryShares(trace.origins),
      areas: areaShares(trace.origins),
      quarries: trace.origins,
    },
    deliveries: trace.deliveries,
    originMismatches: originMismatches(trace),
    paths: chainPaths(trace),
    risks: risks.summary,
    sites: risks.locations,
    gaps: trace.gaps,
    measures: {
      actionPlans: unique(traceEvidence(trace).actionPlans).sort(
        (a, b) =>
          planOrder[a.status] - planOrder[b.status] ||
          (a.dueDate ?? NO_DUE_DATE).localeCompare(b.dueDate ?? NO_DUE_DATE) ||
          a.id.localeCompare(b.id),
      ),
      certificates: unique(traceEvidence(trace).certificates).sort(
        (a, b) => a.validTo.localeCompare(b.validTo) || a.id.localeCompare(b.id),
      ),
    },
    trace,
  };
}

/** The paths to quarries and to gaps alike, as the risk rules weigh them (the trace's leaves). */
function chainPaths(trace: TraceRecord): ChainPathRecord[] {
  const nodes = new Map(trace.nodes.map((node) => [node.id, node]));
  return trace
    .evidence()
    .leaves.map((leaf) => ({
      nodes: leaf.nodeIds.flatMap((id) => nodes.get(id) ?? []),
      share: roundShare(leaf.share),
      gap: leaf.gap,
    }))
    .sort((a, b) => b.share - a.share);
}

const unique = <T extends { id: string }>(records: T[]): T[] => [...new Map(records.map((r) => [r.id, r])).values()];
