import type { Integer, Node } from 'neo4j-driver';
import { cypher } from '../db/graph.js';

export interface PageParams {
  limit: Integer;
  afterName: string | null;
  afterId: string | null;
}

export const projectById = cypher<{ id: string }, { project: Node; buyer: Node }>(
  'project_by_id',
  `MATCH (project:Project {id: $id})-[:COMMISSIONED_BY]->(buyer:Buyer)
   RETURN project, buyer`,
);

// Both pages return exactly one row, also when empty, with the filtered total beside the page.
export const projectsPage = cypher<PageParams, { totalCount: number; page: { project: Node; buyer: Node }[] }>(
  'projects_page',
  `CALL () { MATCH (project:Project) RETURN count(project) AS totalCount }
   CALL () {
     MATCH (project:Project)
     WHERE $afterName IS NULL OR project.name > $afterName OR (project.name = $afterName AND project.id > $afterId)
     MATCH (project)-[:COMMISSIONED_BY]->(buyer:Buyer)
     WITH project, buyer ORDER BY project.name, project.id LIMIT $limit
     RETURN collect({project: project, buyer: buyer}) AS page
   }
   RETURN totalCount, page`,
);

export const quarryById = cypher<{ id: string }, { quarry: Node }>(
  'quarry_by_id',
  'MATCH (quarry:Quarry {id: $id}) RETURN quarry',
);

export interface QuarryFilter {
  country: string | null;
  stoneType: string | null;
}

export const quarriesPage = cypher<PageParams & QuarryFilter, { totalCount: number; page: Node[] }>(
  'quarries_page',
  `CALL () {
     MATCH (quarry:Quarry)
     WHERE ($country IS NULL OR quarry.country = $country) AND ($stoneType IS NULL OR $stoneType IN quarry.stoneTypes)
     RETURN count(quarry) AS totalCount
   }
   CALL () {
     MATCH (quarry:Quarry)
     WHERE ($country IS NULL OR quarry.country = $country) AND ($stoneType IS NULL OR $stoneType IN quarry.stoneTypes)
       AND ($afterName IS NULL OR quarry.name > $afterName OR (quarry.name = $afterName AND quarry.id > $afterId))
     WITH quarry ORDER BY quarry.name, quarry.id LIMIT $limit
     RETURN collect(quarry) AS page
   }
   RETURN totalCount, page`,
);

export const deliveriesOfProjects = cypher<
  { projectIds: string[] },
  { projectId: string; deliveries: { delivery: Node; importer: Node }[] }
>(
  'deliveries_of_projects',
  `UNWIND $projectIds AS projectId
   MATCH (delivery:Delivery)-[:FOR_PROJECT]->(:Project {id: projectId})
   MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
   WITH projectId, delivery, importer ORDER BY delivery.deliveredOn, delivery.id
   RETURN projectId, collect({delivery: delivery, importer: importer}) AS deliveries`,
);
