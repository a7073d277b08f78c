import { cypher, type Graph } from '../../src/db/graph.js';

/**
 * Which record ids a BUYER or MEMBER key may see, worked out from the database independently of
 * the service's own visibility rules (src/auth/visibility.ts): these statements only read plain
 * facts (links, deliveries, who registered what), and the documented rules are applied here in
 * TypeScript, as a breadth-first walk upstream. A fuzzer compares every answer with it.
 *
 * Per type, following "Keys, roles and who sees what" (docs/api.md) and "Risk rules"
 * (docs/trace-and-risk.md):
 * - MEMBER: its own organisation; the nodes it registered; every node at most `maxDepth` supply
 *   links upstream of it (any stone type) and every link whose customer is at most `maxDepth - 1`
 *   links upstream (so the link's supplier is in reach too); its own deliveries, the projects they
 *   went to and those projects' buyers (a project shows its buyer).
 * - BUYER: itself; its projects and all their deliveries; per delivery, the delivering importer
 *   and what lies upstream of it within the depth limit through links of the delivered stone type.
 * - Importer authorisations, where the graph has them: a BUYER sees those on its projects and the
 *   importers they name; a MEMBER its own, and the projects it is currently authorised for with
 *   their buyers.
 * - Report links: a BUYER sees those of its projects; a MEMBER none.
 * - Notifications: each organisation its own, its webhooks and their deliveries. (What a
 *   notification names, its subject and its data, must be visible by the rules above.)
 * - Both: risk assessments, action plans and certificates attached to a site, link or delivery
 *   they see (a trace lists them there), and the baseline (COUNTRY and QUARRY_AREA assessments),
 *   which any key may read; and the id of the key itself (`viewer.keyId`).
 * A trace walks only links valid around each delivery's date, so it shows a subset of this.
 */

export interface OracleViewer {
  role: 'MEMBER' | 'BUYER';
  orgId: string;
  keyId: string;
}

const allRecordIds = cypher<Record<string, never>, { ids: string[] }>(
  'oracle_all_record_ids',
  'MATCH (record) WHERE record.id IS NOT NULL RETURN collect(DISTINCT toString(record.id)) AS ids',
);

interface LinkFact {
  id: string;
  supplierId: string;
  customerId: string;
  stoneType: string;
}

const allSupplyLinks = cypher<Record<string, never>, LinkFact>(
  'oracle_all_supply_links',
  `MATCH (supplier:ChainNode)<-[:SUPPLIER]-(link:SupplyLink)-[:CUSTOMER]->(customer:ChainNode)
   RETURN link.id AS id, supplier.id AS supplierId, customer.id AS customerId, link.stoneType AS stoneType`,
);

const registeredBy = cypher<{ orgId: string }, { ids: string[] }>(
  'oracle_registered_by',
  'MATCH (registered)-[:REGISTERED_BY]->(:ChainNode {id: $orgId}) RETURN collect(registered.id) AS ids',
);

const deliveriesBy = cypher<{ orgId: string }, { deliveryId: string; projectId: string; buyerId: string }>(
  'oracle_deliveries_by',
  `MATCH (:ChainNode {id: $orgId})<-[:DELIVERED_BY]-(delivery:Delivery)-[:FOR_PROJECT]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
   RETURN delivery.id AS deliveryId, project.id AS projectId, buyer.id AS buyerId`,
);

const deliveriesFor = cypher<
  { orgId: string },
  { projectId: string; deliveryId: string | null; importerId: string | null; stoneType: string | null }
>(
  'oracle_deliveries_for',
  `MATCH (project:Project)-[:COMMISSIONED_BY]->(:Buyer {id: $orgId})
   OPTIONAL MATCH (project)<-[:FOR_PROJECT]-(delivery:Delivery)-[:DELIVERED_BY]->(importer:Importer)
   RETURN project.id AS projectId, delivery.id AS deliveryId, importer.id AS importerId, delivery.stoneType AS stoneType`,
);

