import type { Node } from 'neo4j-driver';
import type { ViewerParam } from '../auth/viewer.js';
import type { Visibility } from '../auth/visibility.js';
import { cypher, type CypherQuery } from '../db/graph.js';
import { projectDeliveriesPart, type TraceDeliveryRow } from '../trace/query.js';

export interface DownstreamParams {
  viewer: ViewerParam;
  siteId: string;
  asOf: string | null;
  leadTimeDays: number;
}

/** A project some of whose stone may have passed through the site, with what its trace is made from. */
export interface DownstreamProjectRow {
  project: Node;
  buyer: Node;
  /** Every delivery the viewer sees; only those that may have passed the site come with their links. */
  deliveries: TraceDeliveryRow[];
  suppliers: Node[];
}

export interface DownstreamRow {
  site: Node;
  projects: DownstreamProjectRow[];
}

/**
 * One step of the breadth-first search downstream from the site, per stone type: from the nodes
 * reached in the step before to their customers over links of that stone type (which a trace of a
 * delivery of that stone type follows) and, with `asOf`, valid in the window every delivery is
 * then traced in. Without `asOf` each delivery has its own window, so validity is left to the
 * traces themselves.
 */
const downstreamLevel = `CALL (frontier, reached, stoneType) {
           UNWIND frontier AS supplier
           MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
           WHERE ($asOf IS NULL
                  OR (link.validFrom <= date($asOf)
                      AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
             AND NOT customer IN reached
           RETURN collect(DISTINCT customer) AS next
         }
         WITH stoneType, next AS frontier, reached + next AS reached`;

/**
 * Where the stone that passed through one quarry or processor went, in one round trip, read as
 * the traces of the projects it reached (docs/trace-and-risk.md, "Downstream").
 *
 * First a breadth-first search downstream from the site, per stone type it supplies, `maxDepth`
 * links deep (a trace follows at most that many from an importer): the importers it reaches and
 * their deliveries of that stone type which the viewer sees. A delivery whose trace runs through
 * the site is always among them, since such a trace is a chain of links of its stone type from the
 * site to its importer. Then, per project of those deliveries, exactly what its trace reads
 * (projectDeliveriesPart): every delivery the viewer sees, for the project's delivered mass, and
 * the qualifying sub-graph of the deliveries found downstream. The shares are then computed as
 * for the trace, and projects whose trace does not run through the site after all are dropped.
 *
 * The site must be one the viewer sees; an importer yields no projects (its deliveries are
 * `Importer.deliveries`). A delivery the viewer sees goes to a project it sees (a MEMBER: its own
 * deliveries; a BUYER: those to its projects).
 */
export function downstreamQuery(maxDepth: number, visible: Visibility): CypherQuery<DownstreamParams, DownstreamRow> {
  if (!Number.isInteger(maxDepth) || maxDepth < 1) throw new Error(`invalid trace depth ${maxDepth}`);
  return cypher(
    'site_downstream',
    `MATCH (site:ChainNode {id: $siteId})
     WHERE ${visible.chainNode('site')}
     CALL (site) {
       MATCH (site)<-[:SUPPLIER]-(out:SupplyLink)
       WHERE NOT site:Importer
       WITH DISTINCT site, out.stoneType AS stoneType
       WITH stoneType, [site] AS frontier, [site] AS reached
       ${Array.from({ length: maxDepth }, () => downstreamLevel).join('\n         ')}
       UNWIND reached AS importer
       MATCH (importer:Importer)<-[:DELIVERED_BY]-(delivery:Delivery {stoneType: stoneType})-[:FOR_PROJECT]->(project:Project)
       WHERE ${visible.delivery('delivery')}
       RETURN collect(DISTINCT delivery.id) AS followedIds, collect(DISTINCT project) AS reachedProjects
     }
     CALL (followedIds, reachedProjects) {
       UNWIND reachedProjects AS project
       MATCH (project)-[:COMMISSIONED_BY]->(buyer:Buyer)
       ${projectDeliveriesPart(maxDepth, visible, { scope: ['followedIds'], condition: 'delivery.id IN followedIds' })}
       RETURN collect({project: project, buyer: buyer, deliveries: deliveries, suppliers: suppliers}) AS projects
     }
     RETURN site, projects`,
  );
}
