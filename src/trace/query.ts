import type { Node } from 'neo4j-driver';
import type { ViewerParam } from '../auth/viewer.js';
import type { Visibility } from '../auth/visibility.js';
import { cypher, type CypherQuery } from '../db/graph.js';
import { traceEvidenceSubquery, type TraceEvidenceRow } from '../risk/traceEvidence.js';

export interface TraceParams {
  viewer: ViewerParam;
  projectIds: string[];
  asOf: string | null;
  leadTimeDays: number;
}

export interface TraceLinkRow {
  link: Node;
  supplierId: string;
  customerId: string;
}

export interface TraceDeliveryRow {
  delivery: Node;
  importer: Node;
  links: TraceLinkRow[];
}

export interface TraceRow extends TraceEvidenceRow {
  /** The data version (see Graph.dataVersion) read before anything else: the row is at least that recent. */
  dataVersion: number | null;
  project: Node;
  buyer: Node;
  deliveries: TraceDeliveryRow[];
  suppliers: Node[];
}

/**
 * The whole trace in one round trip: per delivery, every supply link reachable upstream from the
 * delivering importer through links of the delivered stone type whose validity overlaps the
 * delivery's window, up to the depth limit. Shares are computed from this sub-graph in
 * `computeShares`, since they depend on each path's own history (which links lead back into it).
 *
 * With `withRisks`, the same round trip brings the risk evidence of every reached node, link and
 * delivery; that about doubles the query's cost, so a trace asked only for origins goes without.
 *
 * Only a project the viewer may see is traced, from the deliveries it may see (a MEMBER: its own).
 * Several projects are traced in the same round trip, one row each (a list of projects with their
 * traces costs one query for all of them).
 *
 * Cypher takes no parameter for a quantifier, so the depth limit (a validated integer from
 * configuration, never request input) is written into the text once at start-up.
 */
export function traceQuery(maxDepth: number, visible: Visibility, withRisks: boolean): CypherQuery<TraceParams, TraceRow> {
  if (!Number.isInteger(maxDepth) || maxDepth < 1) throw new Error(`invalid trace depth ${maxDepth}`);
  return cypher(
    withRisks ? 'project_trace_with_risks' : 'project_trace',
    `OPTIONAL MATCH (version:DataVersion {id: 'graph'})
     WITH version.value AS dataVersion
     UNWIND $projectIds AS projectId
     MATCH (project:Project {id: projectId})-[:COMMISSIONED_BY]->(buyer:Buyer)
     WHERE ${visible.project('project')}
     CALL (project) {
       MATCH (delivery:Delivery)-[:FOR_PROJECT]->(project)
       WHERE ${visible.delivery('delivery')}
       MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
       WITH delivery, importer, coalesce(date($asOf), delivery.deliveredOn) AS windowEnd
       WITH delivery, importer, windowEnd, windowEnd - duration({days: $leadTimeDays}) AS windowStart
       CALL (delivery, importer, windowStart, windowEnd) {
         MATCH (importer) ((customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
           WHERE link.stoneType = delivery.stoneType
             AND link.validFrom <= windowEnd
             AND (link.validTo IS NULL OR link.validTo >= windowStart)){1,${maxDepth}} ()
         UNWIND range(0, size(link) - 1) AS hop
         WITH DISTINCT link[hop] AS link, customer[hop] AS customer, supplier[hop] AS supplier
         RETURN collect({link: link, supplierId: supplier.id, customerId: customer.id}) AS links,
                collect(supplier) AS suppliers
       }
       WITH delivery, importer, links, suppliers ORDER BY delivery.deliveredOn, delivery.id
       RETURN collect({delivery: delivery, importer: importer, links: links}) AS deliveries,
              reduce(all = [], s IN collect(suppliers) | all + s) AS suppliers
     }
     ${withRisks ? traceEvidenceSubquery : 'WITH *, [] AS areaAssessments, [] AS evidence'}
     RETURN dataVersion, project, buyer, deliveries, suppliers, areaAssessments, evidence`,
  );
}
