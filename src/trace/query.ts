import type { Node } from 'neo4j-driver';
import type { ViewerParam } from '../auth/viewer.js';
import type { Visibility } from '../auth/visibility.js';
import { cypher, type CypherQuery } from '../db/graph.js';

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

/**
 * What the evidence part of the trace query yields. The part is Cypher given by the domain that
 * judges the trace (risk); the trace only carries what it read.
 */
export interface TraceEvidenceRow {
  /** COUNTRY assessments of the trace's countries and QUARRY_AREA assessments of its quarries' areas. */
  areaAssessments: Node[];
  /** Assessments, action plans and certificates attached to the trace's nodes, links and deliveries. */
  evidence: { item: Node; targetId: string; organisation: Node | null }[];
}

export interface TraceRow extends TraceEvidenceRow {
  /** The data version (see Graph.dataVersion) read before anything else: the row is at least that recent. */
  dataVersion: number | null;
  project: Node;
  buyer: Node;
  deliveries: TraceDeliveryRow[];
  suppliers: Node[];
}

/** A supply link a delivery's mass can have come through: its stone type, valid in the delivery's window. */
const qualifyingLink = `link.stoneType = delivery.stoneType
           AND link.validFrom <= windowEnd
           AND (link.validTo IS NULL OR link.validTo >= windowStart)`;

/**
 * `levels` steps of a breadth-first search upstream from the importer through qualifying links:
 * each step expands only the nodes reached in the step before, so every node is expanded once.
 * Enumerating paths instead (a quantified path pattern) grows with their number, exponentially in
 * a mesh of processors that supply each other. After the steps, `reached` holds every node within
 * `levels` links of the importer.
 */
function breadthFirstLevels(levels: number): string {
  const level = `CALL (frontier, reached, delivery, windowStart, windowEnd) {
           UNWIND frontier AS customer
           MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
           WHERE ${qualifyingLink} AND NOT supplier IN reached
           RETURN collect(DISTINCT supplier) AS next
         }
         WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached`;
  return Array.from({ length: levels }, () => level).join('\n         ');
}

/**
 * A `CALL` that yields, for `project` in scope, `deliveries`: the deliveries the viewer sees (a
 * MEMBER: its own), oldest first, each with its importer and the qualifying links upstream of it
 * (TraceLinkRow), and `suppliers`: the nodes those links come from. Needs `$asOf` and `$leadTimeDays`.
 */
function projectDeliveriesPart(maxDepth: number, visible: Visibility): string {
  if (!Number.isInteger(maxDepth) || maxDepth < 1) throw new Error(`invalid trace depth ${maxDepth}`);
  return `CALL (project) {
       MATCH (delivery:Delivery)-[:FOR_PROJECT]->(project)
       WHERE ${visible.delivery('delivery')}
       MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
       WITH delivery, importer, coalesce(date($asOf), delivery.deliveredOn) AS windowEnd
       WITH delivery, importer, windowEnd, windowEnd - duration({days: $leadTimeDays}) AS windowStart
       CALL (delivery, importer, windowStart, windowEnd) {
         WITH [importer] AS frontier, [importer] AS reached
         ${breadthFirstLevels(maxDepth - 1)}
         UNWIND reached AS customer
         MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
         WHERE ${qualifyingLink}
         RETURN collect({link: link, supplierId: supplier.id, customerId: customer.id}) AS links,
                collect(DISTINCT supplier) AS suppliers
       }
       WITH delivery, importer, links, suppliers ORDER BY delivery.deliveredOn, delivery.id
       RETURN collect({delivery: delivery, importer: importer, links: links}) AS deliveries,
              reduce(all = [], s IN collect(suppliers) | all + s) AS suppliers
     }`;
}

/**
 * The whole trace in one round trip: per delivery, every supply link reachable upstream from the
 * delivering importer through links of the delivered stone type whose validity overlaps the
 * delivery's window, up to the depth limit: the links whose customer lies within `maxDepth - 1`
 * links of the importer (found breadth first), which are exactly the links on some path of at most
 * `maxDepth` links. Shares are computed from this sub-graph in
 * `computeShares`, since they depend on each path's own history (which links lead back into it).
 *
 * With an `evidencePart`, the same round trip brings the risk evidence of every reached node, link
 * and delivery; that about doubles the query's cost, so a trace asked only for origins goes without.
 * The part runs last, with `deliveries` (each with its importer and links) and `suppliers` in scope,
 * and yields `areaAssessments` and `evidence` (TraceEvidenceRow).
 *
 * Only a project the viewer may see is traced, from the deliveries it may see (a MEMBER: its own).
 * Several projects are traced in the same round trip, one row each (a list of projects with their
 * traces costs one query for all of them).
 *
 * The depth limit is a validated integer from configuration, never request input: the search's
 * steps are written into the text once at start-up.
 */
export function traceQuery(maxDepth: number, visible: Visibility, evidencePart: string | null): CypherQuery<TraceParams, TraceRow> {
  return cypher(
    evidencePart ? 'project_trace_with_risks' : 'project_trace',
    `OPTIONAL MATCH (version:DataVersion {id: 'graph'})
     WITH version.value AS dataVersion
     UNWIND $projectIds AS projectId
     MATCH (project:Project {id: projectId})-[:COMMISSIONED_BY]->(buyer:Buyer)
     WHERE ${visible.project('project')}
     ${projectDeliveriesPart(maxDepth, visible)}
     ${evidencePart ?? 'WITH *, [] AS areaAssessments, [] AS evidence'}
     RETURN dataVersion, project, buyer, deliveries, suppliers, areaAssessments, evidence`,
  );
}
