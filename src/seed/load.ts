import { hashSecret, parseToken } from '../auth/tokens.js';
import { cypher, type Graph } from '../db/graph.js';
import { seedId, type Dataset } from './dataset.js';

/**
 * Writes the data set in one transaction with MERGE on ids, so a second load changes nothing.
 * References are checked when the data set is read (see `readDataset`).
 */

const mergeQuarries = cypher<{ rows: object[] }, never>(
  'seed_quarries',
  `UNWIND $rows AS row
   MERGE (n:ChainNode:Quarry {id: row.id})
   SET n.name = row.name, n.country = row.country, n.region = row.region, n.stoneTypes = row.stoneTypes,
       n.location = point({latitude: row.lat, longitude: row.lon})`,
);

const mergeProcessors = cypher<{ rows: object[] }, never>(
  'seed_processors',
  `UNWIND $rows AS row
   MERGE (n:ChainNode:Processor {id: row.id})
   SET n.name = row.name, n.country = row.country, n.city = row.city`,
);

const mergeImporters = cypher<{ rows: object[] }, never>(
  'seed_importers',
  `UNWIND $rows AS row
   MERGE (n:ChainNode:Importer {id: row.id})
   SET n.name = row.name, n.country = row.country, n.covenantMember = row.covenantMember`,
);

const mergeBuyers = cypher<{ rows: object[] }, never>(
  'seed_buyers',
  `UNWIND $rows AS row
   MERGE (n:Buyer {id: row.id})
   SET n.name = row.name, n.country = row.country`,
);

const mergeProjects = cypher<{ rows: object[] }, never>(
  'seed_projects',
  `UNWIND $rows AS row
   MATCH (buyer:Buyer {id: row.buyerId})
   MERGE (n:Project {id: row.id})
   SET n.name = row.name, n.kind = row.kind, n.city = row.city, n.country = row.country
   MERGE (n)-[:COMMISSIONED_BY]->(buyer)`,
);

const mergeSupplyLinks = cypher<{ rows: object[] }, never>(
  'seed_supply_links',
  `UNWIND $rows AS row
   MATCH (supplier:ChainNode {id: row.supplierId})
   MATCH (customer:ChainNode {id: row.customerId})
   MERGE (n:SupplyLink {id: row.id})
   SET n.stoneType = row.stoneType, n.validFrom = date(row.validFrom), n.validTo = date(row.validTo),
       n.annualVolumeTonnes = row.annualVolumeTonnes
   MERGE (n)-[:SUPPLIER]->(supplier)
   MERGE (n)-[:CUSTOMER]->(customer)`,
);

const mergeDeliveries = cypher<{ rows: object[] }, never>(
  'seed_deliveries',
  `UNWIND $rows AS row
   MATCH (project:Project {id: row.projectId})
   MATCH (importer:Importer {id: row.importerId})
   MERGE (n:Delivery {id: row.id})
   SET n.stoneType = row.stoneType, n.quantity = row.quantity, n.unit = row.unit,
       n.massTonnes = row.massTonnes, n.deliveredOn = date(row.deliveredOn)
   MERGE (n)-[:FOR_PROJECT]->(project)
   MERGE (n)-[:DELIVERED_BY]->(importer)`,
);

const mergeApiKeys = cypher<{ rows: object[] }, never>(
  'seed_api_keys',
  `UNWIND $rows AS row
   MERGE (n:ApiKey {id: row.id})
   ON CREATE SET n.role = row.role, n.orgId = row.orgId, n.secretHash = row.secretHash, n.note = row.note,
                 n.createdAt = datetime()`,
);

// Seeds are ADMIN records; recordedAt is derived from the data so that loading twice changes nothing.
const mergeRiskAssessments = cypher<{ rows: object[] }, never>(
  'seed_risk_assessments',
  `UNWIND $rows AS row
   MERGE (n:RiskAssessment {id: row.id})
   SET n.theme = row.theme, n.severity = row.severity, n.likelihood = row.likelihood, n.description = row.description,
       n.source = row.source, n.assessedOn = date(row.assessedOn), n.recordedAt = datetime(row.assessedOn + 'T00:00:00Z'),
       n.targetKind = CASE WHEN row.region IS NULL THEN 'COUNTRY' ELSE 'QUARRY_AREA' END,
       n.country = row.country, n.region = row.region, n.assessedByRole = 'ADMIN'`,
);

// Targets are named by id; an absent one (null id) matches nothing, so each record attaches to the one it names.
const mergeActionPlans = cypher<{ rows: object[] }, never>(
  'seed_action_plans',
  `UNWIND $rows AS row
   MATCH (company:ChainNode {id: row.companyId})
   MERGE (n:ActionPlan {id: row.id})
   SET n.themes = row.themes, n.description = row.description, n.status = row.status, n.dueDate = date(row.dueDate),
       n.collective = row.collective, n.evidence = row.evidence, n.recordedAt = datetime('2025-01-01T00:00:00Z')
   MERGE (n)-[:PLANNED_BY]->(company)
   WITH n, row
   OPTIONAL MATCH (site:ChainNode {id: row.siteId})
   OPTIONAL MATCH (link:SupplyLink {id: row.linkId})
   FOREACH (target IN [t IN [site, link] WHERE t IS NOT NULL] | MERGE (n)-[:ADDRESSES]->(target))`,
);

