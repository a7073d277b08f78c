import type { Node } from 'neo4j-driver';
import type { Viewer } from '../auth/viewer.js';
import { cypher } from '../db/graph.js';
import type { ProjectKind, StoneType } from '../shared/contract.generated.js';
import { areaKey, siteNameKey } from '../shared/siteNames.js';

/**
 * The registry's writes. Every statement is safe to repeat inside a retried transaction: ids are
 * chosen before the transaction function runs and records are MERGEd on them.
 *
 * Each kind of chain record has one statement that writes its node's properties, `upsert<Kind>s`,
 * used alike by the mutations (one row), the CSV import and the sample data (many rows). It MERGEs
 * on the id and sets every property, so loading the sample data again changes nothing.
 */

type Row = { node: Node };

/** The company a viewer registers quarries and processors for: a MEMBER's own organisation; nobody's for ADMIN. */
export const registrant = (viewer: Viewer): string | null => (viewer.role === 'MEMBER' ? viewer.orgId : null);

/** Links a row's node to the company that registered it (`row.registeredBy`), when there is one. */
const registeredBy = `WITH node, row
   OPTIONAL MATCH (org:ChainNode {id: row.registeredBy})
   FOREACH (o IN CASE WHEN org IS NULL THEN [] ELSE [org] END | MERGE (node)-[:REGISTERED_BY]->(o))`;

export interface QuarryRow {
  id: string;
  name: string;
  country: string;
  region: string;
  lat?: number | null;
  lon?: number | null;
  stoneTypes: StoneType[];
  registeredBy?: string | null;
  /** The folded name and area (shared/siteNames.ts), under which likely duplicates are found. */
  nameKey: string;
  regionKey: string;
}

/** A quarry's row with its folded name and area. */
export const withQuarryKeys = <R extends { name: string; region: string }>(row: R) => ({
  ...row,
  nameKey: siteNameKey(row.name),
  regionKey: areaKey(row.region),
});

/** A processor's row with its folded name. */
export const withProcessorKeys = <R extends { name: string }>(row: R) => ({ ...row, nameKey: siteNameKey(row.name) });

export const upsertQuarries = cypher<{ rows: QuarryRow[] }, Row>(
  'quarries_upsert',
  `UNWIND $rows AS row
   MERGE (node:ChainNode:Quarry {id: row.id})
   SET node.name = row.name, node.country = row.country, node.region = row.region, node.stoneTypes = row.stoneTypes,
       node.nameKey = row.nameKey, node.regionKey = row.regionKey,
       node.location = CASE WHEN row.lat IS NULL THEN null ELSE point({latitude: row.lat, longitude: row.lon}) END
   ${registeredBy}
   RETURN node`,
);

export interface ProcessorRow {
  id: string;
  name: string;
  country: string;
  city: string | null;
  registeredBy?: string | null;
  nameKey: string;
}

export const upsertProcessors = cypher<{ rows: ProcessorRow[] }, Row>(
  'processors_upsert',
  `UNWIND $rows AS row
   MERGE (node:ChainNode:Processor {id: row.id})
   SET node.name = row.name, node.country = row.country, node.city = row.city, node.nameKey = row.nameKey
   ${registeredBy}
   RETURN node`,
);

export interface ImporterRow {
  id: string;
  name: string;
  country: string;
  covenantMember: boolean;
}

export const upsertImporters = cypher<{ rows: ImporterRow[] }, Row>(
  'importers_upsert',
  `UNWIND $rows AS row
   MERGE (node:ChainNode:Importer {id: row.id})
   SET node.name = row.name, node.country = row.country, node.covenantMember = row.covenantMember
   RETURN node`,
);

export interface BuyerRow {
  id: string;
  name: string;
  country: string;
}

export const upsertBuyers = cypher<{ rows: BuyerRow[] }, Row>(
  'buyers_upsert',
  `UNWIND $rows AS row
   MERGE (node:Buyer {id: row.id})
   SET node.name = row.name, node.country = row.country
   RETURN node`,
);

export const buyerById = cypher<{ id: string }, Row>('buyer_by_id', 'MATCH (node:Buyer {id: $id}) RETURN node');

export interface ProjectRow {
  id: string;
  name: string;
  kind: ProjectKind;
  city: string;
  country: string;
  buyerId: string;
}