// Importer authorisations ((:ImporterAuthorisation)-[:ON_PROJECT]->(project), -[:AUTHORISES]->(importer)),
// where the graph has them: a buyer sees those on its projects and the importers they name; an
// importer sees its own, and the projects (with their buyers) it is currently authorised for.
const authorisationsOn = cypher<{ orgId: string }, { id: string; importerId: string | null }>(
  'oracle_authorisations_on',
  `MATCH (authorisation)-[:ON_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(:Buyer {id: $orgId})
   OPTIONAL MATCH (authorisation)-[:AUTHORISES]->(importer:ChainNode)
   RETURN authorisation.id AS id, importer.id AS importerId`,
);

const authorisationsOf = cypher<
  { orgId: string },
  { id: string; projectId: string; buyerId: string; current: boolean }
>(
  'oracle_authorisations_of',
  `MATCH (:ChainNode {id: $orgId})<-[:AUTHORISES]-(authorisation)-[:ON_PROJECT]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
   RETURN authorisation.id AS id, project.id AS projectId, buyer.id AS buyerId, authorisation.withdrawnAt IS NULL AS current`,
);

// Report links ((:ReportLink)-[:OPENS]->(project)): a buyer sees those of its projects.
const reportLinksOn = cypher<{ orgId: string }, { ids: string[] }>(
  'oracle_report_links_on',
  'MATCH (link:ReportLink)-[:OPENS]->(:Project)-[:COMMISSIONED_BY]->(:Buyer {id: $orgId}) RETURN collect(link.id) AS ids',
);

/** The merge log is public, ids and all: a merged id must keep meaning something to every client. */
const publicMergeLog = cypher<Record<string, never>, { ids: string[] }>(
  'oracle_public_merge_log',
  `MATCH (log:SiteMerge)
   RETURN reduce(ids = [], log IN collect(log) | ids + [log.id, log.keepId, log.mergeId]) AS ids`,
);

/** The complaints whose notice reached the organisation, or one of the buyer's projects. */
const noticedComplaintsOf = cypher<{ orgId: string }, { ids: string[] }>(
  'oracle_noticed_complaints_of',
  `CALL () {
     MATCH (complaint:Complaint)-[:NOTIFIES]->(:ChainNode {id: $orgId}) RETURN complaint.id AS id
     UNION
     MATCH (complaint:Complaint)-[:NOTIFIES]->(:Project)-[:COMMISSIONED_BY]->(:Buyer {id: $orgId}) RETURN complaint.id AS id
   }
   RETURN collect(id) AS ids`,
);

const notificationRecordsOf = cypher<{ orgId: string }, { ids: string[] }>(
  'oracle_notification_records_of',
  `CALL () {
     MATCH (record:Notification {organisationId: $orgId}) RETURN record.id AS id
     UNION
     MATCH (record:Webhook {organisationId: $orgId}) RETURN record.id AS id
     UNION
     MATCH (record:WebhookDelivery)-[:TO]->(:Webhook {organisationId: $orgId}) RETURN record.id AS id
   }
   RETURN collect(id) AS ids`,
);

const attachedRecords = cypher<Record<string, never>, { id: string; targetId: string }>(
  'oracle_attached_records',
  'MATCH (record)-[:ASSESSES|ADDRESSES|COVERS]->(target) RETURN record.id AS id, target.id AS targetId',
);

const baselineAssessments = cypher<Record<string, never>, { ids: string[] }>(
  'oracle_baseline_assessments',
  `MATCH (assessment:RiskAssessment) WHERE assessment.targetKind IN ['COUNTRY', 'QUARRY_AREA']
   RETURN collect(assessment.id) AS ids`,
);

/** Every id any record in the database carries: a string in an answer that is one of these is an id. */
export async function recordIds(graph: Graph): Promise<Set<string>> {
  const [row] = await graph.read(allRecordIds, {});
  return new Set(row?.ids ?? []);
}