const mergeCertificates = cypher<{ rows: object[] }, never>(
  'seed_certificates',
  `UNWIND $rows AS row
   MATCH (holder:ChainNode {id: row.holderId})
   MERGE (n:Certificate {id: row.id})
   SET n.scheme = row.scheme, n.validFrom = date(row.validFrom), n.validTo = date(row.validTo), n.themes = row.themes,
       n.reference = row.reference, n.scope = row.scope, n.recordedAt = datetime(row.validFrom + 'T00:00:00Z')
   MERGE (n)-[:HELD_BY]->(holder)
   WITH n, row
   OPTIONAL MATCH (site:ChainNode {id: row.siteId})
   OPTIONAL MATCH (link:SupplyLink {id: row.linkId})
   OPTIONAL MATCH (delivery:Delivery {id: row.deliveryId})
   FOREACH (target IN [t IN [site, link, delivery] WHERE t IS NOT NULL] | MERGE (n)-[:COVERS]->(target))`,
);

/** The bulk writes by record kind, rows keyed by id; the benchmark's generator writes through them too. */
export const bulkWrites = {
  quarries: mergeQuarries,
  processors: mergeProcessors,
  importers: mergeImporters,
  buyers: mergeBuyers,
  projects: mergeProjects,
  supplyLinks: mergeSupplyLinks,
  deliveries: mergeDeliveries,
} as const;

const anyRecord = cypher<Record<string, never>, { found: boolean }>(
  'any_record',
  'OPTIONAL MATCH (n) WITH n LIMIT 1 RETURN n IS NOT NULL AS found',
);

export async function isGraphEmpty(graph: Graph): Promise<boolean> {
  const [row] = await graph.read(anyRecord, {});
  return !row?.found;
}

export interface SeedCounts {
  quarries: number;
  processors: number;
  importers: number;
  buyers: number;
  projects: number;
  supplyLinks: number;
  deliveries: number;
  riskAssessments: number;
  actionPlans: number;
  certificates: number;
}

export async function loadDataset(graph: Graph, data: Dataset): Promise<SeedCounts> {
  const withId = <T extends { key: string }>(rows: T[]) => rows.map(({ key, ...rest }) => ({ id: seedId(key), ...rest }));
  await graph.writeTransaction(async (tx) => {
    await tx.run(mergeQuarries, { rows: withId(data.quarries) });
    await tx.run(mergeProcessors, { rows: withId(data.processors) });
    await tx.run(mergeImporters, { rows: withId(data.importers) });
    await tx.run(mergeBuyers, { rows: withId(data.buyers) });
    await tx.run(mergeProjects, {
      rows: data.projects.map(({ key, buyer, ...rest }) => ({ id: seedId(key), buyerId: seedId(buyer), ...rest })),
    });
    await tx.run(mergeSupplyLinks, {
      rows: data.supplyLinks.map(({ key, supplier, customer, ...rest }) => ({
        id: seedId(key),
        supplierId: seedId(supplier),
        customerId: seedId(customer),
        ...rest,
      })),
    });
    await tx.run(mergeDeliveries, {
      rows: data.deliveries.map(({ key, project, importer, ...rest }) => ({
        id: seedId(key),
        projectId: seedId(project),
        importerId: seedId(importer),
        ...rest,
      })),
    });
    const optionalId = (key: string | null | undefined) => (key ? seedId(key) : null);
    await tx.run(mergeRiskAssessments, { rows: withId(data.riskAssessments ?? []) });
    await tx.run(mergeActionPlans, {
      rows: (data.actionPlans ?? []).map(({ key, company, site, link, ...rest }) => ({
        id: seedId(key),
        companyId: seedId(company),
        siteId: optionalId(site),
        linkId: optionalId(link),
        ...rest,
      })),
    });
    await tx.run(mergeCertificates, {
      rows: (data.certificates ?? []).map(({ key, holder, site, link, delivery, ...rest }) => ({
        id: seedId(key),
        holderId: seedId(holder),
        siteId: optionalId(site),
        linkId: optionalId(link),
        deliveryId: optionalId(delivery),
        scope: delivery ? 'DELIVERY' : site ? 'SITE' : 'LINK',
        ...rest,
      })),
    });
    await tx.run(mergeApiKeys, {
      rows: (data.apiKeys ?? []).map(({ token, role, organisation, note }) => {
        const { keyId, secret } = parseToken(token)!;
        return { id: keyId, role, orgId: organisation ? seedId(organisation) : null, secretHash: hashSecret(secret), note };
      }),
    });
  });
  return {
    quarries: data.quarries.length,
    processors: data.processors.length,
    importers: data.importers.length,
    buyers: data.buyers.length,
    projects: data.projects.length,
    supplyLinks: data.supplyLinks.length,
    deliveries: data.deliveries.length,
    riskAssessments: data.riskAssessments?.length ?? 0,
    actionPlans: data.actionPlans?.length ?? 0,
    certificates: data.certificates?.length ?? 0,
  };
}