/** A row whose buyer does not exist writes nothing. */
export const upsertProjects = cypher<{ rows: ProjectRow[] }, { node: Node; buyer: Node }>(
  'projects_upsert',
  `UNWIND $rows AS row
   MATCH (buyer:Buyer {id: row.buyerId})
   MERGE (node:Project {id: row.id})
   SET node.name = row.name, node.kind = row.kind, node.city = row.city, node.country = row.country
   MERGE (node)-[:COMMISSIONED_BY]->(buyer)
   RETURN node, buyer`,
);

export interface SupplyLinkRow {
  id: string;
  supplierId: string;
  customerId: string;
  stoneType: string;
  validFrom: string;
  validTo: string | null;
  annualVolumeTonnes: number | null;
}

/**
 * Takes the lock of each (supplier, customer, stone type): a lock node MERGEd under a uniqueness
 * constraint, so a concurrent transaction registering a link of the same triple waits here until
 * this one commits, and then sees its links. Keys in a fixed order keep two imports from deadlocking.
 */
export const lockSupplyLinkTriples = cypher<{ keys: string[] }, never>(
  'supply_link_triples_lock',
  `UNWIND $keys AS key
   MERGE (lock:SupplyLinkLock {key: key})
   SET lock.lockedAt = datetime()`,
);

export interface LinkTriple {
  key: string;
  supplierId: string;
  customerId: string;
  stoneType: string;
}

/** The links of each triple, read once per triple (under its lock). */
export const supplyLinksOfTriples = cypher<
  { triples: LinkTriple[] },
  { key: string; id: string; validFrom: string; validTo: string | null }
>(
  'supply_links_of_triples',
  // Rooted at the supplier: a customer with thousands of links would otherwise be scanned per triple.
  `UNWIND $triples AS triple
   MATCH (:ChainNode {id: triple.supplierId})<-[:SUPPLIER]-(link:SupplyLink)
   WHERE link.stoneType = triple.stoneType AND EXISTS { (link)-[:CUSTOMER]->(:ChainNode {id: triple.customerId}) }
   RETURN triple.key AS key, link.id AS id, toString(link.validFrom) AS validFrom, toString(link.validTo) AS validTo`,
);

export const createSupplyLinks = cypher<{ rows: SupplyLinkRow[] }, { link: Node }>(
  'supply_links_create',
  `UNWIND $rows AS row
   MATCH (supplier:ChainNode {id: row.supplierId})
   MATCH (customer:ChainNode {id: row.customerId})
   CREATE (link:SupplyLink {id: row.id, stoneType: row.stoneType, validFrom: date(row.validFrom),
                            validTo: date(row.validTo), annualVolumeTonnes: row.annualVolumeTonnes, createdAt: datetime()})
   CREATE (link)-[:SUPPLIER]->(supplier), (link)-[:CUSTOMER]->(customer)
   RETURN link`,
);

export const supplyLinkNode = cypher<{ id: string }, { link: Node }>(
  'supply_link_node',
  'MATCH (link:SupplyLink {id: $id}) RETURN link',
);

export const linkForUpdate = cypher<{ id: string }, { link: Node; supplier: Node; customer: Node }>(
  'supply_link_for_update',
  `MATCH (link:SupplyLink {id: $id})-[:SUPPLIER]->(supplier:ChainNode), (link)-[:CUSTOMER]->(customer:ChainNode)
   SET link.lockedAt = datetime()
   RETURN link, supplier, customer`,
);

export const setLinkFields = cypher<{ id: string; fields: Record<string, unknown> }, { link: Node }>(
  'supply_link_set',
  `MATCH (link:SupplyLink {id: $id})
   SET link.validTo = CASE WHEN 'validTo' IN keys($fields) THEN date($fields.validTo) ELSE link.validTo END,
       link.annualVolumeTonnes = CASE WHEN 'annualVolumeTonnes' IN keys($fields) THEN $fields.annualVolumeTonnes
                                      ELSE link.annualVolumeTonnes END
   REMOVE link.lockedAt
   RETURN link`,
);

