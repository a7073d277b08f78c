import type { Node } from 'neo4j-driver';
import { cypher } from '../db/graph.js';

/**
 * Risk records are MERGEd on ids chosen before the transaction runs, so a retried transaction
 * writes each once. At most one of `siteId`, `linkId` and `deliveryId` is set; a null id
 * matches nothing, so each statement attaches to whichever target was named.
 */

type Row = { node: Node };

export const createRiskAssessment = cypher<
  {
    id: string;
    properties: Record<string, unknown>;
    assessedOn: string;
    country: string | null;
    region: string | null;
    siteId: string | null;
    linkId: string | null;
  },
  Row
>(
  'risk_assessment_create',
  `MERGE (node:RiskAssessment {id: $id})
   ON CREATE SET node += $properties, node.assessedOn = date($assessedOn), node.recordedAt = datetime(),
                 node.country = $country, node.region = $region
   WITH node
   OPTIONAL MATCH (site:ChainNode {id: $siteId})
   OPTIONAL MATCH (link:SupplyLink {id: $linkId})
   FOREACH (target IN [t IN [site, link] WHERE t IS NOT NULL] | MERGE (node)-[:ASSESSES]->(target))
   RETURN node`,
);

export const createActionPlan = cypher<
  { id: string; properties: Record<string, unknown>; dueDate: string | null; companyId: string; siteId: string | null; linkId: string | null },
  Row
>(
  'action_plan_create',
  `MATCH (company:ChainNode {id: $companyId})
   MERGE (node:ActionPlan {id: $id})
   ON CREATE SET node += $properties, node.dueDate = date($dueDate), node.recordedAt = datetime()
   MERGE (node)-[:PLANNED_BY]->(company)
   WITH node
   OPTIONAL MATCH (site:ChainNode {id: $siteId})
   OPTIONAL MATCH (link:SupplyLink {id: $linkId})
   FOREACH (target IN [t IN [site, link] WHERE t IS NOT NULL] | MERGE (node)-[:ADDRESSES]->(target))
   RETURN node`,
);

export const actionPlanForUpdate = cypher<{ id: string }, { node: Node; company: Node; site: Node | null; link: Node | null }>(
  'action_plan_for_update',
  `MATCH (node:ActionPlan {id: $id})-[:PLANNED_BY]->(company:ChainNode)
   OPTIONAL MATCH (node)-[:ADDRESSES]->(site:ChainNode)
   OPTIONAL MATCH (node)-[:ADDRESSES]->(link:SupplyLink)
   RETURN node, company, site, link`,
);

export const setActionPlanFields = cypher<{ id: string; fields: Record<string, unknown>; dueDate: string | null }, Row>(
  'action_plan_set_fields',
  `MATCH (node:ActionPlan {id: $id})
   SET node += $fields, node.dueDate = CASE WHEN $dueDate IS NULL THEN node.dueDate ELSE date($dueDate) END
   RETURN node`,
);

export const createCertificate = cypher<
  {
    id: string;
    properties: Record<string, unknown>;
    validFrom: string;
    validTo: string;
    holderId: string;
    siteId: string | null;
    linkId: string | null;
    deliveryId: string | null;
  },
  Row
>(
  'certificate_create',
  `MATCH (holder:ChainNode {id: $holderId})
   MERGE (node:Certificate {id: $id})
   ON CREATE SET node += $properties, node.validFrom = date($validFrom), node.validTo = date($validTo), node.recordedAt = datetime()
   MERGE (node)-[:HELD_BY]->(holder)
   WITH node
   OPTIONAL MATCH (site:ChainNode {id: $siteId})
   OPTIONAL MATCH (link:SupplyLink {id: $linkId})
   OPTIONAL MATCH (delivery:Delivery {id: $deliveryId})
   FOREACH (target IN [t IN [site, link, delivery] WHERE t IS NOT NULL] | MERGE (node)-[:COVERS]->(target))
   RETURN node`,
);

/** Whether the organisation may assess this site as its own: itself, or a site it registered. */
export const ownSite = cypher<{ siteId: string; orgId: string }, { own: boolean }>(
  'risk_own_site',
  `MATCH (site:ChainNode {id: $siteId})
   RETURN site.id = $orgId OR EXISTS { MATCH (site)-[:REGISTERED_BY]->(:ChainNode {id: $orgId}) } AS own`,
);
