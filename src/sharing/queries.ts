import type { Node } from 'neo4j-driver';
import { cypher } from '../db/graph.js';
import type { PageParams } from '../shared/pagination.js';

/**
 * A project's links, the newest first, with the project's buyer (who may see them is decided on
 * it); no row when the project does not exist. Pages go by (createdAt, id), descending.
 */
export const linksPage = cypher<
  { projectId: string } & PageParams,
  { buyerId: string; totalCount: number; page: Node[] }
>(
  'report_links_page',
  `MATCH (project:Project {id: $projectId})-[:COMMISSIONED_BY]->(buyer:Buyer)
   CALL (project) { MATCH (link:ReportLink)-[:OPENS]->(project) RETURN count(link) AS totalCount }
   CALL (project) {
     MATCH (link:ReportLink)-[:OPENS]->(project)
     WHERE $afterKey IS NULL OR link.createdAt < datetime($afterKey) OR (link.createdAt = datetime($afterKey) AND link.id < $afterId)
     WITH link ORDER BY link.createdAt DESC, link.id DESC LIMIT $limit
     RETURN collect(link) AS page
   }
   RETURN buyer.id AS buyerId, totalCount, page`,
);

/** What a link's token opens: the link, its project and the project's buyer today. */
export const linkByToken = cypher<{ tokenHash: string }, { link: Node; projectId: string; buyerId: string }>(
  'report_link_by_token',
  `MATCH (link:ReportLink {tokenHash: $tokenHash})-[:OPENS]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
   RETURN link, project.id AS projectId, buyer.id AS buyerId`,
);