export const quarryForUpdate = cypher<{ id: string }, { node: Node; registeredBy: string[] }>(
  'quarry_for_update',
  `MATCH (node:Quarry {id: $id})
   OPTIONAL MATCH (node)-[:REGISTERED_BY]->(org:ChainNode)
   RETURN node, collect(org.id) AS registeredBy`,
);

export const setQuarryFields = cypher<{ id: string; fields: Record<string, unknown> }, Row>(
  'quarry_set',
  `MATCH (node:Quarry {id: $id})
   SET node.name = coalesce($fields.name, node.name),
       node.nameKey = coalesce($fields.nameKey, node.nameKey),
       node.region = coalesce($fields.region, node.region),
       node.regionKey = coalesce($fields.regionKey, node.regionKey),
       node.stoneTypes = coalesce($fields.stoneTypes, node.stoneTypes),
       node.location = CASE WHEN $fields.lat IS NULL THEN node.location
                            ELSE point({latitude: $fields.lat, longitude: $fields.lon}) END
   RETURN node`,
);

export const projectForDelivery = cypher<{ id: string }, { project: Node; buyer: Node }>(
  'project_for_delivery',
  'MATCH (project:Project {id: $id})-[:COMMISSIONED_BY]->(buyer:Buyer) RETURN project, buyer',
);

export const createDelivery = cypher<
  {
    id: string;
    projectId: string;
    importerId: string;
    stoneType: string;
    quantity: number;
    unit: string;
    massTonnes: number;
    deliveredOn: string;
    declaredOriginCountry: string | null;
    declaredOriginArea: string | null;
  },
  { delivery: Node; importer: Node }
>(
  'delivery_create',
  `MATCH (project:Project {id: $projectId}), (importer:Importer {id: $importerId})
   MERGE (delivery:Delivery {id: $id})
   ON CREATE SET delivery.stoneType = $stoneType, delivery.quantity = $quantity, delivery.unit = $unit,
                 delivery.massTonnes = $massTonnes, delivery.deliveredOn = date($deliveredOn), delivery.createdAt = datetime(),
                 delivery.declaredOriginCountry = $declaredOriginCountry, delivery.declaredOriginArea = $declaredOriginArea
   MERGE (delivery)-[:FOR_PROJECT]->(project)
   MERGE (delivery)-[:DELIVERED_BY]->(importer)
   RETURN delivery, importer`,
);

export interface DeliveryRow {
  delivery: Node;
  importer: Node;
  project: Node;
  buyer: Node;
}

/**
 * A delivery, cancelled or not, write-locked before it is read: a concurrent correction or
 * cancellation waits here until this transaction commits, then reads what it left.
 */
export const deliveryForChange = cypher<{ id: string }, DeliveryRow>(
  'delivery_for_change',
  `CALL () {
     MATCH (delivery:Delivery {id: $id}) RETURN delivery
     UNION
     MATCH (delivery:CancelledDelivery {id: $id}) RETURN delivery
   }
   SET delivery._lock = true
   REMOVE delivery._lock
   WITH delivery
   MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer),
         (delivery)-[:FOR_PROJECT]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
   RETURN delivery, importer, project, buyer`,
);

export interface DeliveryCorrectionFields {
  stoneType: string | null;
  quantity: number | null;
  unit: string | null;
  massTonnes: number | null;
  deliveredOn: string | null;
}

export const correctDelivery = cypher<{ id: string; fields: DeliveryCorrectionFields }, { delivery: Node }>(
  'delivery_correct',
  `MATCH (delivery:Delivery {id: $id})
   SET delivery.stoneType = coalesce($fields.stoneType, delivery.stoneType),
       delivery.quantity = coalesce($fields.quantity, delivery.quantity),
       delivery.unit = coalesce($fields.unit, delivery.unit),
       delivery.massTonnes = coalesce($fields.massTonnes, delivery.massTonnes),
       delivery.deliveredOn = coalesce(date($fields.deliveredOn), delivery.deliveredOn)
   RETURN delivery`,
);

/** Cancelling relabels the delivery: every read of `:Delivery` stops counting it, and it keeps its history. */
export const cancelDelivery = cypher<{ id: string; reason: string }, { delivery: Node }>(
  'delivery_cancel',
  `MATCH (delivery:Delivery {id: $id})
   REMOVE delivery:Delivery
   SET delivery:CancelledDelivery, delivery.cancelledAt = datetime(), delivery.cancellationReason = $reason
   RETURN delivery`,
);

