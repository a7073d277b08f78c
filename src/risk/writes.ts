import type { Node } from 'neo4j-driver';
import { checkDepth, cypher } from '../db/graph.js';
import type { CertificateScope } from '../shared/contract.generated.js';

/**
 * Risk records are MERGEd on ids chosen before the transaction runs, so a retried transaction
 * writes each once; the sample-data loader writes through the same statements. At most one of
 * `siteId`, `linkId` and `deliveryId` is set: a null id matches nothing, so each record attaches
 * to whichever target its row names.
 */

type Row = { node: Node };

/**
 * The statements' common tail: attach `node` to the target its row names (a constant fragment;
 * the relationship type is one of three literals, never input). Only certificates name deliveries,
 * and `row.deliveryId` is null (matching nothing) for the others.
 */
const attachToTarget = (relationship: 'ASSESSES' | 'ADDRESSES' | 'COVERS') => `WITH node, row
   OPTIONAL MATCH (site:ChainNode {id: row.siteId})
   OPTIONAL MATCH (link:SupplyLink {id: row.linkId})
   OPTIONAL MATCH (delivery:Delivery {id: row.deliveryId})
   FOREACH (target IN [t IN [site, link, delivery] WHERE t IS NOT NULL] | MERGE (node)-[:${relationship}]->(target))
   RETURN node`;

/** Without `recordedAt` a record is stamped now; the sample data gives one, so loading it twice changes nothing. */
interface Recorded {
  id: string;
  recordedAt?: string | null;
}

export interface RiskAssessmentRow extends Recorded {
  theme: string;
  severity: string;
  likelihood: string;
  description: string;
  source: string;
  assessedOn: string;
  targetKind: string;
  country: string | null;
  region: string | null;
  siteId: string | null;
  linkId: string | null;
  assessedByRole: string;
  assessedByOrgId: string | null;
}

export const upsertRiskAssessments = cypher<{ rows: RiskAssessmentRow[] }, Row>(
  'risk_assessments_upsert',
  `UNWIND $rows AS row
   MERGE (node:RiskAssessment {id: row.id})
   SET node.theme = row.theme, node.severity = row.severity, node.likelihood = row.likelihood,
       node.description = row.description, node.source = row.source, node.assessedOn = date(row.assessedOn),
       node.targetKind = row.targetKind, node.country = row.country, node.region = row.region,
       node.assessedByRole = row.assessedByRole, node.assessedByOrgId = row.assessedByOrgId,
       node.recordedAt = coalesce(datetime(row.recordedAt), node.recordedAt, datetime())
   ${attachToTarget('ASSESSES')}`,
);

export interface ActionPlanRow extends Recorded {
  companyId: string;
  siteId: string | null;
  linkId: string | null;
  themes: string[];
  description: string;
  status: string;
  dueDate: string | null;
  collective: boolean;
  evidence: string | null;
}

export const upsertActionPlans = cypher<{ rows: ActionPlanRow[] }, Row>(
  'action_plans_upsert',
  `UNWIND $rows AS row
   MATCH (company:ChainNode {id: row.companyId})
   MERGE (node:ActionPlan {id: row.id})
   SET node.themes = row.themes, node.description = row.description, node.status = row.status,
       node.dueDate = date(row.dueDate), node.collective = row.collective, node.evidence = row.evidence,
       node.recordedAt = coalesce(datetime(row.recordedAt), node.recordedAt, datetime())
   MERGE (node)-[:PLANNED_BY]->(company)
   ${attachToTarget('ADDRESSES')}`,
);

export interface CertificateRow extends Recorded {
  holderId: string;
  siteId: string | null;
  linkId: string | null;
  deliveryId: string | null;
  scope: CertificateScope;
  scheme: string;
  validFrom: string;
  validTo: string;
  themes: string[];
  reference: string;
}

export const upsertCertificates = cypher<{ rows: CertificateRow[] }, Row>(
  'certificates_upsert',
  `UNWIND $rows AS row
   MATCH (holder:ChainNode {id: row.holderId})
   MERGE (node:Certificate {id: row.id})
   SET node.scheme = row.scheme, node.scope = row.scope, node.validFrom = date(row.validFrom),
       node.validTo = date(row.validTo), node.themes = row.themes, node.reference = row.reference,
       node.recordedAt = coalesce(datetime(row.recordedAt), node.recordedAt, datetime())
   MERGE (node)-[:HELD_BY]->(holder)
   ${attachToTarget('COVERS')}`,
);

export const actionPlanForUpdate = cypher<
  { id: string },
  { node: Node; company: Node; siteId: string | null; linkId: string | null }
>(
  'action_plan_for_update',
  `MATCH (node:ActionPlan {id: $id})-[:PLANNED_BY]->(company:ChainNode)
   OPTIONAL MATCH (node)-[:ADDRESSES]->(site:ChainNode)
   OPTIONAL MATCH (node)-[:ADDRESSES]->(link:SupplyLink)
   RETURN node, company, site.id AS siteId, link.id AS linkId`,
);

export const setActionPlanFields = cypher<{ id: string; fields: Record<string, unknown>; dueDate: string | null }, Row>(
  'action_plan_set_fields',
  `MATCH (node:ActionPlan {id: $id})
   SET node += $fields, node.dueDate = CASE WHEN $dueDate IS NULL THEN node.dueDate ELSE date($dueDate) END
   RETURN node`,
);

/**
 * Whether the holder is the delivery's importer or upstream of it through links of the delivered
 * stone type. The depth limit is the trace's (validated configuration, written in once).
 */
export function holderSuppliesDelivery(maxDepth: number) {
  checkDepth(maxDepth);
  return cypher<{ holderId: string; deliveryId: string }, { supplies: boolean }>(
    'certificate_holder_supplies_delivery',
    `MATCH (delivery:Delivery {id: $deliveryId})-[:DELIVERED_BY]->(importer:Importer)
     RETURN importer.id = $holderId OR EXISTS {
       MATCH (importer) ((:ChainNode)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(:ChainNode)
         WHERE link.stoneType = delivery.stoneType){1,${maxDepth}} (:ChainNode {id: $holderId})
     } AS supplies`,
  );
}

/** Area assessments attach by exact (country, region): one naming an area without quarries is a typo. */
export const quarryAreaExists = cypher<{ country: string; region: string }, { exists: boolean }>(
  'risk_quarry_area_exists',
  `RETURN EXISTS { MATCH (quarry:Quarry {country: $country}) WHERE quarry.region = $region } AS exists`,
);

/** Whether the organisation may assess this site as its own: itself, or a site it registered. */
export const ownSite = cypher<{ siteId: string; orgId: string }, { own: boolean }>(
  'risk_own_site',
  `MATCH (site:ChainNode {id: $siteId})
   RETURN site.id = $orgId OR EXISTS { MATCH (site)-[:REGISTERED_BY]->(:ChainNode {id: $orgId}) } AS own`,
);
