import { areaKey, siteNameKey } from '../shared/siteNames.js';
import { cypher, type Graph } from './graph.js';

/**
 * Constraints and indexes, each idempotent (IF NOT EXISTS), applied at every start-up.
 * Ids are unique per record kind, and chain nodes (quarries, processors, importers) also share one
 * id space, so a supply link can name its supplier and customer by id alone.
 */
const statements = [
  cypher(
    'constraint_chain_node_id',
    'CREATE CONSTRAINT chain_node_id IF NOT EXISTS FOR (n:ChainNode) REQUIRE n.id IS UNIQUE',
  ),
  cypher('constraint_quarry_id', 'CREATE CONSTRAINT quarry_id IF NOT EXISTS FOR (n:Quarry) REQUIRE n.id IS UNIQUE'),
  cypher(
    'constraint_processor_id',
    'CREATE CONSTRAINT processor_id IF NOT EXISTS FOR (n:Processor) REQUIRE n.id IS UNIQUE',
  ),
  cypher(
    'constraint_importer_id',
    'CREATE CONSTRAINT importer_id IF NOT EXISTS FOR (n:Importer) REQUIRE n.id IS UNIQUE',
  ),
  cypher('constraint_buyer_id', 'CREATE CONSTRAINT buyer_id IF NOT EXISTS FOR (n:Buyer) REQUIRE n.id IS UNIQUE'),
  cypher('constraint_project_id', 'CREATE CONSTRAINT project_id IF NOT EXISTS FOR (n:Project) REQUIRE n.id IS UNIQUE'),
  cypher(
    'constraint_delivery_id',
    'CREATE CONSTRAINT delivery_id IF NOT EXISTS FOR (n:Delivery) REQUIRE n.id IS UNIQUE',
  ),
  cypher(
    'constraint_cancelled_delivery_id',
    'CREATE CONSTRAINT cancelled_delivery_id IF NOT EXISTS FOR (n:CancelledDelivery) REQUIRE n.id IS UNIQUE',
  ),
  // One authorisation per (project, importer): concurrent authorisations MERGE onto the same node.
  cypher(
    'constraint_importer_authorisation_key',
    'CREATE CONSTRAINT importer_authorisation_key IF NOT EXISTS FOR (n:ImporterAuthorisation) REQUIRE n.key IS UNIQUE',
  ),
  cypher(
    'constraint_importer_authorisation_id',
    'CREATE CONSTRAINT importer_authorisation_id IF NOT EXISTS FOR (n:ImporterAuthorisation) REQUIRE n.id IS UNIQUE',
  ),
  cypher(
    'constraint_supply_link_id',
    'CREATE CONSTRAINT supply_link_id IF NOT EXISTS FOR (n:SupplyLink) REQUIRE n.id IS UNIQUE',
  ),
  cypher('constraint_api_key_id', 'CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.id IS UNIQUE'),
  // Browser sessions are found by the hash of their id; idle ones are swept by their last use.
  cypher(
    'constraint_browser_session_id_hash',
    'CREATE CONSTRAINT browser_session_id_hash IF NOT EXISTS FOR (n:BrowserSession) REQUIRE n.idHash IS UNIQUE',
  ),
  cypher(
    'index_browser_session_last_seen',
    'CREATE INDEX browser_session_last_seen IF NOT EXISTS FOR (n:BrowserSession) ON (n.lastSeenAt)',
  ),
  // A report link is opened by the hash of its token: unique, so a token opens one link only.
  cypher(
    'constraint_report_link_id',
    'CREATE CONSTRAINT report_link_id IF NOT EXISTS FOR (n:ReportLink) REQUIRE n.id IS UNIQUE',
  ),
  cypher(
    'constraint_report_link_token_hash',
    'CREATE CONSTRAINT report_link_token_hash IF NOT EXISTS FOR (n:ReportLink) REQUIRE n.tokenHash IS UNIQUE',
  ),
  // A complaint's status is asked for by its public reference; the committee lists them by status.
  cypher(
    'constraint_complaint_id',
    'CREATE CONSTRAINT complaint_id IF NOT EXISTS FOR (n:Complaint) REQUIRE n.id IS UNIQUE',
  ),
  cypher(
    'constraint_complaint_reference',
    'CREATE CONSTRAINT complaint_reference IF NOT EXISTS FOR (n:Complaint) REQUIRE n.reference IS UNIQUE',
  ),
  cypher(
    'index_complaint_received',
    'CREATE INDEX complaint_received IF NOT EXISTS FOR (n:Complaint) ON (n.receivedAt, n.id)',
  ),
  cypher(
    'constraint_complaint_note_id',
    'CREATE CONSTRAINT complaint_note_id IF NOT EXISTS FOR (n:ComplaintNote) REQUIRE n.id IS UNIQUE',
  ),
  cypher(
    'constraint_complaint_contact',
    'CREATE CONSTRAINT complaint_contact IF NOT EXISTS FOR (n:ComplaintContact) REQUIRE n.complaintId IS UNIQUE',
  ),
  cypher(
    'constraint_audit_entry_id',
    'CREATE CONSTRAINT audit_entry_id IF NOT EXISTS FOR (n:AuditEntry) REQUIRE n.id IS UNIQUE',
  ),
  cypher(
    'constraint_risk_assessment_id',
    'CREATE CONSTRAINT risk_assessment_id IF NOT EXISTS FOR (n:RiskAssessment) REQUIRE n.id IS UNIQUE',
  ),
  cypher(
    'constraint_action_plan_id',
    'CREATE CONSTRAINT action_plan_id IF NOT EXISTS FOR (n:ActionPlan) REQUIRE n.id IS UNIQUE',
  ),
  // One data version counter (see Graph), however many instances write at once.
  cypher(
    'constraint_data_version_id',
    'CREATE CONSTRAINT data_version_id IF NOT EXISTS FOR (n:DataVersion) REQUIRE n.id IS UNIQUE',
  ),
  cypher(
    'constraint_certificate_id',
    'CREATE CONSTRAINT certificate_id IF NOT EXISTS FOR (n:Certificate) REQUIRE n.id IS UNIQUE',
  ),
  // Traces look up the assessments of every country and quarry area they reach; lists filter by country.
  cypher(
    'index_risk_assessment_country',
    'CREATE INDEX risk_assessment_country IF NOT EXISTS FOR (n:RiskAssessment) ON (n.country)',
  ),
  cypher(
    'index_risk_assessment_kind_country',
    'CREATE INDEX risk_assessment_kind_country IF NOT EXISTS FOR (n:RiskAssessment) ON (n.targetKind, n.country)',
  ),
  cypher(
    'index_risk_assessment_kind_area',
    'CREATE INDEX risk_assessment_kind_area IF NOT EXISTS FOR (n:RiskAssessment) ON (n.targetKind, n.country, n.region)',
  ),
  // Lock nodes and idempotency keys rely on these constraints for their concurrency guarantees.
  cypher(
    'constraint_supply_link_lock',
    'CREATE CONSTRAINT supply_link_lock_key IF NOT EXISTS FOR (n:SupplyLinkLock) REQUIRE n.key IS UNIQUE',
  ),
  cypher(
    'constraint_idempotency_key',
    'CREATE CONSTRAINT idempotency_key IF NOT EXISTS FOR (n:IdempotencyKey) REQUIRE n.scopedKey IS UNIQUE',
  ),
  cypher('index_audit_record', 'CREATE INDEX audit_entry_record IF NOT EXISTS FOR (n:AuditEntry) ON (n.recordId)'),
  cypher(
    'index_audit_organisation',
    'CREATE INDEX audit_entry_organisation IF NOT EXISTS FOR (n:AuditEntry) ON (n.actorOrgId)',
  ),
  // The outbox: an organisation's notifications in seq order, its inbox (the seq and the lock of its
  // webhooks, MERGEd), the followers of a subject, and the deliveries the workers look for.
  cypher(
    'constraint_notification_id',
    'CREATE CONSTRAINT notification_id IF NOT EXISTS FOR (n:Notification) REQUIRE n.id IS UNIQUE',
  ),
  cypher(
    'index_notification_organisation_seq',
    'CREATE INDEX notification_organisation_seq IF NOT EXISTS FOR (n:Notification) ON (n.organisationId, n.seq)',
  ),
  cypher(
    'index_notification_subject',
    'CREATE INDEX notification_subject IF NOT EXISTS FOR (n:Notification) ON (n.subjectKind, n.subjectId)',
  ),
  cypher(
    'constraint_notification_inbox',
    'CREATE CONSTRAINT notification_inbox IF NOT EXISTS FOR (n:NotificationInbox) REQUIRE n.organisationId IS UNIQUE',
  ),
  cypher('constraint_webhook_id', 'CREATE CONSTRAINT webhook_id IF NOT EXISTS FOR (n:Webhook) REQUIRE n.id IS UNIQUE'),
  cypher(
    'index_webhook_organisation',
    'CREATE INDEX webhook_organisation IF NOT EXISTS FOR (n:Webhook) ON (n.organisationId)',
  ),
  cypher(
    'constraint_webhook_secret',
    'CREATE CONSTRAINT webhook_secret IF NOT EXISTS FOR (n:WebhookSecret) REQUIRE n.webhookId IS UNIQUE',
  ),
  cypher(
    'constraint_webhook_delivery_id',
    'CREATE CONSTRAINT webhook_delivery_id IF NOT EXISTS FOR (n:WebhookDelivery) REQUIRE n.id IS UNIQUE',
  ),
  cypher(
    'index_webhook_delivery_due',
    'CREATE INDEX webhook_delivery_due IF NOT EXISTS FOR (n:WebhookDelivery) ON (n.state, n.nextAttemptAt)',
  ),
  // Imports find suppliers by name; lookups by id use the constraints above.
  cypher('index_chain_node_name', 'CREATE INDEX chain_node_name IF NOT EXISTS FOR (n:ChainNode) ON (n.name)'),
  cypher('index_quarry_name', 'CREATE INDEX quarry_name IF NOT EXISTS FOR (n:Quarry) ON (n.name, n.id)'),
  cypher('index_quarry_country', 'CREATE INDEX quarry_country IF NOT EXISTS FOR (n:Quarry) ON (n.country)'),
  // The lists of processors, importers and buyers are pages ordered by name.
  cypher('index_processor_name', 'CREATE INDEX processor_name IF NOT EXISTS FOR (n:Processor) ON (n.name, n.id)'),
  cypher('index_importer_name', 'CREATE INDEX importer_name IF NOT EXISTS FOR (n:Importer) ON (n.name, n.id)'),
  cypher('index_buyer_name', 'CREATE INDEX buyer_name IF NOT EXISTS FOR (n:Buyer) ON (n.name, n.id)'),
  cypher('index_project_name', 'CREATE INDEX project_name IF NOT EXISTS FOR (n:Project) ON (n.name, n.id)'),
  // Likely duplicates: one lookup by folded name and country, one by distance; quarry areas by folded name.
  cypher(
    'index_quarry_name_key',
    'CREATE INDEX quarry_name_key IF NOT EXISTS FOR (n:Quarry) ON (n.nameKey, n.country)',
  ),
  cypher(
    'index_processor_name_key',
    'CREATE INDEX processor_name_key IF NOT EXISTS FOR (n:Processor) ON (n.nameKey, n.country)',
  ),
  cypher(
    'index_quarry_region_key',
    'CREATE INDEX quarry_region_key IF NOT EXISTS FOR (n:Quarry) ON (n.country, n.regionKey)',
  ),
  cypher('index_quarry_location', 'CREATE POINT INDEX quarry_location IF NOT EXISTS FOR (n:Quarry) ON (n.location)'),
  // Registrations of one folded name queue on its lock, so two at once cannot both pass the check.
  cypher(
    'constraint_site_name_lock',
    'CREATE CONSTRAINT site_name_lock_key IF NOT EXISTS FOR (n:SiteNameLock) REQUIRE n.key IS UNIQUE',
  ),
  // A merged site's id resolves through its tombstone; merges are listed newest first.
  cypher(
    'constraint_merged_site_id',
    'CREATE CONSTRAINT merged_site_id IF NOT EXISTS FOR (n:MergedSite) REQUIRE n.id IS UNIQUE',
  ),
  cypher('index_merged_site_into', 'CREATE INDEX merged_site_into IF NOT EXISTS FOR (n:MergedSite) ON (n.mergedInto)'),
  cypher(
    'constraint_site_merge_id',
    'CREATE CONSTRAINT site_merge_id IF NOT EXISTS FOR (n:SiteMerge) REQUIRE n.id IS UNIQUE',
  ),
  cypher('index_site_merge_at', 'CREATE INDEX site_merge_at IF NOT EXISTS FOR (n:SiteMerge) ON (n.mergedAt, n.id)'),
] as const;