/** The unique key of a (project, importer) authorisation. */
export const authorisationKey = (projectId: string, importerId: string): string => `${projectId}|${importerId}`;

export const importerById = cypher<{ id: string }, { importer: Node }>(
  'importer_by_id',
  'MATCH (importer:Importer {id: $id}) RETURN importer',
);

/**
 * The authorisation of a (project, importer) pair, created bare when there is none (no
 * `authorisedAt` yet), and write-locked: concurrent authorisations, withdrawals and deliveries of
 * the pair run one after the other, each reading what the previous one committed.
 */
export const claimAuthorisation = cypher<
  { id: string; key: string; projectId: string; importerId: string },
  { authorisation: Node }
>(
  'importer_authorisation_claim',
  `MATCH (project:Project {id: $projectId}), (importer:Importer {id: $importerId})
   MERGE (authorisation:ImporterAuthorisation {key: $key})
   ON CREATE SET authorisation.id = $id
   MERGE (authorisation)-[:ON_PROJECT]->(project)
   MERGE (authorisation)-[:AUTHORISES]->(importer)
   SET authorisation._lock = true
   REMOVE authorisation._lock
   RETURN authorisation`,
);

/** An existing authorisation, write-locked as in `claimAuthorisation`; no row when there is none. */
export const authorisationForChange = cypher<{ key: string }, { authorisation: Node }>(
  'importer_authorisation_for_change',
  `MATCH (authorisation:ImporterAuthorisation {key: $key})
   SET authorisation._lock = true
   REMOVE authorisation._lock
   RETURN authorisation`,
);

export const grantAuthorisation = cypher<{ key: string; role: string }, { authorisation: Node }>(
  'importer_authorisation_grant',
  `MATCH (authorisation:ImporterAuthorisation {key: $key})
   SET authorisation.authorisedAt = datetime(), authorisation.authorisedByRole = $role
   REMOVE authorisation.withdrawnAt
   RETURN authorisation`,
);

export const withdrawAuthorisation = cypher<{ key: string }, { authorisation: Node }>(
  'importer_authorisation_withdraw',
  `MATCH (authorisation:ImporterAuthorisation {key: $key})
   SET authorisation.withdrawnAt = datetime()
   RETURN authorisation`,
);

/**
 * Claims an idempotency key for this scope. A concurrent claim of the same key waits on the
 * uniqueness constraint until the first commits, then sees its result.
 */
export const claimIdempotencyKey = cypher<
  { scopedKey: string; mutation: string; inputHash: string },
  { mutation: string; inputHash: string; resultId: string | null }
>(
  'idempotency_claim',
  `MERGE (key:IdempotencyKey {scopedKey: $scopedKey})
   ON CREATE SET key.mutation = $mutation, key.inputHash = $inputHash, key.createdAt = datetime()
   RETURN key.mutation AS mutation, key.inputHash AS inputHash, key.resultId AS resultId`,
);

export const settleIdempotencyKey = cypher<{ scopedKey: string; resultId: string }, never>(
  'idempotency_settle',
  'MATCH (key:IdempotencyKey {scopedKey: $scopedKey}) SET key.resultId = $resultId',
);

/**
 * Write-locks the sites (or merged sites' tombstones) with these ids, in the order given (sorted by
 * the caller, as a merge sorts its two): a merge of one of them waits until this transaction
 * commits, or this one waits for the merge and then reads where the id now points.
 */
export const lockSites = cypher<{ ids: string[] }, never>(
  'sites_lock',
  `UNWIND $ids AS id
   CALL (id) {
     MATCH (site:ChainNode {id: id}) RETURN site
     UNION
     MATCH (site:MergedSite {id: id}) RETURN site
   }
   SET site._lock = true
   REMOVE site._lock`,
);

/** Where each id points now: itself, or the site a merged site was merged into. */
export const siteIdsResolved = cypher<{ ids: string[] }, { id: string; resolved: string }>(
  'site_ids_resolved',
  `UNWIND $ids AS id
   OPTIONAL MATCH (merged:MergedSite {id: id})
   RETURN id, coalesce(merged.mergedInto, id) AS resolved`,
);
