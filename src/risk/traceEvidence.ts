import { toChainNode } from '../registry/records.js';
import type { TraceEvidencePart, TraceEvidenceRow } from '../trace/query.js';
import type { EvidenceLookup } from '../trace/service.js';
import type { TraceEvidence } from './exposure.js';
import { toActionPlan, toCertificate, toComplaintEvidence, toRiskAssessment, type RiskTarget } from './records.js';
import { complaintEvidenceStatuses } from './vocabulary.js';

/**
 * The evidence part of the trace query (handed to TraceService, run after the traversal): with
 * `deliveries` (each with its importer and links) and `suppliers` in scope, collects the evidence
 * of everything reached.
 * The evidence hangs off records the trace may already show; which companies it may name is
 * decided afterwards (`EvidenceLookup.mayName`), from the paths of the trace. A complaint about a
 * site counts only once admitted and until resolved; a complaint in any other status is not read.
 */
const traceEvidenceSubquery = `
  CALL (deliveries, suppliers) {
    // Concatenating each delivery's links onto a growing list would copy it once per delivery.
    WITH suppliers + [d IN deliveries | d.importer] AS sites,
         COLLECT { UNWIND deliveries AS d UNWIND d.links AS row RETURN DISTINCT row.link } AS links,
         [d IN deliveries | d.delivery] AS delivered
    CALL (sites) {
      UNWIND sites AS site
      WITH DISTINCT site.country AS country
      MATCH (assessment:RiskAssessment {targetKind: 'COUNTRY', country: country})
      RETURN collect(assessment) AS countryAssessments
    }
    CALL (sites) {
      UNWIND [site IN sites WHERE site:Quarry] AS quarry
      WITH DISTINCT quarry.country AS country, quarry.region AS region
      MATCH (assessment:RiskAssessment {targetKind: 'QUARRY_AREA', country: country, region: region})
      RETURN collect(assessment) AS quarryAreaAssessments
    }
    CALL (sites, links, delivered) {
      UNWIND sites + links + delivered AS target
      WITH DISTINCT target
      MATCH (target)<-[:ASSESSES|ADDRESSES|COVERS|ABOUT]-(item)
      WHERE NOT item:Complaint OR item.status IN [${complaintEvidenceStatuses.map((status) => `'${status}'`).join(', ')}]
      OPTIONAL MATCH (item)-[:PLANNED_BY|HELD_BY]->(organisation:ChainNode)
      RETURN collect({item: item, targetId: target.id, organisation: organisation}) AS evidence
    }
    RETURN countryAssessments + quarryAreaAssessments AS areaAssessments, evidence
  }`;

/**
 * The evidence as rows of the trace query (`TracePart`s, one branch each of its closing UNION):
 * an assessment or item per row, so that thousands of them do not make one huge record.
 */
const traceEvidenceRows = `
       UNION ALL
       UNWIND areaAssessments AS assessment
       RETURN ['areaAssessment', assessment] AS part
       UNION ALL
       UNWIND evidence AS found
       RETURN ['evidence', found.item, found.targetId, found.organisation] AS part`;

/** What the trace query runs to read a trace's risk evidence (see TraceEvidencePart). */
export const traceEvidencePart: TraceEvidencePart = { subquery: traceEvidenceSubquery, rows: traceEvidenceRows };

/** `referenceDate` is the date certificates' status and plans' overdue flag are judged on. */
export function toTraceEvidence(row: TraceEvidenceRow, lookup: EvidenceLookup, referenceDate: string): TraceEvidence {
  const evidence: TraceEvidence = {
    assessments: row.areaAssessments.map((node) => toRiskAssessment(node)),
    actionPlans: [],
    certificates: [],
    complaints: [],
  };
  for (const { item, targetId, organisation } of row.evidence) {
    const target: RiskTarget = {
      site: lookup.node(targetId),
      link: lookup.link(targetId),
      delivery: lookup.delivery(targetId),
    };
    if (!target.site && !target.link && !target.delivery) continue;
    const named =
      organisation && lookup.mayName(String(organisation.properties.id), targetId) ? toChainNode(organisation) : null;
    if (item.labels.includes('RiskAssessment')) {
      const assessment = toRiskAssessment(item, target);
      const assessor = assessment.assessedBy.organisationId;
      if (assessor !== null && !lookup.mayName(assessor, targetId))
        assessment.assessedBy = { ...assessment.assessedBy, organisationId: null };
      evidence.assessments.push(assessment);
    } else if (item.labels.includes('ActionPlan'))
      evidence.actionPlans.push(toActionPlan(item, named, target, referenceDate));
    else if (item.labels.includes('Certificate'))
      evidence.certificates.push(toCertificate(item, named, target, referenceDate));
    else if (item.labels.includes('Complaint') && target.site)
      evidence.complaints.push(toComplaintEvidence(item, target.site));
  }
  return evidence;
}
