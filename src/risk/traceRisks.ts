import { originMismatches } from '../trace/declaredOrigin.js';
import type { TraceRecord } from '../trace/service.js';
import { assessExposure, type Exposure, type TraceEvidence } from './exposure.js';
import { toTraceEvidence } from './traceEvidence.js';

/**
 * The risk rules applied to a trace read with its evidence. Both are worked out on first use and
 * kept with the trace record (which the trace cache may share between requests): a trace asked
 * only where the stone comes from pays for neither.
 */
const judged = new WeakMap<TraceRecord, { evidence: TraceEvidence; exposure?: Exposure }>();

function judgement(trace: TraceRecord): { evidence: TraceEvidence; exposure?: Exposure } {
  let entry = judged.get(trace);
  if (!entry) {
    const { row, lookup } = trace.evidence();
    entry = { evidence: toTraceEvidence(row, lookup, trace.referenceDate) };
    judged.set(trace, entry);
  }
  return entry;
}

/** The assessments, plans and certificates found on the trace (and its deliveries). */
export const traceEvidence = (trace: TraceRecord): TraceEvidence => judgement(trace).evidence;

/** Risks on every node and link of the trace, and the per-theme summary. */
export function traceRisks(trace: TraceRecord): Exposure {
  const entry = judgement(trace);
  const { leaves, gaps } = trace.evidence();
  entry.exposure ??= assessExposure({
    nodes: trace.nodes,
    links: trace.links,
    leaves,
    gaps,
    evidence: entry.evidence,
    referenceDate: trace.referenceDate,
    originMismatches: originMismatches(trace).map((mismatch) => mismatch.delivery),
    deliveryLeaves: () =>
      trace.deliveryTraces().map(({ delivery, projectShare, leaves }) => ({
        deliveryId: delivery.id,
        leaves: leaves.map((leaf) => ({ ...leaf, share: leaf.share * projectShare })),
      })),
  });
  return entry.exposure;
}
