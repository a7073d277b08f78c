import type { Node } from 'neo4j-driver';
import type { ViewerParam } from '../auth/viewer.js';
import type { Visibility } from '../auth/visibility.js';
import { checkDepth, cypher, type CypherQuery } from '../db/graph.js';
import { resolvedSiteId } from '../registry/queries.js';
import type { TraceLinkRow } from '../trace/query.js';

export interface DownstreamParams {
  viewer: ViewerParam;
  siteId: string;
  asOf: string | null;
  leadTimeDays: number;
}

/** What lies between the site and the importers for one stone type it supplies. */
export interface DownstreamRegionRow {
  stoneType: string;
  /** Every link of the stone type into a node the walk reached, other than the site: all a trace weighs there. */
  links: TraceLinkRow[];
  /** The nodes the walk reached and the suppliers of those links. */
  nodes: Node[];
}

export interface DownstreamDeliveryRow {
  delivery: Node;
  importer: Node;
  /** Whether the walk from the site reached its importer through links of its stone type. */
  followed: boolean;
  /** The delivery's window (see traceQuery): `asOf`, else its date, and the lead time before. */
  windowStart: unknown;
  windowEnd: unknown;
}

/** A project some of whose stone may have passed through the site, with every delivery the viewer sees. */
export interface DownstreamProjectRow {
  project: Node;
  buyer: Node;
  deliveries: DownstreamDeliveryRow[];
}

export interface DownstreamRow {
  site: Node;
  regions: DownstreamRegionRow[];
  projects: DownstreamProjectRow[];
}

/** A link of the walk's stone type that, with `asOf`, is valid in the window every delivery is then traced in. */
const validAsOf = `($asOf IS NULL
                  OR (link.validFrom <= date($asOf)
                      AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))`;

/**
 * One step of the breadth-first search downstream from the site, per stone type: from the nodes
 * reached in the step before to their customers over links of that stone type (which a trace of a
 * delivery of that stone type follows) and, with `asOf`, valid then. Without `asOf` each delivery
 * has its own window, which is applied to the links afterwards, per delivery.
 */
const downstreamLevel = `CALL (frontier, reached, stoneType) {
           UNWIND frontier AS supplier
           MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
           WHERE ${validAsOf}
             AND NOT customer IN reached
           RETURN collect(DISTINCT customer) AS next
         }
         WITH site, stoneType, next AS frontier, reached + next AS reached`;

/**
 * Where the stone that passed through one quarry or processor went, in one round trip
 * (docs/trace-and-risk.md, "Downstream").
 *
 * Per stone type the site supplies, a breadth-first search walks downstream from it `maxDepth`
 * links deep (a trace follows at most that many from an importer). Every trace path through the
 * site lies among the nodes it reaches, so the links into those nodes (but the site) are all a
 * trace weighs on its way from an importer to the site: the region. What lies beyond the site
 * does not change how much reaches it, so it is not read. The importers reached give the
 * deliveries of that stone type the viewer sees, and those the projects. For each project, every
 * delivery the viewer sees comes back too, with its window: the project's delivered mass is what
 * shares are fractions of, as in its trace.
 *
 * The site must be one the viewer sees; an importer yields nothing (its deliveries are
 * `Importer.deliveries`). A delivery the viewer sees goes to a project it sees (a MEMBER: its own
 * deliveries; a BUYER: those to its projects).
 */
export function downstreamQuery(maxDepth: number, visible: Visibility): CypherQuery<DownstreamParams, DownstreamRow> {
  checkDepth(maxDepth);
  return cypher(
    'site_downstream',
    `${resolvedSiteId('$siteId', 'siteIdNow')}
     MATCH (site:ChainNode {id: siteIdNow})
     WHERE ${visible.chainNode('site')}
     CALL (site) {
       MATCH (site)<-[:SUPPLIER]-(out:SupplyLink)
       WHERE NOT site:Importer
       WITH DISTINCT site, out.stoneType AS stoneType
       WITH site, stoneType, [site] AS frontier, [site] AS reached
       ${Array.from({ length: maxDepth }, () => downstreamLevel).join('\n         ')}
       CALL (site, stoneType, reached) {
         UNWIND reached AS customer
         MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink {stoneType: stoneType})-[:SUPPLIER]->(supplier)
         WHERE customer <> site AND ${validAsOf}
         RETURN collect({link: link, supplierId: supplier.id, customerId: customer.id}) AS links,
                collect(DISTINCT supplier) AS suppliers
       }
       CALL (stoneType, reached) {
         UNWIND reached AS importer
         MATCH (importer:Importer)<-[:DELIVERED_BY]-(delivery:Delivery {stoneType: stoneType})-[:FOR_PROJECT]->(project:Project)
         WHERE ${visible.delivery('delivery')}
         RETURN collect(delivery.id) AS followedIds, collect(DISTINCT project) AS projects
       }
       RETURN collect({stoneType: stoneType, links: links, nodes: reached + suppliers}) AS regions,
              reduce(all = [], ids IN collect(followedIds) | all + ids) AS followedIds,
              reduce(all = [], found IN collect(projects) | all + found) AS reachedProjects
     }
     CALL (followedIds, reachedProjects) {
       UNWIND reachedProjects AS project
       WITH DISTINCT project
       MATCH (project)-[:COMMISSIONED_BY]->(buyer:Buyer)
       CALL (project, followedIds) {
         MATCH (delivery:Delivery)-[:FOR_PROJECT]->(project)
         WHERE ${visible.delivery('delivery')}
         MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
         WITH delivery, importer, coalesce(date($asOf), delivery.deliveredOn) AS windowEnd
         ORDER BY delivery.deliveredOn, delivery.id
         RETURN collect({delivery: delivery, importer: importer, followed: delivery.id IN followedIds,
                         windowStart: windowEnd - duration({days: $leadTimeDays}), windowEnd: windowEnd}) AS deliveries
       }
       RETURN collect({project: project, buyer: buyer, deliveries: deliveries}) AS projects
     }
     RETURN site, regions, projects`,
  );
}
