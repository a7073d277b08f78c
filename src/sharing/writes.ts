import type { Node } from 'neo4j-driver';
import { cypher } from '../db/graph.js';

export const projectBuyer = cypher<{ projectId: string }, { buyerId: string }>(
  'report_link_project_buyer',
  'MATCH (:Project {id: $projectId})-[:COMMISSIONED_BY]->(buyer:Buyer) RETURN buyer.id AS buyerId',
);

/** MERGEd on an id chosen before the transaction, so a retried transaction makes one link. */
export const createLink = cypher<
  { id: string; tokenHash: string; projectId: string; expiresOn: string; role: string; keyId: string },
  { link: Node }
>(
  'report_link_create',
  `MATCH (project:Project {id: $projectId})
   MERGE (link:ReportLink {id: $id})
     ON CREATE SET link.tokenHash = $tokenHash, link.expiresOn = date($expiresOn), link.createdAt = datetime(),
                   link.createdByRole = $role, link.createdByKeyId = $keyId
   MERGE (link)-[:OPENS]->(project)
   RETURN link`,
);

/** The link, locked for the rest of the transaction, so two revocations do not both write. */
export const linkForChange = cypher<{ id: string }, { link: Node; projectId: string; buyerId: string }>(
  'report_link_for_change',
  `MATCH (link:ReportLink {id: $id})
   SET link._lock = true
   REMOVE link._lock
   WITH link
   MATCH (link)-[:OPENS]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
   RETURN link, project.id AS projectId, buyer.id AS buyerId`,
);

export const revokeLink = cypher<{ id: string }, { link: Node }>(
  'report_link_revoke',
  `MATCH (link:ReportLink {id: $id})
   SET link.revokedAt = datetime()
   RETURN link`,
);
