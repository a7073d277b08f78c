import { cypher, type Graph } from '../db/graph.js';
import {
  upsertBuyers,
  upsertImporters,
  upsertProcessors,
  upsertProjects,
  upsertQuarries,
  withProcessorKeys,
  withQuarryKeys,
} from '../registry/writes.js';
import { upsertActionPlans, upsertCertificates, upsertRiskAssessments } from '../risk/writes.js';
import type { Dataset } from './dataset.js';
import {
  actionPlanRows,
  apiKeyRows,
  authorisationRows,
  certificateRows,
  deliveryRows,
  projectRows,
  riskAssessmentRows,
  supplyLinkRows,
  withId,
} from './rows.js';

/**
 * Writes the data set in one transaction with MERGE on ids, so a second load changes nothing.
 * References are checked when the data set is read (see `readDataset`). Chain records and risk
 * records are written by the statements the API's own writes use, so they have the same shape.
 */

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

// A delivery cancelled since an earlier load stays cancelled.
const mergeDeliveries = cypher<{ rows: object[] }, never>(
  'seed_deliveries',
  `UNWIND $rows AS row
   WITH row WHERE NOT EXISTS { MATCH (:CancelledDelivery {id: row.id}) }
   MATCH (project:Project {id: row.projectId})
   MATCH (importer:Importer {id: row.importerId})
   MERGE (n:Delivery {id: row.id})
   SET n.stoneType = row.stoneType, n.quantity = row.quantity, n.unit = row.unit,
       n.massTonnes = row.massTonnes, n.deliveredOn = date(row.deliveredOn),
       n.declaredOriginCountry = row.declaredOriginCountry, n.declaredOriginArea = row.declaredOriginArea
   MERGE (n)-[:FOR_PROJECT]->(project)
   MERGE (n)-[:DELIVERED_BY]->(importer)`,
);

// Set on creation only: an authorisation a buyer withdrew since an earlier load stays withdrawn.
const mergeAuthorisations = cypher<
  { rows: { id: string; key: string; projectId: string; importerId: string }[] },
  never
>(
  'seed_importer_authorisations',
  `UNWIND $rows AS row
   MATCH (project:Project {id: row.projectId}), (importer:Importer {id: row.importerId})
   MERGE (n:ImporterAuthorisation {key: row.key})
   ON CREATE SET n.id = row.id, n.authorisedAt = datetime(), n.authorisedByRole = 'ADMIN'
   MERGE (n)-[:ON_PROJECT]->(project)
   MERGE (n)-[:AUTHORISES]->(importer)`,
);

const mergeApiKeys = cypher<{ rows: object[] }, never>(
  'seed_api_keys',
  `UNWIND $rows AS row
   MERGE (n:ApiKey {id: row.id})
   ON CREATE SET n.role = row.role, n.orgId = row.orgId, n.secretHash = row.secretHash, n.note = row.note,
                 n.createdAt = datetime()`,
);

/** The bulk writes by record kind, rows keyed by id; the benchmark's generator writes through them too. */
export const bulkWrites = {
  quarries: upsertQuarries,
  processors: upsertProcessors,
  importers: upsertImporters,
  buyers: upsertBuyers,
  projects: upsertProjects,
  supplyLinks: mergeSupplyLinks,
  deliveries: mergeDeliveries,
  riskAssessments: upsertRiskAssessments,
  actionPlans: upsertActionPlans,
  certificates: upsertCertificates,
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

/** Loads `data` in one transaction; `timeoutMs` lifts its time limit to that of a bulk load. */
export async function loadDataset(graph: Graph, data: Dataset, timeoutMs?: number): Promise<SeedCounts> {
  // Each record after the records it refers to: the statements MATCH their references.
  await graph.writeTransaction(
    async (tx) => {
      await tx.run(upsertQuarries, { rows: withId(data.quarries).map(withQuarryKeys) });
      await tx.run(upsertProcessors, { rows: withId(data.processors).map(withProcessorKeys) });
      await tx.run(upsertImporters, { rows: withId(data.importers) });
      await tx.run(upsertBuyers, { rows: withId(data.buyers) });
      await tx.run(upsertProjects, { rows: projectRows(data.projects) });
      await tx.run(mergeSupplyLinks, { rows: supplyLinkRows(data.supplyLinks) });
      await tx.run(mergeDeliveries, { rows: deliveryRows(data.deliveries) });
      await tx.run(mergeAuthorisations, { rows: authorisationRows(data.deliveries) });
      await tx.run(upsertRiskAssessments, { rows: riskAssessmentRows(data.riskAssessments ?? []) });
      await tx.run(upsertActionPlans, { rows: actionPlanRows(data.actionPlans ?? []) });
      await tx.run(upsertCertificates, { rows: certificateRows(data.certificates ?? []) });
      await tx.run(mergeApiKeys, { rows: apiKeyRows(data.apiKeys ?? []) });
    },
    timeoutMs === undefined ? {} : { timeoutMs },
  );
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