/**
 * Nodes within `maxDepth` links upstream of each start, and the links leading to them, following
 * only links of the start's stone type where it names one.
 */
export function upstream(
  links: LinkFact[],
  starts: { nodeId: string; stoneType: string | null }[],
  maxDepth: number,
): Set<string> {
  const byCustomer = new Map<string, LinkFact[]>();
  for (const link of links) {
    const list = byCustomer.get(link.customerId);
    if (list) list.push(link);
    else byCustomer.set(link.customerId, [link]);
  }
  const seen = new Set<string>();
  for (const { nodeId, stoneType } of starts) {
    const distance = new Map([[nodeId, 0]]);
    let frontier = [nodeId];
    for (let hops = 1; hops <= maxDepth && frontier.length > 0; hops++) {
      const next: string[] = [];
      for (const customer of frontier) {
        for (const link of byCustomer.get(customer) ?? []) {
          if (stoneType !== null && link.stoneType !== stoneType) continue;
          seen.add(link.id);
          if (!distance.has(link.supplierId)) {
            distance.set(link.supplierId, hops);
            next.push(link.supplierId);
          }
        }
      }
      frontier = next;
    }
    for (const node of distance.keys()) seen.add(node);
  }
  return seen;
}

/** The ids `viewer` may see in any answer, by the rules above. */
/** Ids every caller may see, without a key too: the merge log's. */
export async function publicIds(graph: Graph): Promise<Set<string>> {
  const [mergeLog] = await graph.read(publicMergeLog, {});
  return new Set(mergeLog?.ids ?? []);
}

export async function visibleIds(graph: Graph, viewer: OracleViewer, maxDepth: number): Promise<Set<string>> {
  const links = await graph.read(allSupplyLinks, {});
  const visible = new Set<string>([viewer.orgId, viewer.keyId]);
  if (viewer.role === 'MEMBER') {
    for (const id of upstream(links, [{ nodeId: viewer.orgId, stoneType: null }], maxDepth)) visible.add(id);
    const [registered] = await graph.read(registeredBy, { orgId: viewer.orgId });
    for (const id of registered?.ids ?? []) visible.add(id);
    for (const row of await graph.read(deliveriesBy, { orgId: viewer.orgId })) {
      visible.add(row.deliveryId).add(row.projectId).add(row.buyerId);
    }
    for (const row of await graph.read(authorisationsOf, { orgId: viewer.orgId })) {
      visible.add(row.id);
      if (row.current) visible.add(row.projectId).add(row.buyerId);
    }
  } else {
    const starts: { nodeId: string; stoneType: string | null }[] = [];
    for (const row of await graph.read(deliveriesFor, { orgId: viewer.orgId })) {
      visible.add(row.projectId);
      if (row.deliveryId && row.importerId && row.stoneType) {
        visible.add(row.deliveryId);
        starts.push({ nodeId: row.importerId, stoneType: row.stoneType });
      }
    }
    for (const id of upstream(links, starts, maxDepth)) visible.add(id);
    for (const row of await graph.read(authorisationsOn, { orgId: viewer.orgId })) {
      visible.add(row.id);
      if (row.importerId) visible.add(row.importerId);
    }
    const [linksOn] = await graph.read(reportLinksOn, { orgId: viewer.orgId });
    for (const id of linksOn?.ids ?? []) visible.add(id);
  }
  for (const query of [notificationRecordsOf, noticedComplaintsOf]) {
    const [records] = await graph.read(query, { orgId: viewer.orgId });
    for (const id of records?.ids ?? []) visible.add(id);
  }
  for (const id of await publicIds(graph)) visible.add(id);
  for (const { id, targetId } of await graph.read(attachedRecords, {})) if (visible.has(targetId)) visible.add(id);
  const [baseline] = await graph.read(baselineAssessments, {});
  for (const id of baseline?.ids ?? []) visible.add(id);
  return visible;
}