const backfillBatch = 1_000;

/** Quarries and processors written before their names (and quarry areas) were stored folded. */
const sitesWithoutKeys = cypher<Record<string, never>, { id: string; name: string; region: string | null }>(
  'sites_without_keys',
  `MATCH (n:ChainNode)
   WHERE (n:Processor AND n.nameKey IS NULL) OR (n:Quarry AND (n.nameKey IS NULL OR n.regionKey IS NULL))
   RETURN n.id AS id, coalesce(n.name, '') AS name, CASE WHEN n:Quarry THEN coalesce(n.region, '') END AS region
   LIMIT ${backfillBatch}`,
);

const setSiteKeys = cypher<{ rows: { id: string; nameKey: string; regionKey: string | null }[] }, never>(
  'site_keys_set',
  `UNWIND $rows AS row
   MATCH (n:ChainNode {id: row.id})
   SET n.nameKey = row.nameKey, n.regionKey = row.regionKey`,
);

/** Folds, in batches, the names and areas of sites that have no folded forms yet; nothing to do once done. */
async function backfillSiteKeys(graph: Graph): Promise<void> {
  for (;;) {
    const rows = await graph.read(sitesWithoutKeys, {});
    if (rows.length === 0) return;
    const keyed = rows.map(({ id, name, region }) => ({
      id,
      nameKey: siteNameKey(name),
      regionKey: region === null ? null : areaKey(region),
    }));
    await graph.write(setSiteKeys, { rows: keyed }, { changesData: false });
  }
}

const indexWaitSeconds = 300;
const awaitIndexes = cypher('await_indexes', `CALL db.awaitIndexes(${indexWaitSeconds})`);

export async function migrate(graph: Graph): Promise<void> {
  for (const statement of statements) {
    try {
      await graph.write(statement, {}, { changesData: false });
    } catch (error) {
      // Two instances starting together can race on the same IF NOT EXISTS: the other one won.
      if (!isEquivalentSchemaRule(error)) throw error;
    }
  }
  // Populating indexes on a large database outlasts any request's time limit.
  await graph.read(awaitIndexes, {}, { timeoutMs: indexWaitSeconds * 1000 });
  await backfillSiteKeys(graph);
}

function isEquivalentSchemaRule(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('Neo.ClientError.Schema.') && /AlreadyExists/.test(code);
}
