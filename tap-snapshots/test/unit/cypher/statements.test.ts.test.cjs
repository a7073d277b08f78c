/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/unit/cypher/statements.test.ts > TAP > action_plan_for_update / any caller 1`] = `
MATCH (node:ActionPlan {id: $id})-[:PLANNED_BY]->(company:ChainNode)
OPTIONAL MATCH (node)-[:ADDRESSES]->(site:ChainNode)
OPTIONAL MATCH (node)-[:ADDRESSES]->(link:SupplyLink)
RETURN node, company, site.id AS siteId, link.id AS linkId
`

exports[`test/unit/cypher/statements.test.ts > TAP > action_plan_set_fields / any caller 1`] = `
MATCH (node:ActionPlan {id: $id})
SET node += $fields, node.dueDate = CASE WHEN $dueDate IS NULL THEN node.dueDate ELSE date($dueDate) END
RETURN node
`

exports[`test/unit/cypher/statements.test.ts > TAP > action_plans_page / ADMIN 1`] = `
CALL () {
  MATCH (company:ChainNode {id: $companyId})<-[:PLANNED_BY]-(plan:ActionPlan)-[:ADDRESSES]->(target)
  WHERE ((target:ChainNode AND true) OR (target:SupplyLink AND true))
  RETURN count(plan) AS totalCount
}
CALL () {
  MATCH (company:ChainNode {id: $companyId})<-[:PLANNED_BY]-(plan:ActionPlan)-[:ADDRESSES]->(target)
  WHERE ((target:ChainNode AND true) OR (target:SupplyLink AND true))
  WITH company, plan, target, coalesce(toString(plan.dueDate), $noDueDate) AS dueKey
  WHERE $afterKey IS NULL
    OR dueKey > $afterKey
    OR (dueKey = $afterKey AND plan.id > $afterId)
  WITH company, plan, target ORDER BY dueKey, plan.id LIMIT $limit
  OPTIONAL MATCH (target)-[:SUPPLIER]->(supplier:ChainNode)
  OPTIONAL MATCH (target)-[:CUSTOMER]->(customer:ChainNode)
  RETURN collect({plan: plan, company: company, target: target, supplier: supplier, customer: customer}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > action_plans_page / ANALYST 1`] = `
CALL () {
  MATCH (company:ChainNode {id: $companyId})<-[:PLANNED_BY]-(plan:ActionPlan)-[:ADDRESSES]->(target)
  WHERE ((target:ChainNode AND true) OR (target:SupplyLink AND true))
  RETURN count(plan) AS totalCount
}
CALL () {
  MATCH (company:ChainNode {id: $companyId})<-[:PLANNED_BY]-(plan:ActionPlan)-[:ADDRESSES]->(target)
  WHERE ((target:ChainNode AND true) OR (target:SupplyLink AND true))
  WITH company, plan, target, coalesce(toString(plan.dueDate), $noDueDate) AS dueKey
  WHERE $afterKey IS NULL
    OR dueKey > $afterKey
    OR (dueKey = $afterKey AND plan.id > $afterId)
  WITH company, plan, target ORDER BY dueKey, plan.id LIMIT $limit
  OPTIONAL MATCH (target)-[:SUPPLIER]->(supplier:ChainNode)
  OPTIONAL MATCH (target)-[:CUSTOMER]->(customer:ChainNode)
  RETURN collect({plan: plan, company: company, target: target, supplier: supplier, customer: customer}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > action_plans_page / BUYER 1`] = `
CALL () {
  MATCH (company:ChainNode {id: $companyId})<-[:PLANNED_BY]-(plan:ActionPlan)-[:ADDRESSES]->(target)
  WHERE ((target:ChainNode AND EXISTS {
    MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
    MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,12} (target)
  }) OR (target:SupplyLink AND EXISTS {
    MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
    MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,11} (:ChainNode)<-[:CUSTOMER]-(target)
    WHERE target.stoneType = vis_d.stoneType
  }))
  RETURN count(plan) AS totalCount
}
CALL () {
  MATCH (company:ChainNode {id: $companyId})<-[:PLANNED_BY]-(plan:ActionPlan)-[:ADDRESSES]->(target)
  WHERE ((target:ChainNode AND EXISTS {
    MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
    MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,12} (target)
  }) OR (target:SupplyLink AND EXISTS {
    MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
    MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,11} (:ChainNode)<-[:CUSTOMER]-(target)
    WHERE target.stoneType = vis_d.stoneType
  }))
  WITH company, plan, target, coalesce(toString(plan.dueDate), $noDueDate) AS dueKey
  WHERE $afterKey IS NULL
    OR dueKey > $afterKey
    OR (dueKey = $afterKey AND plan.id > $afterId)
  WITH company, plan, target ORDER BY dueKey, plan.id LIMIT $limit
  OPTIONAL MATCH (target)-[:SUPPLIER]->(supplier:ChainNode)
  OPTIONAL MATCH (target)-[:CUSTOMER]->(customer:ChainNode)
  RETURN collect({plan: plan, company: company, target: target, supplier: supplier, customer: customer}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > action_plans_page / MEMBER 1`] = `
CALL () {
  MATCH (company:ChainNode {id: $companyId})<-[:PLANNED_BY]-(plan:ActionPlan)-[:ADDRESSES]->(target)
  WHERE ((target:ChainNode AND (EXISTS {
    MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,12} (target)
  } OR EXISTS {
    MATCH (target)-[:REGISTERED_BY]->(:ChainNode {id: $viewer.orgId})
  })) OR (target:SupplyLink AND EXISTS {
    MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,11} (:ChainNode)<-[:CUSTOMER]-(target)
  }))
  RETURN count(plan) AS totalCount
}
CALL () {
  MATCH (company:ChainNode {id: $companyId})<-[:PLANNED_BY]-(plan:ActionPlan)-[:ADDRESSES]->(target)
  WHERE ((target:ChainNode AND (EXISTS {
    MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,12} (target)
  } OR EXISTS {
    MATCH (target)-[:REGISTERED_BY]->(:ChainNode {id: $viewer.orgId})
  })) OR (target:SupplyLink AND EXISTS {
    MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,11} (:ChainNode)<-[:CUSTOMER]-(target)
  }))
  WITH company, plan, target, coalesce(toString(plan.dueDate), $noDueDate) AS dueKey
  WHERE $afterKey IS NULL
    OR dueKey > $afterKey
    OR (dueKey = $afterKey AND plan.id > $afterId)
  WITH company, plan, target ORDER BY dueKey, plan.id LIMIT $limit
  OPTIONAL MATCH (target)-[:SUPPLIER]->(supplier:ChainNode)
  OPTIONAL MATCH (target)-[:CUSTOMER]->(customer:ChainNode)
  RETURN collect({plan: plan, company: company, target: target, supplier: supplier, customer: customer}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > action_plans_upsert / any caller 1`] = `
UNWIND $rows AS row
MATCH (company:ChainNode {id: row.companyId})
MERGE (node:ActionPlan {id: row.id})
SET node.themes = row.themes, node.description = row.description, node.status = row.status, node.dueDate = date(row.dueDate), node.collective = row.collective, node.evidence = row.evidence, node.recordedAt = coalesce(datetime(row.recordedAt), node.recordedAt, datetime())
MERGE (node)-[:PLANNED_BY]->(company)
WITH node, row
OPTIONAL MATCH (site:ChainNode {id: row.siteId})
OPTIONAL MATCH (link:SupplyLink {id: row.linkId})
OPTIONAL MATCH (delivery:Delivery {id: row.deliveryId})
FOREACH (target IN [t IN [site, link, delivery] WHERE t IS NOT NULL] | MERGE (node)-[:ADDRESSES]->(target))
RETURN node
`

exports[`test/unit/cypher/statements.test.ts > TAP > any_record / any caller 1`] = `
OPTIONAL MATCH (n)
WITH n LIMIT 1
RETURN n IS NOT NULL AS found
`

exports[`test/unit/cypher/statements.test.ts > TAP > api_key_by_id / any caller 1`] = `
MATCH (key:ApiKey {id: $id})
OPTIONAL MATCH (version:DataVersion {id: 'graph'})
RETURN key {.id, .role, .orgId, .secretHash, revoked: key.revokedAt IS NOT NULL} AS key, version.value AS dataVersion
`

exports[`test/unit/cypher/statements.test.ts > TAP > api_key_create / any caller 1`] = `
CREATE (:ApiKey {id: $id, role: $role, orgId: $orgId, secretHash: $secretHash, note: $note, createdAt: datetime()})
`

exports[`test/unit/cypher/statements.test.ts > TAP > api_key_list / any caller 1`] = `
MATCH (key:ApiKey)
RETURN key.id AS id, key.role AS role, key.orgId AS orgId, toString(key.createdAt) AS createdAt, toString(key.revokedAt) AS revokedAt, key.note AS note ORDER BY key.createdAt
`

exports[`test/unit/cypher/statements.test.ts > TAP > api_key_revoke / any caller 1`] = `
MATCH (key:ApiKey {id: $id})
SET key.revokedAt = coalesce(key.revokedAt, datetime())
RETURN toString(key.revokedAt) AS revokedAt
`

exports[`test/unit/cypher/statements.test.ts > TAP > api_keys_active_among / any caller 1`] = `
MATCH (key:ApiKey)
WHERE key.id IN $ids
  AND key.revokedAt IS NULL
RETURN key.id AS id, key.role AS role ORDER BY id
`

exports[`test/unit/cypher/statements.test.ts > TAP > audit_append / any caller 1`] = `
UNWIND $entries AS entry
MERGE (e:AuditEntry {id: entry.id})
  ON CREATE SET e += entry, e.at = datetime()
`

exports[`test/unit/cypher/statements.test.ts > TAP > audit_page_by_actorOrgId / any caller 1`] = `
CALL () {
  MATCH (e:AuditEntry {actorOrgId: $value})
  RETURN count(e) AS totalCount
}
CALL () {
  MATCH (e:AuditEntry {actorOrgId: $value})
  WHERE $afterKey IS NULL
    OR toString(e.at) < $afterKey
    OR (toString(e.at) = $afterKey AND e.id < $afterId)
  WITH e ORDER BY e.at DESC, e.id DESC LIMIT $limit
  RETURN collect(e {.id, at: toString(e.at), .action, .recordKind, .recordId, .actorRole, .actorKeyId, actorOrganisationId: e.actorOrgId, .before, .after}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > audit_page_by_recordId / any caller 1`] = `
CALL () {
  MATCH (e:AuditEntry {recordId: $value})
  RETURN count(e) AS totalCount
}
CALL () {
  MATCH (e:AuditEntry {recordId: $value})
  WHERE $afterKey IS NULL
    OR toString(e.at) < $afterKey
    OR (toString(e.at) = $afterKey AND e.id < $afterId)
  WITH e ORDER BY e.at DESC, e.id DESC LIMIT $limit
  RETURN collect(e {.id, at: toString(e.at), .action, .recordKind, .recordId, .actorRole, .actorKeyId, actorOrganisationId: e.actorOrgId, .before, .after}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > await_indexes / any caller 1`] = `
CALL db.awaitIndexes(300)
`

exports[`test/unit/cypher/statements.test.ts > TAP > buyer_by_id / any caller 1`] = `
MATCH (node:Buyer {id: $id})
RETURN node
`

exports[`test/unit/cypher/statements.test.ts > TAP > buyers_page / ADMIN 1`] = `
CALL () {
  MATCH (buyer:Buyer)
  WITH buyer
  WHERE ($country IS NULL OR buyer.country = $country)
  RETURN count(buyer) AS totalCount
}
CALL () {
  MATCH (buyer:Buyer)
  WITH buyer
  WHERE ($country IS NULL OR buyer.country = $country)
    AND ($afterKey IS NULL OR buyer.name > $afterKey OR (buyer.name = $afterKey AND buyer.id > $afterId))
  WITH buyer ORDER BY buyer.name, buyer.id LIMIT $limit
  RETURN collect(buyer) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > buyers_page / ANALYST 1`] = `
CALL () {
  MATCH (buyer:Buyer)
  WITH buyer
  WHERE ($country IS NULL OR buyer.country = $country)
  RETURN count(buyer) AS totalCount
}
CALL () {
  MATCH (buyer:Buyer)
  WITH buyer
  WHERE ($country IS NULL OR buyer.country = $country)
    AND ($afterKey IS NULL OR buyer.name > $afterKey OR (buyer.name = $afterKey AND buyer.id > $afterId))
  WITH buyer ORDER BY buyer.name, buyer.id LIMIT $limit
  RETURN collect(buyer) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > buyers_page / BUYER 1`] = `
CALL () {
  MATCH (buyer:Buyer {id: $viewer.orgId})
  WITH buyer
  WHERE ($country IS NULL OR buyer.country = $country)
  RETURN count(buyer) AS totalCount
}
CALL () {
  MATCH (buyer:Buyer {id: $viewer.orgId})
  WITH buyer
  WHERE ($country IS NULL OR buyer.country = $country)
    AND ($afterKey IS NULL OR buyer.name > $afterKey OR (buyer.name = $afterKey AND buyer.id > $afterId))
  WITH buyer ORDER BY buyer.name, buyer.id LIMIT $limit
  RETURN collect(buyer) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > buyers_page / MEMBER 1`] = `
CALL () {
  CALL () {
    MATCH (:ChainNode {id: $viewer.orgId})<-[:DELIVERED_BY]-(:Delivery)-[:FOR_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(vis_buyer:Buyer)
    RETURN vis_buyer AS buyer
    UNION
    MATCH (:ChainNode {id: $viewer.orgId})<-[:AUTHORISES]-(vis_a:ImporterAuthorisation)-[:ON_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(vis_buyer:Buyer)
    WHERE vis_a.withdrawnAt IS NULL
    RETURN vis_buyer AS buyer
  }
  WITH buyer
  WHERE ($country IS NULL OR buyer.country = $country)
  RETURN count(buyer) AS totalCount
}
CALL () {
  CALL () {
    MATCH (:ChainNode {id: $viewer.orgId})<-[:DELIVERED_BY]-(:Delivery)-[:FOR_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(vis_buyer:Buyer)
    RETURN vis_buyer AS buyer
    UNION
    MATCH (:ChainNode {id: $viewer.orgId})<-[:AUTHORISES]-(vis_a:ImporterAuthorisation)-[:ON_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(vis_buyer:Buyer)
    WHERE vis_a.withdrawnAt IS NULL
    RETURN vis_buyer AS buyer
  }
  WITH buyer
  WHERE ($country IS NULL OR buyer.country = $country)
    AND ($afterKey IS NULL OR buyer.name > $afterKey OR (buyer.name = $afterKey AND buyer.id > $afterId))
  WITH buyer ORDER BY buyer.name, buyer.id LIMIT $limit
  RETURN collect(buyer) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > buyers_upsert / any caller 1`] = `
UNWIND $rows AS row
MERGE (node:Buyer {id: row.id})
SET node.name = row.name, node.country = row.country
RETURN node
`

exports[`test/unit/cypher/statements.test.ts > TAP > certificate_holder_supplies_delivery / any caller 1`] = `
MATCH (delivery:Delivery {id: $deliveryId})-[:DELIVERED_BY]->(importer:Importer)
RETURN importer.id = $holderId
  OR EXISTS {
    MATCH (importer) ((:ChainNode)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE link.stoneType = delivery.stoneType){1,12} (:ChainNode {id: $holderId})
  } AS supplies
`

exports[`test/unit/cypher/statements.test.ts > TAP > certificates_upsert / any caller 1`] = `
UNWIND $rows AS row
MATCH (holder:ChainNode {id: row.holderId})
MERGE (node:Certificate {id: row.id})
SET node.scheme = row.scheme, node.scope = row.scope, node.validFrom = date(row.validFrom), node.validTo = date(row.validTo), node.themes = row.themes, node.reference = row.reference, node.recordedAt = coalesce(datetime(row.recordedAt), node.recordedAt, datetime())
MERGE (node)-[:HELD_BY]->(holder)
WITH node, row
OPTIONAL MATCH (site:ChainNode {id: row.siteId})
OPTIONAL MATCH (link:SupplyLink {id: row.linkId})
OPTIONAL MATCH (delivery:Delivery {id: row.deliveryId})
FOREACH (target IN [t IN [site, link, delivery] WHERE t IS NOT NULL] | MERGE (node)-[:COVERS]->(target))
RETURN node
`

exports[`test/unit/cypher/statements.test.ts > TAP > chain_node_by_id / ADMIN 1`] = `
OPTIONAL MATCH (merged_site:MergedSite {id: $id})
WITH *, coalesce(merged_site.mergedInto, $id) AS id
MATCH (node:ChainNode {id: id})
WHERE true
RETURN node
`

exports[`test/unit/cypher/statements.test.ts > TAP > chain_node_by_id / ANALYST 1`] = `
OPTIONAL MATCH (merged_site:MergedSite {id: $id})
WITH *, coalesce(merged_site.mergedInto, $id) AS id
MATCH (node:ChainNode {id: id})
WHERE true
RETURN node
`

exports[`test/unit/cypher/statements.test.ts > TAP > chain_node_by_id / BUYER 1`] = `
OPTIONAL MATCH (merged_site:MergedSite {id: $id})
WITH *, coalesce(merged_site.mergedInto, $id) AS id
MATCH (node:ChainNode {id: id})
WHERE EXISTS {
  MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
  MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,12} (node)
}
RETURN node
`

exports[`test/unit/cypher/statements.test.ts > TAP > chain_node_by_id / MEMBER 1`] = `
OPTIONAL MATCH (merged_site:MergedSite {id: $id})
WITH *, coalesce(merged_site.mergedInto, $id) AS id
MATCH (node:ChainNode {id: id})
WHERE (EXISTS {
  MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,12} (node)
} OR EXISTS {
  MATCH (node)-[:REGISTERED_BY]->(:ChainNode {id: $viewer.orgId})
})
RETURN node
`

exports[`test/unit/cypher/statements.test.ts > TAP > complaint_by_id / any caller 1`] = `
MATCH (c:Complaint {id: $id})
RETURN c { .id, .reference, .status, .siteId, .companyId, .themes, occurredOn: toString(c.occurredOn), receivedAt: toString(c.receivedAt), updatedAt: toString(c.updatedAt), siteFound: EXISTS { (c)-[:ABOUT]->() }, site: COLLECT {
  MATCH (c)-[:ABOUT]->(site:ChainNode)
  RETURN site
}[0], share: null, committee: c { .country, .area, .place, .description, publicNotes: COLLECT {
  MATCH (n:ComplaintNote {public: true})-[:ON]->(c)
  WITH n ORDER BY n.at, n.id
  RETURN n {at: toString(n.at), .status, .text}
}, internalNotes: COLLECT {
  MATCH (n:ComplaintNote {public: false})-[:ON]->(c)
  WITH n ORDER BY n.at, n.id
  RETURN n {at: toString(n.at), .status, .text}
}, contact: COLLECT {
  MATCH (k:ComplaintContact)-[:OF]->(c)
  RETURN k {.name, .email, .phone}
}[0] } } AS complaint
`

exports[`test/unit/cypher/statements.test.ts > TAP > complaint_create / any caller 1`] = `
MERGE (c:Complaint {id: $id})
  ON CREATE SET c.reference = $reference, c.followUpCodeHash = $followUpCodeHash, c.status = 'RECEIVED', c.siteId = $siteId, c.companyId = $companyId, c.country = $country, c.area = $area, c.place = $place, c.themes = $themes, c.description = $description, c.occurredOn = date($occurredOn), c.receivedAt = datetime(), c.publicNoteCount = 0, c.internalNoteCount = 0
WITH c
CALL (c) {
  OPTIONAL MATCH (merged_site:MergedSite {id: $siteId})
  WITH *, coalesce(merged_site.mergedInto, $siteId) AS siteIdNow
  RETURN siteIdNow
}
CALL (c) {
  OPTIONAL MATCH (merged_site:MergedSite {id: $companyId})
  WITH *, coalesce(merged_site.mergedInto, $companyId) AS companyIdNow
  RETURN companyIdNow
}
OPTIONAL MATCH (site:ChainNode {id: siteIdNow})
WHERE site:Quarry
  OR site:Processor
OPTIONAL MATCH (company:ChainNode {id: companyIdNow})
WHERE company:Importer
  OR company:Processor
FOREACH (about IN [x IN [site, company] WHERE x IS NOT NULL] | MERGE (c)-[:ABOUT]->(about))
FOREACH (contact IN CASE WHEN $contact IS NULL THEN [] ELSE [$contact] END | MERGE (k:ComplaintContact {complaintId: $id}) SET k.name = contact.name, k.email = contact.email, k.phone = contact.phone MERGE (k)-[:OF]->(c))
RETURN c AS complaint
`

exports[`test/unit/cypher/statements.test.ts > TAP > complaint_for_change / any caller 1`] = `
MATCH (c:Complaint {id: $id})
SET c._lock = true
REMOVE c._lock
RETURN c AS complaint
`

exports[`test/unit/cypher/statements.test.ts > TAP > complaint_notify / any caller 1`] = `
MATCH (c:Complaint {id: $id})
CALL (c) {
  UNWIND $projects AS reached
  MATCH (project:Project {id: reached.projectId})
  MERGE (c)-[notice:NOTIFIES]->(project)
  SET notice.share = reached.share, notice.massTonnes = reached.massTonnes
}
CALL (c) {
  UNWIND $organisations AS reached
  MATCH (organisation:ChainNode {id: reached.id})
  MERGE (c)-[notice:NOTIFIES]->(organisation)
  SET notice.share = reached.share, notice.massTonnes = reached.massTonnes
}
`

exports[`test/unit/cypher/statements.test.ts > TAP > complaint_site / any caller 1`] = `
MATCH (c:Complaint {id: $id})-[:ABOUT]->(site:ChainNode)
WHERE site:Quarry
  OR site:Processor
RETURN site.id AS siteId, toString(coalesce(c.occurredOn, date(c.receivedAt))) AS asOf LIMIT 1
`

exports[`test/unit/cypher/statements.test.ts > TAP > complaint_status_by_reference / any caller 1`] = `
MATCH (c:Complaint {reference: $reference})
RETURN c.followUpCodeHash AS codeHash, c.status AS status, COLLECT {
  MATCH (n:ComplaintNote {public: true})-[:ON]->(c)
  WITH n ORDER BY n.at, n.id
  RETURN n {at: toString(n.at), .status, .text}
} AS publicNotes
`

exports[`test/unit/cypher/statements.test.ts > TAP > complaint_update / any caller 1`] = `
MATCH (c:Complaint {id: $id})
SET c.status = $status, c.updatedAt = datetime(), c.publicNoteCount = c.publicNoteCount + size([n IN $notes WHERE n.public]), c.internalNoteCount = c.internalNoteCount + size([n IN $notes WHERE NOT n.public])
FOREACH (note IN $notes | MERGE (n:ComplaintNote {id: note.id}) ON CREATE SET n.public = note.public, n.text = note.text, n.status = $status, n.at = c.updatedAt MERGE (n)-[:ON]->(c))
RETURN c AS complaint
`

exports[`test/unit/cypher/statements.test.ts > TAP > complaints_noticed_page / any caller 1`] = `
CALL () {
  MATCH (c:Complaint)-[:NOTIFIES]->(:ChainNode {id: $viewer.orgId})
  WHERE ($status IS NULL OR c.status = $status)
    AND ($siteId IS NULL OR c.siteId = $siteId OR EXISTS { (c)-[:ABOUT]->(:ChainNode {id: $siteId}) })
  RETURN count(c) AS totalCount
}
CALL () {
  MATCH (c:Complaint)-[notice:NOTIFIES]->(:ChainNode {id: $viewer.orgId})
  WHERE ($status IS NULL OR c.status = $status)
    AND ($siteId IS NULL OR c.siteId = $siteId OR EXISTS { (c)-[:ABOUT]->(:ChainNode {id: $siteId}) })
    AND ($afterKey IS NULL OR c.receivedAt < datetime($afterKey) OR (c.receivedAt = datetime($afterKey) AND c.id < $afterId))
  WITH c, notice ORDER BY c.receivedAt DESC, c.id DESC LIMIT $limit
  RETURN collect(c { .id, .reference, .status, .siteId, .companyId, .themes, occurredOn: toString(c.occurredOn), receivedAt: toString(c.receivedAt), updatedAt: toString(c.updatedAt), siteFound: true, site: COLLECT {
    MATCH (c)-[:ABOUT]->(site:ChainNode)
    RETURN site
  }[0], share: notice.share, committee: null }) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > complaints_page / any caller 1`] = `
CALL () {
  MATCH (c:Complaint)
  WHERE ($status IS NULL OR c.status = $status)
    AND ($siteId IS NULL OR c.siteId = $siteId OR EXISTS { (c)-[:ABOUT]->(:ChainNode {id: $siteId}) })
  RETURN count(c) AS totalCount
}
CALL () {
  MATCH (c:Complaint)
  WHERE ($status IS NULL OR c.status = $status)
    AND ($siteId IS NULL OR c.siteId = $siteId OR EXISTS { (c)-[:ABOUT]->(:ChainNode {id: $siteId}) })
    AND ($afterKey IS NULL OR c.receivedAt < datetime($afterKey) OR (c.receivedAt = datetime($afterKey) AND c.id < $afterId))
  WITH c ORDER BY c.receivedAt DESC, c.id DESC LIMIT $limit
  RETURN collect(c { .id, .reference, .status, .siteId, .companyId, .themes, occurredOn: toString(c.occurredOn), receivedAt: toString(c.receivedAt), updatedAt: toString(c.updatedAt), siteFound: EXISTS { (c)-[:ABOUT]->() }, site: COLLECT {
    MATCH (c)-[:ABOUT]->(site:ChainNode)
    RETURN site
  }[0], share: null, committee: c { .country, .area, .place, .description, publicNotes: COLLECT {
    MATCH (n:ComplaintNote {public: true})-[:ON]->(c)
    WITH n ORDER BY n.at, n.id
    RETURN n {at: toString(n.at), .status, .text}
  }, internalNotes: COLLECT {
    MATCH (n:ComplaintNote {public: false})-[:ON]->(c)
    WITH n ORDER BY n.at, n.id
    RETURN n {at: toString(n.at), .status, .text}
  }, contact: COLLECT {
    MATCH (k:ComplaintContact)-[:OF]->(c)
    RETURN k {.name, .email, .phone}
  }[0] } }) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_action_plan_id / any caller 1`] = `
CREATE CONSTRAINT action_plan_id IF NOT EXISTS FOR (n:ActionPlan) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_api_key_id / any caller 1`] = `
CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_audit_entry_id / any caller 1`] = `
CREATE CONSTRAINT audit_entry_id IF NOT EXISTS FOR (n:AuditEntry) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_browser_session_id_hash / any caller 1`] = `
CREATE CONSTRAINT browser_session_id_hash IF NOT EXISTS FOR (n:BrowserSession) REQUIRE n.idHash IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_buyer_id / any caller 1`] = `
CREATE CONSTRAINT buyer_id IF NOT EXISTS FOR (n:Buyer) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_cancelled_delivery_id / any caller 1`] = `
CREATE CONSTRAINT cancelled_delivery_id IF NOT EXISTS FOR (n:CancelledDelivery) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_certificate_id / any caller 1`] = `
CREATE CONSTRAINT certificate_id IF NOT EXISTS FOR (n:Certificate) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_chain_node_id / any caller 1`] = `
CREATE CONSTRAINT chain_node_id IF NOT EXISTS FOR (n:ChainNode) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_complaint_contact / any caller 1`] = `
CREATE CONSTRAINT complaint_contact IF NOT EXISTS FOR (n:ComplaintContact) REQUIRE n.complaintId IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_complaint_id / any caller 1`] = `
CREATE CONSTRAINT complaint_id IF NOT EXISTS FOR (n:Complaint) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_complaint_note_id / any caller 1`] = `
CREATE CONSTRAINT complaint_note_id IF NOT EXISTS FOR (n:ComplaintNote) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_complaint_reference / any caller 1`] = `
CREATE CONSTRAINT complaint_reference IF NOT EXISTS FOR (n:Complaint) REQUIRE n.reference IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_data_version_id / any caller 1`] = `
CREATE CONSTRAINT data_version_id IF NOT EXISTS FOR (n:DataVersion) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_delivery_id / any caller 1`] = `
CREATE CONSTRAINT delivery_id IF NOT EXISTS FOR (n:Delivery) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_idempotency_key / any caller 1`] = `
CREATE CONSTRAINT idempotency_key IF NOT EXISTS FOR (n:IdempotencyKey) REQUIRE n.scopedKey IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_importer_authorisation_id / any caller 1`] = `
CREATE CONSTRAINT importer_authorisation_id IF NOT EXISTS FOR (n:ImporterAuthorisation) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_importer_authorisation_key / any caller 1`] = `
CREATE CONSTRAINT importer_authorisation_key IF NOT EXISTS FOR (n:ImporterAuthorisation) REQUIRE n.key IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_importer_id / any caller 1`] = `
CREATE CONSTRAINT importer_id IF NOT EXISTS FOR (n:Importer) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_merged_site_id / any caller 1`] = `
CREATE CONSTRAINT merged_site_id IF NOT EXISTS FOR (n:MergedSite) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_notification_id / any caller 1`] = `
CREATE CONSTRAINT notification_id IF NOT EXISTS FOR (n:Notification) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_notification_inbox / any caller 1`] = `
CREATE CONSTRAINT notification_inbox IF NOT EXISTS FOR (n:NotificationInbox) REQUIRE n.organisationId IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_processor_id / any caller 1`] = `
CREATE CONSTRAINT processor_id IF NOT EXISTS FOR (n:Processor) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_project_id / any caller 1`] = `
CREATE CONSTRAINT project_id IF NOT EXISTS FOR (n:Project) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_quarry_id / any caller 1`] = `
CREATE CONSTRAINT quarry_id IF NOT EXISTS FOR (n:Quarry) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_report_link_id / any caller 1`] = `
CREATE CONSTRAINT report_link_id IF NOT EXISTS FOR (n:ReportLink) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_report_link_token_hash / any caller 1`] = `
CREATE CONSTRAINT report_link_token_hash IF NOT EXISTS FOR (n:ReportLink) REQUIRE n.tokenHash IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_risk_assessment_id / any caller 1`] = `
CREATE CONSTRAINT risk_assessment_id IF NOT EXISTS FOR (n:RiskAssessment) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_site_merge_id / any caller 1`] = `
CREATE CONSTRAINT site_merge_id IF NOT EXISTS FOR (n:SiteMerge) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_site_name_lock / any caller 1`] = `
CREATE CONSTRAINT site_name_lock_key IF NOT EXISTS FOR (n:SiteNameLock) REQUIRE n.key IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_supply_link_id / any caller 1`] = `
CREATE CONSTRAINT supply_link_id IF NOT EXISTS FOR (n:SupplyLink) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_supply_link_lock / any caller 1`] = `
CREATE CONSTRAINT supply_link_lock_key IF NOT EXISTS FOR (n:SupplyLinkLock) REQUIRE n.key IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_webhook_delivery_id / any caller 1`] = `
CREATE CONSTRAINT webhook_delivery_id IF NOT EXISTS FOR (n:WebhookDelivery) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_webhook_id / any caller 1`] = `
CREATE CONSTRAINT webhook_id IF NOT EXISTS FOR (n:Webhook) REQUIRE n.id IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > constraint_webhook_secret / any caller 1`] = `
CREATE CONSTRAINT webhook_secret IF NOT EXISTS FOR (n:WebhookSecret) REQUIRE n.webhookId IS UNIQUE
`

exports[`test/unit/cypher/statements.test.ts > TAP > data_version / any caller 1`] = `
MATCH (version:DataVersion {id: 'graph'})
RETURN version.value AS dataVersion
`

exports[`test/unit/cypher/statements.test.ts > TAP > data_version_bump / any caller 1`] = `
MERGE (version:DataVersion {id: 'graph'})
  ON CREATE SET version.value = 1
  ON MATCH SET version.value = version.value + 1
`

exports[`test/unit/cypher/statements.test.ts > TAP > deliveries_of_importers / ADMIN 1`] = `
UNWIND range(0, size($requests) - 1) AS index
WITH index, $requests[index] AS request
MATCH (importer:Importer {id: request.importerId})
CALL (importer) {
  MATCH (delivery:Delivery)-[:DELIVERED_BY]->(importer)
  WHERE true
  RETURN count(delivery) AS totalCount
}
CALL (importer, request) {
  MATCH (delivery:Delivery)-[:DELIVERED_BY]->(importer)
  WHERE (request.afterKey IS NULL OR toString(delivery.deliveredOn) < request.afterKey OR (toString(delivery.deliveredOn) = request.afterKey AND delivery.id < request.afterId))
    AND true
  MATCH (delivery)-[:FOR_PROJECT]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
  WITH delivery, project, buyer ORDER BY delivery.deliveredOn DESC, delivery.id DESC LIMIT $limit
  RETURN collect({delivery: delivery, project: project, buyer: buyer}) AS page
}
RETURN index, importer, totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > deliveries_of_importers / ANALYST 1`] = `
UNWIND range(0, size($requests) - 1) AS index
WITH index, $requests[index] AS request
MATCH (importer:Importer {id: request.importerId})
CALL (importer) {
  MATCH (delivery:Delivery)-[:DELIVERED_BY]->(importer)
  WHERE true
  RETURN count(delivery) AS totalCount
}
CALL (importer, request) {
  MATCH (delivery:Delivery)-[:DELIVERED_BY]->(importer)
  WHERE (request.afterKey IS NULL OR toString(delivery.deliveredOn) < request.afterKey OR (toString(delivery.deliveredOn) = request.afterKey AND delivery.id < request.afterId))
    AND true
  MATCH (delivery)-[:FOR_PROJECT]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
  WITH delivery, project, buyer ORDER BY delivery.deliveredOn DESC, delivery.id DESC LIMIT $limit
  RETURN collect({delivery: delivery, project: project, buyer: buyer}) AS page
}
RETURN index, importer, totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > deliveries_of_importers / BUYER 1`] = `
UNWIND range(0, size($requests) - 1) AS index
WITH index, $requests[index] AS request
MATCH (importer:Importer {id: request.importerId})
CALL (importer) {
  MATCH (delivery:Delivery)-[:DELIVERED_BY]->(importer)
  WHERE EXISTS {
    MATCH (delivery)-[:FOR_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId})
  }
  RETURN count(delivery) AS totalCount
}
CALL (importer, request) {
  MATCH (delivery:Delivery)-[:DELIVERED_BY]->(importer)
  WHERE (request.afterKey IS NULL OR toString(delivery.deliveredOn) < request.afterKey OR (toString(delivery.deliveredOn) = request.afterKey AND delivery.id < request.afterId))
    AND EXISTS {
      MATCH (delivery)-[:FOR_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId})
    }
  MATCH (delivery)-[:FOR_PROJECT]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
  WITH delivery, project, buyer ORDER BY delivery.deliveredOn DESC, delivery.id DESC LIMIT $limit
  RETURN collect({delivery: delivery, project: project, buyer: buyer}) AS page
}
RETURN index, importer, totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > deliveries_of_importers / MEMBER 1`] = `
UNWIND range(0, size($requests) - 1) AS index
WITH index, $requests[index] AS request
MATCH (importer:Importer {id: request.importerId})
CALL (importer) {
  MATCH (delivery:Delivery)-[:DELIVERED_BY]->(importer)
  WHERE EXISTS {
    MATCH (delivery)-[:DELIVERED_BY]->(:ChainNode {id: $viewer.orgId})
  }
  RETURN count(delivery) AS totalCount
}
CALL (importer, request) {
  MATCH (delivery:Delivery)-[:DELIVERED_BY]->(importer)
  WHERE (request.afterKey IS NULL OR toString(delivery.deliveredOn) < request.afterKey OR (toString(delivery.deliveredOn) = request.afterKey AND delivery.id < request.afterId))
    AND EXISTS {
      MATCH (delivery)-[:DELIVERED_BY]->(:ChainNode {id: $viewer.orgId})
    }
  MATCH (delivery)-[:FOR_PROJECT]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
  WITH delivery, project, buyer ORDER BY delivery.deliveredOn DESC, delivery.id DESC LIMIT $limit
  RETURN collect({delivery: delivery, project: project, buyer: buyer}) AS page
}
RETURN index, importer, totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > deliveries_of_projects / ADMIN 1`] = `
UNWIND $projectIds AS projectId
MATCH (delivery:Delivery)-[:FOR_PROJECT]->(:Project {id: projectId})
WHERE true
MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
WITH projectId, delivery, importer ORDER BY delivery.deliveredOn, delivery.id
RETURN projectId, collect({delivery: delivery, importer: importer}) AS items
`

exports[`test/unit/cypher/statements.test.ts > TAP > deliveries_of_projects / ANALYST 1`] = `
UNWIND $projectIds AS projectId
MATCH (delivery:Delivery)-[:FOR_PROJECT]->(:Project {id: projectId})
WHERE true
MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
WITH projectId, delivery, importer ORDER BY delivery.deliveredOn, delivery.id
RETURN projectId, collect({delivery: delivery, importer: importer}) AS items
`

exports[`test/unit/cypher/statements.test.ts > TAP > deliveries_of_projects / BUYER 1`] = `
UNWIND $projectIds AS projectId
MATCH (delivery:Delivery)-[:FOR_PROJECT]->(:Project {id: projectId})
WHERE EXISTS {
  MATCH (delivery)-[:FOR_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId})
}
MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
WITH projectId, delivery, importer ORDER BY delivery.deliveredOn, delivery.id
RETURN projectId, collect({delivery: delivery, importer: importer}) AS items
`

exports[`test/unit/cypher/statements.test.ts > TAP > deliveries_of_projects / MEMBER 1`] = `
UNWIND $projectIds AS projectId
MATCH (delivery:Delivery)-[:FOR_PROJECT]->(:Project {id: projectId})
WHERE EXISTS {
  MATCH (delivery)-[:DELIVERED_BY]->(:ChainNode {id: $viewer.orgId})
}
MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
WITH projectId, delivery, importer ORDER BY delivery.deliveredOn, delivery.id
RETURN projectId, collect({delivery: delivery, importer: importer}) AS items
`

exports[`test/unit/cypher/statements.test.ts > TAP > delivery_by_id / ADMIN 1`] = `
MATCH (delivery:Delivery {id: $id})
WHERE true
MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer), (delivery)-[:FOR_PROJECT]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
RETURN delivery, importer, project, buyer
`

exports[`test/unit/cypher/statements.test.ts > TAP > delivery_by_id / ANALYST 1`] = `
MATCH (delivery:Delivery {id: $id})
WHERE true
MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer), (delivery)-[:FOR_PROJECT]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
RETURN delivery, importer, project, buyer
`

exports[`test/unit/cypher/statements.test.ts > TAP > delivery_by_id / BUYER 1`] = `
MATCH (delivery:Delivery {id: $id})
WHERE EXISTS {
  MATCH (delivery)-[:FOR_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId})
}
MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer), (delivery)-[:FOR_PROJECT]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
RETURN delivery, importer, project, buyer
`

exports[`test/unit/cypher/statements.test.ts > TAP > delivery_by_id / MEMBER 1`] = `
MATCH (delivery:Delivery {id: $id})
WHERE EXISTS {
  MATCH (delivery)-[:DELIVERED_BY]->(:ChainNode {id: $viewer.orgId})
}
MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer), (delivery)-[:FOR_PROJECT]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
RETURN delivery, importer, project, buyer
`

exports[`test/unit/cypher/statements.test.ts > TAP > delivery_cancel / any caller 1`] = `
MATCH (delivery:Delivery {id: $id})
REMOVE delivery:Delivery
SET delivery:CancelledDelivery, delivery.cancelledAt = datetime(), delivery.cancellationReason = $reason
RETURN delivery
`

exports[`test/unit/cypher/statements.test.ts > TAP > delivery_correct / any caller 1`] = `
MATCH (delivery:Delivery {id: $id})
SET delivery.stoneType = coalesce($fields.stoneType, delivery.stoneType), delivery.quantity = coalesce($fields.quantity, delivery.quantity), delivery.unit = coalesce($fields.unit, delivery.unit), delivery.massTonnes = coalesce($fields.massTonnes, delivery.massTonnes), delivery.deliveredOn = coalesce(date($fields.deliveredOn), delivery.deliveredOn)
RETURN delivery
`

exports[`test/unit/cypher/statements.test.ts > TAP > delivery_create / any caller 1`] = `
MATCH (project:Project {id: $projectId}), (importer:Importer {id: $importerId})
MERGE (delivery:Delivery {id: $id})
  ON CREATE SET delivery.stoneType = $stoneType, delivery.quantity = $quantity, delivery.unit = $unit, delivery.massTonnes = $massTonnes, delivery.deliveredOn = date($deliveredOn), delivery.createdAt = datetime(), delivery.declaredOriginCountry = $declaredOriginCountry, delivery.declaredOriginArea = $declaredOriginArea
MERGE (delivery)-[:FOR_PROJECT]->(project)
MERGE (delivery)-[:DELIVERED_BY]->(importer)
RETURN delivery, importer
`

exports[`test/unit/cypher/statements.test.ts > TAP > delivery_for_change / any caller 1`] = `
CALL () {
  MATCH (delivery:Delivery {id: $id})
  RETURN delivery
  UNION
  MATCH (delivery:CancelledDelivery {id: $id})
  RETURN delivery
}
SET delivery._lock = true
REMOVE delivery._lock
WITH delivery
MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer), (delivery)-[:FOR_PROJECT]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
RETURN delivery, importer, project, buyer
`

exports[`test/unit/cypher/statements.test.ts > TAP > delivery_in_any_state_seen / ADMIN 1`] = `
CALL () {
  MATCH (delivery:Delivery {id: $id})
  RETURN delivery
  UNION
  MATCH (delivery:CancelledDelivery {id: $id})
  RETURN delivery
}
WITH delivery
WHERE true
RETURN delivery.id AS id
`

exports[`test/unit/cypher/statements.test.ts > TAP > delivery_in_any_state_seen / ANALYST 1`] = `
CALL () {
  MATCH (delivery:Delivery {id: $id})
  RETURN delivery
  UNION
  MATCH (delivery:CancelledDelivery {id: $id})
  RETURN delivery
}
WITH delivery
WHERE true
RETURN delivery.id AS id
`

exports[`test/unit/cypher/statements.test.ts > TAP > delivery_in_any_state_seen / BUYER 1`] = `
CALL () {
  MATCH (delivery:Delivery {id: $id})
  RETURN delivery
  UNION
  MATCH (delivery:CancelledDelivery {id: $id})
  RETURN delivery
}
WITH delivery
WHERE EXISTS {
  MATCH (delivery)-[:FOR_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId})
}
RETURN delivery.id AS id
`

exports[`test/unit/cypher/statements.test.ts > TAP > delivery_in_any_state_seen / MEMBER 1`] = `
CALL () {
  MATCH (delivery:Delivery {id: $id})
  RETURN delivery
  UNION
  MATCH (delivery:CancelledDelivery {id: $id})
  RETURN delivery
}
WITH delivery
WHERE EXISTS {
  MATCH (delivery)-[:DELIVERED_BY]->(:ChainNode {id: $viewer.orgId})
}
RETURN delivery.id AS id
`

exports[`test/unit/cypher/statements.test.ts > TAP > idempotency_claim / any caller 1`] = `
MERGE (key:IdempotencyKey {scopedKey: $scopedKey})
  ON CREATE SET key.mutation = $mutation, key.inputHash = $inputHash, key.createdAt = datetime()
RETURN key.mutation AS mutation, key.inputHash AS inputHash, key.resultId AS resultId
`

exports[`test/unit/cypher/statements.test.ts > TAP > idempotency_settle / any caller 1`] = `
MATCH (key:IdempotencyKey {scopedKey: $scopedKey})
SET key.resultId = $resultId
`

exports[`test/unit/cypher/statements.test.ts > TAP > import_named_suppliers / ADMIN 1`] = `
UNWIND range(0, size($wanted) - 1) AS index
WITH index, $wanted[index] AS w
CALL (w) {
  MATCH (node:Quarry {nameKey: w.nameKey, country: w.country})
  WHERE w.kind = 'QUARRY'
  RETURN node
  UNION
  MATCH (node:Processor {nameKey: w.nameKey, country: w.country})
  WHERE w.kind = 'PROCESSOR'
  RETURN node
}
WITH index, w, node
WHERE true
WITH index, node ORDER BY node.name = w.name DESC, node.id
RETURN index, head(collect(node)) AS node
`

exports[`test/unit/cypher/statements.test.ts > TAP > import_named_suppliers / ANALYST 1`] = `
UNWIND range(0, size($wanted) - 1) AS index
WITH index, $wanted[index] AS w
CALL (w) {
  MATCH (node:Quarry {nameKey: w.nameKey, country: w.country})
  WHERE w.kind = 'QUARRY'
  RETURN node
  UNION
  MATCH (node:Processor {nameKey: w.nameKey, country: w.country})
  WHERE w.kind = 'PROCESSOR'
  RETURN node
}
WITH index, w, node
WHERE true
WITH index, node ORDER BY node.name = w.name DESC, node.id
RETURN index, head(collect(node)) AS node
`

exports[`test/unit/cypher/statements.test.ts > TAP > import_named_suppliers / BUYER 1`] = `
UNWIND range(0, size($wanted) - 1) AS index
WITH index, $wanted[index] AS w
CALL (w) {
  MATCH (node:Quarry {nameKey: w.nameKey, country: w.country})
  WHERE w.kind = 'QUARRY'
  RETURN node
  UNION
  MATCH (node:Processor {nameKey: w.nameKey, country: w.country})
  WHERE w.kind = 'PROCESSOR'
  RETURN node
}
WITH index, w, node
WHERE EXISTS {
  MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
  MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,12} (node)
}
WITH index, node ORDER BY node.name = w.name DESC, node.id
RETURN index, head(collect(node)) AS node
`

exports[`test/unit/cypher/statements.test.ts > TAP > import_named_suppliers / MEMBER 1`] = `
UNWIND range(0, size($wanted) - 1) AS index
WITH index, $wanted[index] AS w
CALL (w) {
  MATCH (node:Quarry {nameKey: w.nameKey, country: w.country})
  WHERE w.kind = 'QUARRY'
  RETURN node
  UNION
  MATCH (node:Processor {nameKey: w.nameKey, country: w.country})
  WHERE w.kind = 'PROCESSOR'
  RETURN node
}
WITH index, w, node
WHERE (EXISTS {
  MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,12} (node)
} OR EXISTS {
  MATCH (node)-[:REGISTERED_BY]->(:ChainNode {id: $viewer.orgId})
})
WITH index, node ORDER BY node.name = w.name DESC, node.id
RETURN index, head(collect(node)) AS node
`

exports[`test/unit/cypher/statements.test.ts > TAP > import_suppliers_by_id / ADMIN 1`] = `
UNWIND $ids AS given
OPTIONAL MATCH (merged_site:MergedSite {id: given})
WITH *, coalesce(merged_site.mergedInto, given) AS id
MATCH (node:ChainNode {id: id})
WHERE true
RETURN given, node
`

exports[`test/unit/cypher/statements.test.ts > TAP > import_suppliers_by_id / ANALYST 1`] = `
UNWIND $ids AS given
OPTIONAL MATCH (merged_site:MergedSite {id: given})
WITH *, coalesce(merged_site.mergedInto, given) AS id
MATCH (node:ChainNode {id: id})
WHERE true
RETURN given, node
`

exports[`test/unit/cypher/statements.test.ts > TAP > import_suppliers_by_id / BUYER 1`] = `
UNWIND $ids AS given
OPTIONAL MATCH (merged_site:MergedSite {id: given})
WITH *, coalesce(merged_site.mergedInto, given) AS id
MATCH (node:ChainNode {id: id})
WHERE EXISTS {
  MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
  MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,12} (node)
}
RETURN given, node
`

exports[`test/unit/cypher/statements.test.ts > TAP > import_suppliers_by_id / MEMBER 1`] = `
UNWIND $ids AS given
OPTIONAL MATCH (merged_site:MergedSite {id: given})
WITH *, coalesce(merged_site.mergedInto, given) AS id
MATCH (node:ChainNode {id: id})
WHERE (EXISTS {
  MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,12} (node)
} OR EXISTS {
  MATCH (node)-[:REGISTERED_BY]->(:ChainNode {id: $viewer.orgId})
})
RETURN given, node
`

exports[`test/unit/cypher/statements.test.ts > TAP > importer_authorisation_claim / any caller 1`] = `
MATCH (project:Project {id: $projectId}), (importer:Importer {id: $importerId})
MERGE (authorisation:ImporterAuthorisation {key: $key})
  ON CREATE SET authorisation.id = $id
MERGE (authorisation)-[:ON_PROJECT]->(project)
MERGE (authorisation)-[:AUTHORISES]->(importer)
SET authorisation._lock = true
REMOVE authorisation._lock
RETURN authorisation
`

exports[`test/unit/cypher/statements.test.ts > TAP > importer_authorisation_for_change / any caller 1`] = `
MATCH (authorisation:ImporterAuthorisation {key: $key})
SET authorisation._lock = true
REMOVE authorisation._lock
RETURN authorisation
`

exports[`test/unit/cypher/statements.test.ts > TAP > importer_authorisation_grant / any caller 1`] = `
MATCH (authorisation:ImporterAuthorisation {key: $key})
SET authorisation.authorisedAt = datetime(), authorisation.authorisedByRole = $role
REMOVE authorisation.withdrawnAt
RETURN authorisation
`

exports[`test/unit/cypher/statements.test.ts > TAP > importer_authorisation_withdraw / any caller 1`] = `
MATCH (authorisation:ImporterAuthorisation {key: $key})
SET authorisation.withdrawnAt = datetime()
RETURN authorisation
`

exports[`test/unit/cypher/statements.test.ts > TAP > importer_authorisations_of_projects / ADMIN 1`] = `
UNWIND $projectIds AS projectId
MATCH (authorisation:ImporterAuthorisation)-[:ON_PROJECT]->(:Project {id: projectId})
WHERE authorisation.withdrawnAt IS NULL
  AND true
MATCH (authorisation)-[:AUTHORISES]->(importer:Importer)
WITH projectId, authorisation, importer ORDER BY importer.name, importer.id
RETURN projectId, collect({authorisation: authorisation, importer: importer}) AS items
`

exports[`test/unit/cypher/statements.test.ts > TAP > importer_authorisations_of_projects / ANALYST 1`] = `
UNWIND $projectIds AS projectId
MATCH (authorisation:ImporterAuthorisation)-[:ON_PROJECT]->(:Project {id: projectId})
WHERE authorisation.withdrawnAt IS NULL
  AND true
MATCH (authorisation)-[:AUTHORISES]->(importer:Importer)
WITH projectId, authorisation, importer ORDER BY importer.name, importer.id
RETURN projectId, collect({authorisation: authorisation, importer: importer}) AS items
`

exports[`test/unit/cypher/statements.test.ts > TAP > importer_authorisations_of_projects / BUYER 1`] = `
UNWIND $projectIds AS projectId
MATCH (authorisation:ImporterAuthorisation)-[:ON_PROJECT]->(:Project {id: projectId})
WHERE authorisation.withdrawnAt IS NULL
  AND EXISTS {
    MATCH (authorisation)-[:ON_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId})
  }
MATCH (authorisation)-[:AUTHORISES]->(importer:Importer)
WITH projectId, authorisation, importer ORDER BY importer.name, importer.id
RETURN projectId, collect({authorisation: authorisation, importer: importer}) AS items
`

exports[`test/unit/cypher/statements.test.ts > TAP > importer_authorisations_of_projects / MEMBER 1`] = `
UNWIND $projectIds AS projectId
MATCH (authorisation:ImporterAuthorisation)-[:ON_PROJECT]->(:Project {id: projectId})
WHERE authorisation.withdrawnAt IS NULL
  AND EXISTS {
    MATCH (authorisation)-[:AUTHORISES]->(:ChainNode {id: $viewer.orgId})
  }
MATCH (authorisation)-[:AUTHORISES]->(importer:Importer)
WITH projectId, authorisation, importer ORDER BY importer.name, importer.id
RETURN projectId, collect({authorisation: authorisation, importer: importer}) AS items
`

exports[`test/unit/cypher/statements.test.ts > TAP > importer_by_id / any caller 1`] = `
MATCH (importer:Importer {id: $id})
RETURN importer
`

exports[`test/unit/cypher/statements.test.ts > TAP > importers_page / ADMIN 1`] = `
CALL () {
  MATCH (importer:Importer)
  WITH importer
  WHERE ($country IS NULL OR importer.country = $country)
  RETURN count(importer) AS totalCount
}
CALL () {
  MATCH (importer:Importer)
  WITH importer
  WHERE ($country IS NULL OR importer.country = $country)
    AND ($afterKey IS NULL OR importer.name > $afterKey OR (importer.name = $afterKey AND importer.id > $afterId))
  WITH importer ORDER BY importer.name, importer.id LIMIT $limit
  RETURN collect(importer) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > importers_page / ANALYST 1`] = `
CALL () {
  MATCH (importer:Importer)
  WITH importer
  WHERE ($country IS NULL OR importer.country = $country)
  RETURN count(importer) AS totalCount
}
CALL () {
  MATCH (importer:Importer)
  WITH importer
  WHERE ($country IS NULL OR importer.country = $country)
    AND ($afterKey IS NULL OR importer.name > $afterKey OR (importer.name = $afterKey AND importer.id > $afterId))
  WITH importer ORDER BY importer.name, importer.id LIMIT $limit
  RETURN collect(importer) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > importers_page / BUYER 1`] = `
CALL () {
  CALL () {
    MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
    MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,12} (vis_node:Importer)
    RETURN DISTINCT vis_node AS importer
  }
  WITH importer
  WHERE ($country IS NULL OR importer.country = $country)
  RETURN count(importer) AS totalCount
}
CALL () {
  CALL () {
    MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
    MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,12} (vis_node:Importer)
    RETURN DISTINCT vis_node AS importer
  }
  WITH importer
  WHERE ($country IS NULL OR importer.country = $country)
    AND ($afterKey IS NULL OR importer.name > $afterKey OR (importer.name = $afterKey AND importer.id > $afterId))
  WITH importer ORDER BY importer.name, importer.id LIMIT $limit
  RETURN collect(importer) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > importers_page / MEMBER 1`] = `
CALL () {
  CALL () {
    MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,12} (vis_node:ChainNode)
    WITH DISTINCT vis_node
    WHERE vis_node:Importer
    RETURN vis_node AS importer
    UNION
    MATCH (vis_node:Importer)-[:REGISTERED_BY]->(:ChainNode {id: $viewer.orgId})
    RETURN vis_node AS importer
  }
  WITH importer
  WHERE ($country IS NULL OR importer.country = $country)
  RETURN count(importer) AS totalCount
}
CALL () {
  CALL () {
    MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,12} (vis_node:ChainNode)
    WITH DISTINCT vis_node
    WHERE vis_node:Importer
    RETURN vis_node AS importer
    UNION
    MATCH (vis_node:Importer)-[:REGISTERED_BY]->(:ChainNode {id: $viewer.orgId})
    RETURN vis_node AS importer
  }
  WITH importer
  WHERE ($country IS NULL OR importer.country = $country)
    AND ($afterKey IS NULL OR importer.name > $afterKey OR (importer.name = $afterKey AND importer.id > $afterId))
  WITH importer ORDER BY importer.name, importer.id LIMIT $limit
  RETURN collect(importer) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > importers_upsert / any caller 1`] = `
UNWIND $rows AS row
MERGE (node:ChainNode:Importer {id: row.id})
SET node.name = row.name, node.country = row.country, node.covenantMember = row.covenantMember
RETURN node
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_audit_organisation / any caller 1`] = `
CREATE INDEX audit_entry_organisation IF NOT EXISTS FOR (n:AuditEntry) ON (n.actorOrgId)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_audit_record / any caller 1`] = `
CREATE INDEX audit_entry_record IF NOT EXISTS FOR (n:AuditEntry) ON (n.recordId)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_browser_session_last_seen / any caller 1`] = `
CREATE INDEX browser_session_last_seen IF NOT EXISTS FOR (n:BrowserSession) ON (n.lastSeenAt)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_buyer_name / any caller 1`] = `
CREATE INDEX buyer_name IF NOT EXISTS FOR (n:Buyer) ON (n.name, n.id)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_chain_node_name / any caller 1`] = `
CREATE INDEX chain_node_name IF NOT EXISTS FOR (n:ChainNode) ON (n.name)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_complaint_received / any caller 1`] = `
CREATE INDEX complaint_received IF NOT EXISTS FOR (n:Complaint) ON (n.receivedAt, n.id)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_importer_name / any caller 1`] = `
CREATE INDEX importer_name IF NOT EXISTS FOR (n:Importer) ON (n.name, n.id)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_merged_site_into / any caller 1`] = `
CREATE INDEX merged_site_into IF NOT EXISTS FOR (n:MergedSite) ON (n.mergedInto)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_notification_organisation_seq / any caller 1`] = `
CREATE INDEX notification_organisation_seq IF NOT EXISTS FOR (n:Notification) ON (n.organisationId, n.seq)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_notification_subject / any caller 1`] = `
CREATE INDEX notification_subject IF NOT EXISTS FOR (n:Notification) ON (n.subjectKind, n.subjectId)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_processor_name / any caller 1`] = `
CREATE INDEX processor_name IF NOT EXISTS FOR (n:Processor) ON (n.name, n.id)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_processor_name_key / any caller 1`] = `
CREATE INDEX processor_name_key IF NOT EXISTS FOR (n:Processor) ON (n.nameKey, n.country)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_project_name / any caller 1`] = `
CREATE INDEX project_name IF NOT EXISTS FOR (n:Project) ON (n.name, n.id)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_quarry_country / any caller 1`] = `
CREATE INDEX quarry_country IF NOT EXISTS FOR (n:Quarry) ON (n.country)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_quarry_location / any caller 1`] = `
CREATE POINT INDEX quarry_location IF NOT EXISTS FOR (n:Quarry) ON (n.location)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_quarry_name / any caller 1`] = `
CREATE INDEX quarry_name IF NOT EXISTS FOR (n:Quarry) ON (n.name, n.id)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_quarry_name_key / any caller 1`] = `
CREATE INDEX quarry_name_key IF NOT EXISTS FOR (n:Quarry) ON (n.nameKey, n.country)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_quarry_region_key / any caller 1`] = `
CREATE INDEX quarry_region_key IF NOT EXISTS FOR (n:Quarry) ON (n.country, n.regionKey)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_risk_assessment_country / any caller 1`] = `
CREATE INDEX risk_assessment_country IF NOT EXISTS FOR (n:RiskAssessment) ON (n.country)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_risk_assessment_kind_area / any caller 1`] = `
CREATE INDEX risk_assessment_kind_area IF NOT EXISTS FOR (n:RiskAssessment) ON (n.targetKind, n.country, n.region)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_risk_assessment_kind_country / any caller 1`] = `
CREATE INDEX risk_assessment_kind_country IF NOT EXISTS FOR (n:RiskAssessment) ON (n.targetKind, n.country)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_site_merge_at / any caller 1`] = `
CREATE INDEX site_merge_at IF NOT EXISTS FOR (n:SiteMerge) ON (n.mergedAt, n.id)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_webhook_delivery_due / any caller 1`] = `
CREATE INDEX webhook_delivery_due IF NOT EXISTS FOR (n:WebhookDelivery) ON (n.state, n.nextAttemptAt)
`

exports[`test/unit/cypher/statements.test.ts > TAP > index_webhook_organisation / any caller 1`] = `
CREATE INDEX webhook_organisation IF NOT EXISTS FOR (n:Webhook) ON (n.organisationId)
`

exports[`test/unit/cypher/statements.test.ts > TAP > notification_inbox_for_change / any caller 1`] = `
MERGE (box:NotificationInbox {organisationId: $organisationId})
  ON CREATE SET box.seq = 0
SET box._lock = true
REMOVE box._lock
WITH box
RETURN COUNT {
  MATCH (hook:Webhook {organisationId: box.organisationId})
  WHERE hook.removedAt IS NULL
} AS webhooks
`

exports[`test/unit/cypher/statements.test.ts > TAP > notifications_append / any caller 1`] = `
UNWIND $inboxes AS inbox
MERGE (box:NotificationInbox {organisationId: inbox.organisationId})
  ON CREATE SET box.seq = 0
SET box.seq = box.seq + size(inbox.notifications)
WITH inbox, box.seq - size(inbox.notifications) AS before
UNWIND range(0, size(inbox.notifications) - 1) AS index
WITH inbox, before + index + 1 AS seq, inbox.notifications[index] AS n
CREATE (event:Notification {id: n.id, type: n.type, organisationId: inbox.organisationId, seq: seq, subjectKind: n.subjectKind, subjectId: n.subjectId, data: n.data, occurredAt: datetime()})
WITH event
CALL (event) {
  MATCH (hook:Webhook {organisationId: event.organisationId})
  WHERE hook.removedAt IS NULL
    AND event.type IN hook.events
  CREATE (delivery:WebhookDelivery {id: randomUUID(), state: 'PENDING', attempts: 0, nextAttemptAt: event.occurredAt, createdAt: event.occurredAt})
  CREATE (delivery)-[:OF]->(event), (delivery)-[:TO]->(hook)
}
`

exports[`test/unit/cypher/statements.test.ts > TAP > notifications_buyers_reached_by_links / any caller 1`] = `
UNWIND $linkIds AS linkId
MATCH (link:SupplyLink {id: linkId})-[:CUSTOMER]->(customer:ChainNode)
WITH customer, link.stoneType AS stoneType, collect(link) AS links
CALL (customer, stoneType) {
  MATCH (customer) ((:ChainNode)<-[:SUPPLIER]-(hop:SupplyLink)-[:CUSTOMER]->(:ChainNode) WHERE hop.stoneType = stoneType){0,11} (importer:Importer)
  WITH DISTINCT importer
  MATCH (importer)<-[:DELIVERED_BY]-(delivery:Delivery {stoneType: stoneType}) -[:FOR_PROJECT]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
  RETURN buyer.id AS buyerId, collect(DISTINCT project.id) AS projectIds
}
UNWIND links AS link
MATCH (link)-[:SUPPLIER]->(supplier:ChainNode)
RETURN buyerId, projectIds, link {.id, supplierId: supplier.id, customerId: customer.id, .stoneType, validFrom: toString(link.validFrom), validTo: toString(link.validTo)} AS link
`

exports[`test/unit/cypher/statements.test.ts > TAP > notifications_page / any caller 1`] = `
CALL () {
  MATCH (event:Notification {organisationId: $organisationId})
  RETURN count(event) AS totalCount
}
CALL () {
  MATCH (event:Notification {organisationId: $organisationId})
  WHERE $afterKey IS NULL
    OR event.seq > toInteger($afterKey)
  WITH event ORDER BY event.seq LIMIT $limit
  RETURN collect(event {.id, .type, occurredAt: toString(event.occurredAt), .subjectKind, .subjectId, .data, .seq}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > notifications_recipients_of_subject / any caller 1`] = `
MATCH (event:Notification {subjectKind: $subjectKind, subjectId: $subjectId})
RETURN DISTINCT event.organisationId AS organisationId
`

exports[`test/unit/cypher/statements.test.ts > TAP > organisation_kind / any caller 1`] = `
MATCH (org {id: $id})
WHERE org:Importer
  OR org:Processor
  OR org:Buyer
RETURN labels(org) AS labels
`

exports[`test/unit/cypher/statements.test.ts > TAP > processor_likely_duplicates / ADMIN 1`] = `
MATCH (site:Processor {nameKey: $nameKey, country: $country})
RETURN site AS node, true AS sameName, null AS metres, true AS seen ORDER BY site.id
`

exports[`test/unit/cypher/statements.test.ts > TAP > processor_likely_duplicates / ANALYST 1`] = `
MATCH (site:Processor {nameKey: $nameKey, country: $country})
RETURN site AS node, true AS sameName, null AS metres, true AS seen ORDER BY site.id
`

exports[`test/unit/cypher/statements.test.ts > TAP > processor_likely_duplicates / BUYER 1`] = `
MATCH (site:Processor {nameKey: $nameKey, country: $country})
RETURN site AS node, true AS sameName, null AS metres, EXISTS {
  MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
  MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,12} (site)
} AS seen ORDER BY site.id
`

exports[`test/unit/cypher/statements.test.ts > TAP > processor_likely_duplicates / MEMBER 1`] = `
MATCH (site:Processor {nameKey: $nameKey, country: $country})
RETURN site AS node, true AS sameName, null AS metres, (EXISTS {
  MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,12} (site)
} OR EXISTS {
  MATCH (site)-[:REGISTERED_BY]->(:ChainNode {id: $viewer.orgId})
}) AS seen ORDER BY site.id
`

exports[`test/unit/cypher/statements.test.ts > TAP > processors_page / ADMIN 1`] = `
CALL () {
  MATCH (processor:Processor)
  WITH processor
  WHERE ($country IS NULL OR processor.country = $country)
  RETURN count(processor) AS totalCount
}
CALL () {
  MATCH (processor:Processor)
  WITH processor
  WHERE ($country IS NULL OR processor.country = $country)
    AND ($afterKey IS NULL OR processor.name > $afterKey OR (processor.name = $afterKey AND processor.id > $afterId))
  WITH processor ORDER BY processor.name, processor.id LIMIT $limit
  RETURN collect(processor) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > processors_page / ANALYST 1`] = `
CALL () {
  MATCH (processor:Processor)
  WITH processor
  WHERE ($country IS NULL OR processor.country = $country)
  RETURN count(processor) AS totalCount
}
CALL () {
  MATCH (processor:Processor)
  WITH processor
  WHERE ($country IS NULL OR processor.country = $country)
    AND ($afterKey IS NULL OR processor.name > $afterKey OR (processor.name = $afterKey AND processor.id > $afterId))
  WITH processor ORDER BY processor.name, processor.id LIMIT $limit
  RETURN collect(processor) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > processors_page / BUYER 1`] = `
CALL () {
  CALL () {
    MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
    MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,12} (vis_node:Processor)
    RETURN DISTINCT vis_node AS processor
  }
  WITH processor
  WHERE ($country IS NULL OR processor.country = $country)
  RETURN count(processor) AS totalCount
}
CALL () {
  CALL () {
    MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
    MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,12} (vis_node:Processor)
    RETURN DISTINCT vis_node AS processor
  }
  WITH processor
  WHERE ($country IS NULL OR processor.country = $country)
    AND ($afterKey IS NULL OR processor.name > $afterKey OR (processor.name = $afterKey AND processor.id > $afterId))
  WITH processor ORDER BY processor.name, processor.id LIMIT $limit
  RETURN collect(processor) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > processors_page / MEMBER 1`] = `
CALL () {
  CALL () {
    MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,12} (vis_node:ChainNode)
    WITH DISTINCT vis_node
    WHERE vis_node:Processor
    RETURN vis_node AS processor
    UNION
    MATCH (vis_node:Processor)-[:REGISTERED_BY]->(:ChainNode {id: $viewer.orgId})
    RETURN vis_node AS processor
  }
  WITH processor
  WHERE ($country IS NULL OR processor.country = $country)
  RETURN count(processor) AS totalCount
}
CALL () {
  CALL () {
    MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,12} (vis_node:ChainNode)
    WITH DISTINCT vis_node
    WHERE vis_node:Processor
    RETURN vis_node AS processor
    UNION
    MATCH (vis_node:Processor)-[:REGISTERED_BY]->(:ChainNode {id: $viewer.orgId})
    RETURN vis_node AS processor
  }
  WITH processor
  WHERE ($country IS NULL OR processor.country = $country)
    AND ($afterKey IS NULL OR processor.name > $afterKey OR (processor.name = $afterKey AND processor.id > $afterId))
  WITH processor ORDER BY processor.name, processor.id LIMIT $limit
  RETURN collect(processor) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > processors_upsert / any caller 1`] = `
UNWIND $rows AS row
MERGE (node:ChainNode:Processor {id: row.id})
SET node.name = row.name, node.country = row.country, node.city = row.city, node.nameKey = row.nameKey
WITH node, row
OPTIONAL MATCH (org:ChainNode {id: row.registeredBy})
FOREACH (o IN CASE WHEN org IS NULL THEN [] ELSE [org] END | MERGE (node)-[:REGISTERED_BY]->(o))
RETURN node
`

exports[`test/unit/cypher/statements.test.ts > TAP > progress_links / any caller 1`] = `
MATCH (supplier:ChainNode)<-[:SUPPLIER]-(link:SupplyLink)-[:CUSTOMER]->(customer:ChainNode)
WHERE link.validFrom.year <= $lastYear
RETURN supplier.id AS supplierId, CASE WHEN supplier:Quarry THEN 'QUARRY' WHEN supplier:Processor THEN 'PROCESSOR' ELSE 'IMPORTER' END AS supplierKind, customer.id AS customerId, customer:Importer AS toImporter, link.stoneType AS stoneType, link.validFrom.year AS fromYear, link.validTo.year AS toYear, link.annualVolumeTonnes AS volume
`

exports[`test/unit/cypher/statements.test.ts > TAP > project_by_id / ADMIN 1`] = `
MATCH (project:Project {id: $id})
WHERE true
MATCH (project)-[:COMMISSIONED_BY]->(buyer:Buyer)
RETURN project, buyer
`

exports[`test/unit/cypher/statements.test.ts > TAP > project_by_id / ANALYST 1`] = `
MATCH (project:Project {id: $id})
WHERE true
MATCH (project)-[:COMMISSIONED_BY]->(buyer:Buyer)
RETURN project, buyer
`

exports[`test/unit/cypher/statements.test.ts > TAP > project_by_id / BUYER 1`] = `
MATCH (project:Project {id: $id})
WHERE EXISTS {
  MATCH (project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId})
}
MATCH (project)-[:COMMISSIONED_BY]->(buyer:Buyer)
RETURN project, buyer
`

exports[`test/unit/cypher/statements.test.ts > TAP > project_by_id / MEMBER 1`] = `
MATCH (project:Project {id: $id})
WHERE (EXISTS {
  MATCH (project)<-[:FOR_PROJECT]-(:Delivery)-[:DELIVERED_BY]->(:ChainNode {id: $viewer.orgId})
} OR EXISTS {
  MATCH (project)<-[:ON_PROJECT]-(vis_a:ImporterAuthorisation)-[:AUTHORISES]->(:ChainNode {id: $viewer.orgId})
  WHERE vis_a.withdrawnAt IS NULL
})
MATCH (project)-[:COMMISSIONED_BY]->(buyer:Buyer)
RETURN project, buyer
`

exports[`test/unit/cypher/statements.test.ts > TAP > project_complaints / ADMIN 1`] = `
MATCH (project:Project {id: $projectId})<-[notice:NOTIFIES]-(c:Complaint)
WHERE true
  AND ($viewer.role <> 'MEMBER' OR EXISTS { (c)-[:NOTIFIES]->(:ChainNode {id: $viewer.orgId}) })
WITH c, notice ORDER BY c.receivedAt DESC, c.id DESC
RETURN c.reference AS reference, c.themes AS themes, c.status AS status, CASE WHEN $viewer.role = 'MEMBER' THEN null ELSE notice.share END AS share, COLLECT {
  MATCH (c)-[:ABOUT]->(site:ChainNode)
  WHERE true
  RETURN site
}[0] AS site
`

exports[`test/unit/cypher/statements.test.ts > TAP > project_complaints / ANALYST 1`] = `
MATCH (project:Project {id: $projectId})<-[notice:NOTIFIES]-(c:Complaint)
WHERE true
  AND ($viewer.role <> 'MEMBER' OR EXISTS { (c)-[:NOTIFIES]->(:ChainNode {id: $viewer.orgId}) })
WITH c, notice ORDER BY c.receivedAt DESC, c.id DESC
RETURN c.reference AS reference, c.themes AS themes, c.status AS status, CASE WHEN $viewer.role = 'MEMBER' THEN null ELSE notice.share END AS share, COLLECT {
  MATCH (c)-[:ABOUT]->(site:ChainNode)
  WHERE true
  RETURN site
}[0] AS site
`

exports[`test/unit/cypher/statements.test.ts > TAP > project_complaints / BUYER 1`] = `
MATCH (project:Project {id: $projectId})<-[notice:NOTIFIES]-(c:Complaint)
WHERE EXISTS {
  MATCH (project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId})
}
  AND ($viewer.role <> 'MEMBER' OR EXISTS { (c)-[:NOTIFIES]->(:ChainNode {id: $viewer.orgId}) })
WITH c, notice ORDER BY c.receivedAt DESC, c.id DESC
RETURN c.reference AS reference, c.themes AS themes, c.status AS status, CASE WHEN $viewer.role = 'MEMBER' THEN null ELSE notice.share END AS share, COLLECT {
  MATCH (c)-[:ABOUT]->(site:ChainNode)
  WHERE EXISTS {
    MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
    MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,12} (site)
  }
  RETURN site
}[0] AS site
`

exports[`test/unit/cypher/statements.test.ts > TAP > project_complaints / MEMBER 1`] = `
MATCH (project:Project {id: $projectId})<-[notice:NOTIFIES]-(c:Complaint)
WHERE (EXISTS {
  MATCH (project)<-[:FOR_PROJECT]-(:Delivery)-[:DELIVERED_BY]->(:ChainNode {id: $viewer.orgId})
} OR EXISTS {
  MATCH (project)<-[:ON_PROJECT]-(vis_a:ImporterAuthorisation)-[:AUTHORISES]->(:ChainNode {id: $viewer.orgId})
  WHERE vis_a.withdrawnAt IS NULL
})
  AND ($viewer.role <> 'MEMBER' OR EXISTS { (c)-[:NOTIFIES]->(:ChainNode {id: $viewer.orgId}) })
WITH c, notice ORDER BY c.receivedAt DESC, c.id DESC
RETURN c.reference AS reference, c.themes AS themes, c.status AS status, CASE WHEN $viewer.role = 'MEMBER' THEN null ELSE notice.share END AS share, COLLECT {
  MATCH (c)-[:ABOUT]->(site:ChainNode)
  WHERE (EXISTS {
    MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,12} (site)
  } OR EXISTS {
    MATCH (site)-[:REGISTERED_BY]->(:ChainNode {id: $viewer.orgId})
  })
  RETURN site
}[0] AS site
`

exports[`test/unit/cypher/statements.test.ts > TAP > project_for_delivery / any caller 1`] = `
MATCH (project:Project {id: $id})-[:COMMISSIONED_BY]->(buyer:Buyer)
RETURN project, buyer
`

exports[`test/unit/cypher/statements.test.ts > TAP > project_trace / ADMIN 1`] = `
OPTIONAL MATCH (version:DataVersion {id: 'graph'})
WITH version.value AS dataVersion
UNWIND $projectIds AS projectId
MATCH (project:Project {id: projectId})-[:COMMISSIONED_BY]->(buyer:Buyer)
WHERE true
CALL (project) {
  MATCH (delivery:Delivery)-[:FOR_PROJECT]->(project)
  WHERE true
  MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
  WITH delivery, importer, coalesce(date($asOf), delivery.deliveredOn) AS windowEnd
  WITH delivery, importer, windowEnd, windowEnd - duration({days: $leadTimeDays}) AS windowStart
  CALL (delivery, importer, windowStart, windowEnd) {
    WITH [importer] AS frontier, [importer] AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    UNWIND reached AS customer
    MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
    WHERE link.stoneType = delivery.stoneType
      AND link.validFrom <= windowEnd
      AND (link.validTo IS NULL OR link.validTo >= windowStart)
    RETURN collect({link: link, supplierId: supplier.id, customerId: customer.id}) AS links, collect(DISTINCT supplier) AS suppliers
  }
  WITH delivery, importer, links, suppliers ORDER BY delivery.deliveredOn, delivery.id
  RETURN collect({delivery: delivery, importer: importer, links: links}) AS deliveries, reduce(all = [], s IN collect(suppliers) | all + s) AS suppliers
}
CALL (dataVersion, project, buyer, deliveries, suppliers) {
  RETURN ['project', project, buyer, [d IN deliveries | [d.delivery, d.importer]], dataVersion] AS part
  UNION ALL
  UNWIND deliveries AS d
  UNWIND d.links AS row
  RETURN ['link', d.delivery.id, row.supplierId, row.customerId, [row.link.id, row.link.stoneType, toString(row.link.validFrom), toString(row.link.validTo), row.link.annualVolumeTonnes]] AS part
  UNION ALL
  UNWIND suppliers AS node
  WITH DISTINCT node
  RETURN ['node', labels(node), [node.id, node.name, node.country, node.region, node.city, node.covenantMember, node.location, node.stoneTypes]] AS part
}
RETURN project.id AS projectId, part
`

exports[`test/unit/cypher/statements.test.ts > TAP > project_trace / ANALYST 1`] = `
OPTIONAL MATCH (version:DataVersion {id: 'graph'})
WITH version.value AS dataVersion
UNWIND $projectIds AS projectId
MATCH (project:Project {id: projectId})-[:COMMISSIONED_BY]->(buyer:Buyer)
WHERE true
CALL (project) {
  MATCH (delivery:Delivery)-[:FOR_PROJECT]->(project)
  WHERE true
  MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
  WITH delivery, importer, coalesce(date($asOf), delivery.deliveredOn) AS windowEnd
  WITH delivery, importer, windowEnd, windowEnd - duration({days: $leadTimeDays}) AS windowStart
  CALL (delivery, importer, windowStart, windowEnd) {
    WITH [importer] AS frontier, [importer] AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    UNWIND reached AS customer
    MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
    WHERE link.stoneType = delivery.stoneType
      AND link.validFrom <= windowEnd
      AND (link.validTo IS NULL OR link.validTo >= windowStart)
    RETURN collect({link: link, supplierId: supplier.id, customerId: customer.id}) AS links, collect(DISTINCT supplier) AS suppliers
  }
  WITH delivery, importer, links, suppliers ORDER BY delivery.deliveredOn, delivery.id
  RETURN collect({delivery: delivery, importer: importer, links: links}) AS deliveries, reduce(all = [], s IN collect(suppliers) | all + s) AS suppliers
}
CALL (dataVersion, project, buyer, deliveries, suppliers) {
  RETURN ['project', project, buyer, [d IN deliveries | [d.delivery, d.importer]], dataVersion] AS part
  UNION ALL
  UNWIND deliveries AS d
  UNWIND d.links AS row
  RETURN ['link', d.delivery.id, row.supplierId, row.customerId, [row.link.id, row.link.stoneType, toString(row.link.validFrom), toString(row.link.validTo), row.link.annualVolumeTonnes]] AS part
  UNION ALL
  UNWIND suppliers AS node
  WITH DISTINCT node
  RETURN ['node', labels(node), [node.id, node.name, node.country, node.region, node.city, node.covenantMember, node.location, node.stoneTypes]] AS part
}
RETURN project.id AS projectId, part
`

exports[`test/unit/cypher/statements.test.ts > TAP > project_trace / BUYER 1`] = `
OPTIONAL MATCH (version:DataVersion {id: 'graph'})
WITH version.value AS dataVersion
UNWIND $projectIds AS projectId
MATCH (project:Project {id: projectId})-[:COMMISSIONED_BY]->(buyer:Buyer)
WHERE EXISTS {
  MATCH (project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId})
}
CALL (project) {
  MATCH (delivery:Delivery)-[:FOR_PROJECT]->(project)
  WHERE EXISTS {
    MATCH (delivery)-[:FOR_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId})
  }
  MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
  WITH delivery, importer, coalesce(date($asOf), delivery.deliveredOn) AS windowEnd
  WITH delivery, importer, windowEnd, windowEnd - duration({days: $leadTimeDays}) AS windowStart
  CALL (delivery, importer, windowStart, windowEnd) {
    WITH [importer] AS frontier, [importer] AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    UNWIND reached AS customer
    MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
    WHERE link.stoneType = delivery.stoneType
      AND link.validFrom <= windowEnd
      AND (link.validTo IS NULL OR link.validTo >= windowStart)
    RETURN collect({link: link, supplierId: supplier.id, customerId: customer.id}) AS links, collect(DISTINCT supplier) AS suppliers
  }
  WITH delivery, importer, links, suppliers ORDER BY delivery.deliveredOn, delivery.id
  RETURN collect({delivery: delivery, importer: importer, links: links}) AS deliveries, reduce(all = [], s IN collect(suppliers) | all + s) AS suppliers
}
CALL (dataVersion, project, buyer, deliveries, suppliers) {
  RETURN ['project', project, buyer, [d IN deliveries | [d.delivery, d.importer]], dataVersion] AS part
  UNION ALL
  UNWIND deliveries AS d
  UNWIND d.links AS row
  RETURN ['link', d.delivery.id, row.supplierId, row.customerId, [row.link.id, row.link.stoneType, toString(row.link.validFrom), toString(row.link.validTo), row.link.annualVolumeTonnes]] AS part
  UNION ALL
  UNWIND suppliers AS node
  WITH DISTINCT node
  RETURN ['node', labels(node), [node.id, node.name, node.country, node.region, node.city, node.covenantMember, node.location, node.stoneTypes]] AS part
}
RETURN project.id AS projectId, part
`

exports[`test/unit/cypher/statements.test.ts > TAP > project_trace / MEMBER 1`] = `
OPTIONAL MATCH (version:DataVersion {id: 'graph'})
WITH version.value AS dataVersion
UNWIND $projectIds AS projectId
MATCH (project:Project {id: projectId})-[:COMMISSIONED_BY]->(buyer:Buyer)
WHERE (EXISTS {
  MATCH (project)<-[:FOR_PROJECT]-(:Delivery)-[:DELIVERED_BY]->(:ChainNode {id: $viewer.orgId})
} OR EXISTS {
  MATCH (project)<-[:ON_PROJECT]-(vis_a:ImporterAuthorisation)-[:AUTHORISES]->(:ChainNode {id: $viewer.orgId})
  WHERE vis_a.withdrawnAt IS NULL
})
CALL (project) {
  MATCH (delivery:Delivery)-[:FOR_PROJECT]->(project)
  WHERE EXISTS {
    MATCH (delivery)-[:DELIVERED_BY]->(:ChainNode {id: $viewer.orgId})
  }
  MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
  WITH delivery, importer, coalesce(date($asOf), delivery.deliveredOn) AS windowEnd
  WITH delivery, importer, windowEnd, windowEnd - duration({days: $leadTimeDays}) AS windowStart
  CALL (delivery, importer, windowStart, windowEnd) {
    WITH [importer] AS frontier, [importer] AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    UNWIND reached AS customer
    MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
    WHERE link.stoneType = delivery.stoneType
      AND link.validFrom <= windowEnd
      AND (link.validTo IS NULL OR link.validTo >= windowStart)
    RETURN collect({link: link, supplierId: supplier.id, customerId: customer.id}) AS links, collect(DISTINCT supplier) AS suppliers
  }
  WITH delivery, importer, links, suppliers ORDER BY delivery.deliveredOn, delivery.id
  RETURN collect({delivery: delivery, importer: importer, links: links}) AS deliveries, reduce(all = [], s IN collect(suppliers) | all + s) AS suppliers
}
CALL (dataVersion, project, buyer, deliveries, suppliers) {
  RETURN ['project', project, buyer, [d IN deliveries | [d.delivery, d.importer]], dataVersion] AS part
  UNION ALL
  UNWIND deliveries AS d
  UNWIND d.links AS row
  RETURN ['link', d.delivery.id, row.supplierId, row.customerId, [row.link.id, row.link.stoneType, toString(row.link.validFrom), toString(row.link.validTo), row.link.annualVolumeTonnes]] AS part
  UNION ALL
  UNWIND suppliers AS node
  WITH DISTINCT node
  RETURN ['node', labels(node), [node.id, node.name, node.country, node.region, node.city, node.covenantMember, node.location, node.stoneTypes]] AS part
}
RETURN project.id AS projectId, part
`

exports[`test/unit/cypher/statements.test.ts > TAP > project_trace_with_risks / ADMIN 1`] = `
OPTIONAL MATCH (version:DataVersion {id: 'graph'})
WITH version.value AS dataVersion
UNWIND $projectIds AS projectId
MATCH (project:Project {id: projectId})-[:COMMISSIONED_BY]->(buyer:Buyer)
WHERE true
CALL (project) {
  MATCH (delivery:Delivery)-[:FOR_PROJECT]->(project)
  WHERE true
  MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
  WITH delivery, importer, coalesce(date($asOf), delivery.deliveredOn) AS windowEnd
  WITH delivery, importer, windowEnd, windowEnd - duration({days: $leadTimeDays}) AS windowStart
  CALL (delivery, importer, windowStart, windowEnd) {
    WITH [importer] AS frontier, [importer] AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    UNWIND reached AS customer
    MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
    WHERE link.stoneType = delivery.stoneType
      AND link.validFrom <= windowEnd
      AND (link.validTo IS NULL OR link.validTo >= windowStart)
    RETURN collect({link: link, supplierId: supplier.id, customerId: customer.id}) AS links, collect(DISTINCT supplier) AS suppliers
  }
  WITH delivery, importer, links, suppliers ORDER BY delivery.deliveredOn, delivery.id
  RETURN collect({delivery: delivery, importer: importer, links: links}) AS deliveries, reduce(all = [], s IN collect(suppliers) | all + s) AS suppliers
}
CALL (deliveries, suppliers) {
  // Concatenating each delivery's links onto a growing list would copy it once per delivery.
  WITH suppliers + [d IN deliveries | d.importer] AS sites, COLLECT {
    UNWIND deliveries AS d
    UNWIND d.links AS row
    RETURN DISTINCT row.link
  } AS links, [d IN deliveries | d.delivery] AS delivered
  CALL (sites) {
    UNWIND sites AS site
    WITH DISTINCT site.country AS country
    MATCH (assessment:RiskAssessment {targetKind: 'COUNTRY', country: country})
    RETURN collect(assessment) AS countryAssessments
  }
  CALL (sites) {
    UNWIND [site IN sites WHERE site:Quarry] AS quarry
    WITH DISTINCT quarry.country AS country, quarry.region AS region
    MATCH (assessment:RiskAssessment {targetKind: 'QUARRY_AREA', country: country, region: region})
    RETURN collect(assessment) AS quarryAreaAssessments
  }
  CALL (sites, links, delivered) {
    UNWIND sites + links + delivered AS target
    WITH DISTINCT target
    MATCH (target)<-[:ASSESSES|ADDRESSES|COVERS|ABOUT]-(item)
    WHERE NOT item:Complaint
      OR item.status IN ['ADMISSIBLE', 'IN_DIALOGUE', 'CLOSED']
    OPTIONAL MATCH (item)-[:PLANNED_BY|HELD_BY]->(organisation:ChainNode)
    RETURN collect({item: item, targetId: target.id, organisation: organisation}) AS evidence
  }
  RETURN countryAssessments + quarryAreaAssessments AS areaAssessments, evidence
}
CALL (dataVersion, project, buyer, deliveries, suppliers, areaAssessments, evidence) {
  RETURN ['project', project, buyer, [d IN deliveries | [d.delivery, d.importer]], dataVersion] AS part
  UNION ALL
  UNWIND deliveries AS d
  UNWIND d.links AS row
  RETURN ['link', d.delivery.id, row.supplierId, row.customerId, [row.link.id, row.link.stoneType, toString(row.link.validFrom), toString(row.link.validTo), row.link.annualVolumeTonnes]] AS part
  UNION ALL
  UNWIND suppliers AS node
  WITH DISTINCT node
  RETURN ['node', labels(node), [node.id, node.name, node.country, node.region, node.city, node.covenantMember, node.location, node.stoneTypes]] AS part
  UNION ALL
  UNWIND areaAssessments AS assessment
  RETURN ['areaAssessment', assessment] AS part
  UNION ALL
  UNWIND evidence AS found
  RETURN ['evidence', found.item, found.targetId, found.organisation] AS part
}
RETURN project.id AS projectId, part
`

exports[`test/unit/cypher/statements.test.ts > TAP > project_trace_with_risks / ANALYST 1`] = `
OPTIONAL MATCH (version:DataVersion {id: 'graph'})
WITH version.value AS dataVersion
UNWIND $projectIds AS projectId
MATCH (project:Project {id: projectId})-[:COMMISSIONED_BY]->(buyer:Buyer)
WHERE true
CALL (project) {
  MATCH (delivery:Delivery)-[:FOR_PROJECT]->(project)
  WHERE true
  MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
  WITH delivery, importer, coalesce(date($asOf), delivery.deliveredOn) AS windowEnd
  WITH delivery, importer, windowEnd, windowEnd - duration({days: $leadTimeDays}) AS windowStart
  CALL (delivery, importer, windowStart, windowEnd) {
    WITH [importer] AS frontier, [importer] AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    UNWIND reached AS customer
    MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
    WHERE link.stoneType = delivery.stoneType
      AND link.validFrom <= windowEnd
      AND (link.validTo IS NULL OR link.validTo >= windowStart)
    RETURN collect({link: link, supplierId: supplier.id, customerId: customer.id}) AS links, collect(DISTINCT supplier) AS suppliers
  }
  WITH delivery, importer, links, suppliers ORDER BY delivery.deliveredOn, delivery.id
  RETURN collect({delivery: delivery, importer: importer, links: links}) AS deliveries, reduce(all = [], s IN collect(suppliers) | all + s) AS suppliers
}
CALL (deliveries, suppliers) {
  // Concatenating each delivery's links onto a growing list would copy it once per delivery.
  WITH suppliers + [d IN deliveries | d.importer] AS sites, COLLECT {
    UNWIND deliveries AS d
    UNWIND d.links AS row
    RETURN DISTINCT row.link
  } AS links, [d IN deliveries | d.delivery] AS delivered
  CALL (sites) {
    UNWIND sites AS site
    WITH DISTINCT site.country AS country
    MATCH (assessment:RiskAssessment {targetKind: 'COUNTRY', country: country})
    RETURN collect(assessment) AS countryAssessments
  }
  CALL (sites) {
    UNWIND [site IN sites WHERE site:Quarry] AS quarry
    WITH DISTINCT quarry.country AS country, quarry.region AS region
    MATCH (assessment:RiskAssessment {targetKind: 'QUARRY_AREA', country: country, region: region})
    RETURN collect(assessment) AS quarryAreaAssessments
  }
  CALL (sites, links, delivered) {
    UNWIND sites + links + delivered AS target
    WITH DISTINCT target
    MATCH (target)<-[:ASSESSES|ADDRESSES|COVERS|ABOUT]-(item)
    WHERE NOT item:Complaint
      OR item.status IN ['ADMISSIBLE', 'IN_DIALOGUE', 'CLOSED']
    OPTIONAL MATCH (item)-[:PLANNED_BY|HELD_BY]->(organisation:ChainNode)
    RETURN collect({item: item, targetId: target.id, organisation: organisation}) AS evidence
  }
  RETURN countryAssessments + quarryAreaAssessments AS areaAssessments, evidence
}
CALL (dataVersion, project, buyer, deliveries, suppliers, areaAssessments, evidence) {
  RETURN ['project', project, buyer, [d IN deliveries | [d.delivery, d.importer]], dataVersion] AS part
  UNION ALL
  UNWIND deliveries AS d
  UNWIND d.links AS row
  RETURN ['link', d.delivery.id, row.supplierId, row.customerId, [row.link.id, row.link.stoneType, toString(row.link.validFrom), toString(row.link.validTo), row.link.annualVolumeTonnes]] AS part
  UNION ALL
  UNWIND suppliers AS node
  WITH DISTINCT node
  RETURN ['node', labels(node), [node.id, node.name, node.country, node.region, node.city, node.covenantMember, node.location, node.stoneTypes]] AS part
  UNION ALL
  UNWIND areaAssessments AS assessment
  RETURN ['areaAssessment', assessment] AS part
  UNION ALL
  UNWIND evidence AS found
  RETURN ['evidence', found.item, found.targetId, found.organisation] AS part
}
RETURN project.id AS projectId, part
`

exports[`test/unit/cypher/statements.test.ts > TAP > project_trace_with_risks / BUYER 1`] = `
OPTIONAL MATCH (version:DataVersion {id: 'graph'})
WITH version.value AS dataVersion
UNWIND $projectIds AS projectId
MATCH (project:Project {id: projectId})-[:COMMISSIONED_BY]->(buyer:Buyer)
WHERE EXISTS {
  MATCH (project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId})
}
CALL (project) {
  MATCH (delivery:Delivery)-[:FOR_PROJECT]->(project)
  WHERE EXISTS {
    MATCH (delivery)-[:FOR_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId})
  }
  MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
  WITH delivery, importer, coalesce(date($asOf), delivery.deliveredOn) AS windowEnd
  WITH delivery, importer, windowEnd, windowEnd - duration({days: $leadTimeDays}) AS windowStart
  CALL (delivery, importer, windowStart, windowEnd) {
    WITH [importer] AS frontier, [importer] AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    UNWIND reached AS customer
    MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
    WHERE link.stoneType = delivery.stoneType
      AND link.validFrom <= windowEnd
      AND (link.validTo IS NULL OR link.validTo >= windowStart)
    RETURN collect({link: link, supplierId: supplier.id, customerId: customer.id}) AS links, collect(DISTINCT supplier) AS suppliers
  }
  WITH delivery, importer, links, suppliers ORDER BY delivery.deliveredOn, delivery.id
  RETURN collect({delivery: delivery, importer: importer, links: links}) AS deliveries, reduce(all = [], s IN collect(suppliers) | all + s) AS suppliers
}
CALL (deliveries, suppliers) {
  // Concatenating each delivery's links onto a growing list would copy it once per delivery.
  WITH suppliers + [d IN deliveries | d.importer] AS sites, COLLECT {
    UNWIND deliveries AS d
    UNWIND d.links AS row
    RETURN DISTINCT row.link
  } AS links, [d IN deliveries | d.delivery] AS delivered
  CALL (sites) {
    UNWIND sites AS site
    WITH DISTINCT site.country AS country
    MATCH (assessment:RiskAssessment {targetKind: 'COUNTRY', country: country})
    RETURN collect(assessment) AS countryAssessments
  }
  CALL (sites) {
    UNWIND [site IN sites WHERE site:Quarry] AS quarry
    WITH DISTINCT quarry.country AS country, quarry.region AS region
    MATCH (assessment:RiskAssessment {targetKind: 'QUARRY_AREA', country: country, region: region})
    RETURN collect(assessment) AS quarryAreaAssessments
  }
  CALL (sites, links, delivered) {
    UNWIND sites + links + delivered AS target
    WITH DISTINCT target
    MATCH (target)<-[:ASSESSES|ADDRESSES|COVERS|ABOUT]-(item)
    WHERE NOT item:Complaint
      OR item.status IN ['ADMISSIBLE', 'IN_DIALOGUE', 'CLOSED']
    OPTIONAL MATCH (item)-[:PLANNED_BY|HELD_BY]->(organisation:ChainNode)
    RETURN collect({item: item, targetId: target.id, organisation: organisation}) AS evidence
  }
  RETURN countryAssessments + quarryAreaAssessments AS areaAssessments, evidence
}
CALL (dataVersion, project, buyer, deliveries, suppliers, areaAssessments, evidence) {
  RETURN ['project', project, buyer, [d IN deliveries | [d.delivery, d.importer]], dataVersion] AS part
  UNION ALL
  UNWIND deliveries AS d
  UNWIND d.links AS row
  RETURN ['link', d.delivery.id, row.supplierId, row.customerId, [row.link.id, row.link.stoneType, toString(row.link.validFrom), toString(row.link.validTo), row.link.annualVolumeTonnes]] AS part
  UNION ALL
  UNWIND suppliers AS node
  WITH DISTINCT node
  RETURN ['node', labels(node), [node.id, node.name, node.country, node.region, node.city, node.covenantMember, node.location, node.stoneTypes]] AS part
  UNION ALL
  UNWIND areaAssessments AS assessment
  RETURN ['areaAssessment', assessment] AS part
  UNION ALL
  UNWIND evidence AS found
  RETURN ['evidence', found.item, found.targetId, found.organisation] AS part
}
RETURN project.id AS projectId, part
`

exports[`test/unit/cypher/statements.test.ts > TAP > project_trace_with_risks / MEMBER 1`] = `
OPTIONAL MATCH (version:DataVersion {id: 'graph'})
WITH version.value AS dataVersion
UNWIND $projectIds AS projectId
MATCH (project:Project {id: projectId})-[:COMMISSIONED_BY]->(buyer:Buyer)
WHERE (EXISTS {
  MATCH (project)<-[:FOR_PROJECT]-(:Delivery)-[:DELIVERED_BY]->(:ChainNode {id: $viewer.orgId})
} OR EXISTS {
  MATCH (project)<-[:ON_PROJECT]-(vis_a:ImporterAuthorisation)-[:AUTHORISES]->(:ChainNode {id: $viewer.orgId})
  WHERE vis_a.withdrawnAt IS NULL
})
CALL (project) {
  MATCH (delivery:Delivery)-[:FOR_PROJECT]->(project)
  WHERE EXISTS {
    MATCH (delivery)-[:DELIVERED_BY]->(:ChainNode {id: $viewer.orgId})
  }
  MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
  WITH delivery, importer, coalesce(date($asOf), delivery.deliveredOn) AS windowEnd
  WITH delivery, importer, windowEnd, windowEnd - duration({days: $leadTimeDays}) AS windowStart
  CALL (delivery, importer, windowStart, windowEnd) {
    WITH [importer] AS frontier, [importer] AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    CALL (frontier, reached, delivery, windowStart, windowEnd) {
      UNWIND frontier AS customer
      MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
      WHERE link.stoneType = delivery.stoneType
        AND link.validFrom <= windowEnd
        AND (link.validTo IS NULL OR link.validTo >= windowStart)
        AND NOT supplier IN reached
      RETURN collect(DISTINCT supplier) AS next
    }
    WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached
    UNWIND reached AS customer
    MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
    WHERE link.stoneType = delivery.stoneType
      AND link.validFrom <= windowEnd
      AND (link.validTo IS NULL OR link.validTo >= windowStart)
    RETURN collect({link: link, supplierId: supplier.id, customerId: customer.id}) AS links, collect(DISTINCT supplier) AS suppliers
  }
  WITH delivery, importer, links, suppliers ORDER BY delivery.deliveredOn, delivery.id
  RETURN collect({delivery: delivery, importer: importer, links: links}) AS deliveries, reduce(all = [], s IN collect(suppliers) | all + s) AS suppliers
}
CALL (deliveries, suppliers) {
  // Concatenating each delivery's links onto a growing list would copy it once per delivery.
  WITH suppliers + [d IN deliveries | d.importer] AS sites, COLLECT {
    UNWIND deliveries AS d
    UNWIND d.links AS row
    RETURN DISTINCT row.link
  } AS links, [d IN deliveries | d.delivery] AS delivered
  CALL (sites) {
    UNWIND sites AS site
    WITH DISTINCT site.country AS country
    MATCH (assessment:RiskAssessment {targetKind: 'COUNTRY', country: country})
    RETURN collect(assessment) AS countryAssessments
  }
  CALL (sites) {
    UNWIND [site IN sites WHERE site:Quarry] AS quarry
    WITH DISTINCT quarry.country AS country, quarry.region AS region
    MATCH (assessment:RiskAssessment {targetKind: 'QUARRY_AREA', country: country, region: region})
    RETURN collect(assessment) AS quarryAreaAssessments
  }
  CALL (sites, links, delivered) {
    UNWIND sites + links + delivered AS target
    WITH DISTINCT target
    MATCH (target)<-[:ASSESSES|ADDRESSES|COVERS|ABOUT]-(item)
    WHERE NOT item:Complaint
      OR item.status IN ['ADMISSIBLE', 'IN_DIALOGUE', 'CLOSED']
    OPTIONAL MATCH (item)-[:PLANNED_BY|HELD_BY]->(organisation:ChainNode)
    RETURN collect({item: item, targetId: target.id, organisation: organisation}) AS evidence
  }
  RETURN countryAssessments + quarryAreaAssessments AS areaAssessments, evidence
}
CALL (dataVersion, project, buyer, deliveries, suppliers, areaAssessments, evidence) {
  RETURN ['project', project, buyer, [d IN deliveries | [d.delivery, d.importer]], dataVersion] AS part
  UNION ALL
  UNWIND deliveries AS d
  UNWIND d.links AS row
  RETURN ['link', d.delivery.id, row.supplierId, row.customerId, [row.link.id, row.link.stoneType, toString(row.link.validFrom), toString(row.link.validTo), row.link.annualVolumeTonnes]] AS part
  UNION ALL
  UNWIND suppliers AS node
  WITH DISTINCT node
  RETURN ['node', labels(node), [node.id, node.name, node.country, node.region, node.city, node.covenantMember, node.location, node.stoneTypes]] AS part
  UNION ALL
  UNWIND areaAssessments AS assessment
  RETURN ['areaAssessment', assessment] AS part
  UNION ALL
  UNWIND evidence AS found
  RETURN ['evidence', found.item, found.targetId, found.organisation] AS part
}
RETURN project.id AS projectId, part
`

exports[`test/unit/cypher/statements.test.ts > TAP > projects_page / ADMIN 1`] = `
CALL () {
  MATCH (project:Project)
  WHERE true
  RETURN count(project) AS totalCount
}
CALL () {
  MATCH (project:Project)
  WHERE ($afterKey IS NULL OR project.name > $afterKey OR (project.name = $afterKey AND project.id > $afterId))
    AND true
  MATCH (project)-[:COMMISSIONED_BY]->(buyer:Buyer)
  WITH project, buyer ORDER BY project.name, project.id LIMIT $limit
  RETURN collect({project: project, buyer: buyer}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > projects_page / ANALYST 1`] = `
CALL () {
  MATCH (project:Project)
  WHERE true
  RETURN count(project) AS totalCount
}
CALL () {
  MATCH (project:Project)
  WHERE ($afterKey IS NULL OR project.name > $afterKey OR (project.name = $afterKey AND project.id > $afterId))
    AND true
  MATCH (project)-[:COMMISSIONED_BY]->(buyer:Buyer)
  WITH project, buyer ORDER BY project.name, project.id LIMIT $limit
  RETURN collect({project: project, buyer: buyer}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > projects_page / BUYER 1`] = `
CALL () {
  MATCH (project:Project)
  WHERE EXISTS {
    MATCH (project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId})
  }
  RETURN count(project) AS totalCount
}
CALL () {
  MATCH (project:Project)
  WHERE ($afterKey IS NULL OR project.name > $afterKey OR (project.name = $afterKey AND project.id > $afterId))
    AND EXISTS {
      MATCH (project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId})
    }
  MATCH (project)-[:COMMISSIONED_BY]->(buyer:Buyer)
  WITH project, buyer ORDER BY project.name, project.id LIMIT $limit
  RETURN collect({project: project, buyer: buyer}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > projects_page / MEMBER 1`] = `
CALL () {
  MATCH (project:Project)
  WHERE (EXISTS {
    MATCH (project)<-[:FOR_PROJECT]-(:Delivery)-[:DELIVERED_BY]->(:ChainNode {id: $viewer.orgId})
  } OR EXISTS {
    MATCH (project)<-[:ON_PROJECT]-(vis_a:ImporterAuthorisation)-[:AUTHORISES]->(:ChainNode {id: $viewer.orgId})
    WHERE vis_a.withdrawnAt IS NULL
  })
  RETURN count(project) AS totalCount
}
CALL () {
  MATCH (project:Project)
  WHERE ($afterKey IS NULL OR project.name > $afterKey OR (project.name = $afterKey AND project.id > $afterId))
    AND (EXISTS {
      MATCH (project)<-[:FOR_PROJECT]-(:Delivery)-[:DELIVERED_BY]->(:ChainNode {id: $viewer.orgId})
    } OR EXISTS {
      MATCH (project)<-[:ON_PROJECT]-(vis_a:ImporterAuthorisation)-[:AUTHORISES]->(:ChainNode {id: $viewer.orgId})
      WHERE vis_a.withdrawnAt IS NULL
    })
  MATCH (project)-[:COMMISSIONED_BY]->(buyer:Buyer)
  WITH project, buyer ORDER BY project.name, project.id LIMIT $limit
  RETURN collect({project: project, buyer: buyer}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > projects_upsert / any caller 1`] = `
UNWIND $rows AS row
MATCH (buyer:Buyer {id: row.buyerId})
MERGE (node:Project {id: row.id})
SET node.name = row.name, node.kind = row.kind, node.city = row.city, node.country = row.country
MERGE (node)-[:COMMISSIONED_BY]->(buyer)
RETURN node, buyer
`

exports[`test/unit/cypher/statements.test.ts > TAP > quarries_page / ADMIN 1`] = `
CALL () {
  MATCH (quarry:Quarry)
  WITH quarry
  WHERE ($country IS NULL OR quarry.country = $country)
    AND ($stoneType IS NULL OR $stoneType IN quarry.stoneTypes)
  RETURN count(quarry) AS totalCount
}
CALL () {
  MATCH (quarry:Quarry)
  WITH quarry
  WHERE ($country IS NULL OR quarry.country = $country)
    AND ($stoneType IS NULL OR $stoneType IN quarry.stoneTypes)
    AND ($afterKey IS NULL OR quarry.name > $afterKey OR (quarry.name = $afterKey AND quarry.id > $afterId))
  WITH quarry ORDER BY quarry.name, quarry.id LIMIT $limit
  RETURN collect(quarry) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > quarries_page / ANALYST 1`] = `
CALL () {
  MATCH (quarry:Quarry)
  WITH quarry
  WHERE ($country IS NULL OR quarry.country = $country)
    AND ($stoneType IS NULL OR $stoneType IN quarry.stoneTypes)
  RETURN count(quarry) AS totalCount
}
CALL () {
  MATCH (quarry:Quarry)
  WITH quarry
  WHERE ($country IS NULL OR quarry.country = $country)
    AND ($stoneType IS NULL OR $stoneType IN quarry.stoneTypes)
    AND ($afterKey IS NULL OR quarry.name > $afterKey OR (quarry.name = $afterKey AND quarry.id > $afterId))
  WITH quarry ORDER BY quarry.name, quarry.id LIMIT $limit
  RETURN collect(quarry) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > quarries_page / BUYER 1`] = `
CALL () {
  CALL () {
    MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
    MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,12} (vis_node:Quarry)
    RETURN DISTINCT vis_node AS quarry
  }
  WITH quarry
  WHERE ($country IS NULL OR quarry.country = $country)
    AND ($stoneType IS NULL OR $stoneType IN quarry.stoneTypes)
  RETURN count(quarry) AS totalCount
}
CALL () {
  CALL () {
    MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
    MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,12} (vis_node:Quarry)
    RETURN DISTINCT vis_node AS quarry
  }
  WITH quarry
  WHERE ($country IS NULL OR quarry.country = $country)
    AND ($stoneType IS NULL OR $stoneType IN quarry.stoneTypes)
    AND ($afterKey IS NULL OR quarry.name > $afterKey OR (quarry.name = $afterKey AND quarry.id > $afterId))
  WITH quarry ORDER BY quarry.name, quarry.id LIMIT $limit
  RETURN collect(quarry) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > quarries_page / MEMBER 1`] = `
CALL () {
  CALL () {
    MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,12} (vis_node:ChainNode)
    WITH DISTINCT vis_node
    WHERE vis_node:Quarry
    RETURN vis_node AS quarry
    UNION
    MATCH (vis_node:Quarry)-[:REGISTERED_BY]->(:ChainNode {id: $viewer.orgId})
    RETURN vis_node AS quarry
  }
  WITH quarry
  WHERE ($country IS NULL OR quarry.country = $country)
    AND ($stoneType IS NULL OR $stoneType IN quarry.stoneTypes)
  RETURN count(quarry) AS totalCount
}
CALL () {
  CALL () {
    MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,12} (vis_node:ChainNode)
    WITH DISTINCT vis_node
    WHERE vis_node:Quarry
    RETURN vis_node AS quarry
    UNION
    MATCH (vis_node:Quarry)-[:REGISTERED_BY]->(:ChainNode {id: $viewer.orgId})
    RETURN vis_node AS quarry
  }
  WITH quarry
  WHERE ($country IS NULL OR quarry.country = $country)
    AND ($stoneType IS NULL OR $stoneType IN quarry.stoneTypes)
    AND ($afterKey IS NULL OR quarry.name > $afterKey OR (quarry.name = $afterKey AND quarry.id > $afterId))
  WITH quarry ORDER BY quarry.name, quarry.id LIMIT $limit
  RETURN collect(quarry) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > quarries_upsert / any caller 1`] = `
UNWIND $rows AS row
MERGE (node:ChainNode:Quarry {id: row.id})
SET node.name = row.name, node.country = row.country, node.region = row.region, node.stoneTypes = row.stoneTypes, node.nameKey = row.nameKey, node.regionKey = row.regionKey, node.location = CASE WHEN row.lat IS NULL THEN null ELSE point({latitude: row.lat, longitude: row.lon}) END
WITH node, row
OPTIONAL MATCH (org:ChainNode {id: row.registeredBy})
FOREACH (o IN CASE WHEN org IS NULL THEN [] ELSE [org] END | MERGE (node)-[:REGISTERED_BY]->(o))
RETURN node
`

exports[`test/unit/cypher/statements.test.ts > TAP > quarry_area_spellings / any caller 1`] = `
UNWIND $areas AS area
CALL (area) {
  MATCH (quarry:Quarry {country: area.country, regionKey: area.regionKey})
  RETURN quarry.region AS spelling, count(*) AS quarries
  UNION ALL
  MATCH (assessment:RiskAssessment {targetKind: 'QUARRY_AREA', country: area.country})
  RETURN DISTINCT assessment.region AS spelling, 0 AS quarries
}
RETURN area.country AS country, area.regionKey AS regionKey, spelling, quarries
`

exports[`test/unit/cypher/statements.test.ts > TAP > quarry_area_supply / any caller 1`] = `
MATCH (supplier:ChainNode)<-[:SUPPLIER]-(link:SupplyLink)-[:CUSTOMER]->(customer:ChainNode)
WHERE link.validFrom <= date($yearEnd)
  AND coalesce(link.validTo, date($yearEnd)) >= date($yearStart)
WITH customer, collect(supplier.id) AS suppliers
RETURN customer.id AS nodeId, suppliers, null AS area
UNION ALL
MATCH (quarry:Quarry)
RETURN quarry.id AS nodeId, [] AS suppliers, [quarry.country, quarry.region] AS area
`

exports[`test/unit/cypher/statements.test.ts > TAP > quarry_for_update / any caller 1`] = `
MATCH (node:Quarry {id: $id})
OPTIONAL MATCH (node)-[:REGISTERED_BY]->(org:ChainNode)
RETURN node, collect(org.id) AS registeredBy
`

exports[`test/unit/cypher/statements.test.ts > TAP > quarry_likely_duplicates / ADMIN 1`] = `
CALL () {
  MATCH (site:Quarry {nameKey: $nameKey, country: $country})
  RETURN site
  UNION
  MATCH (site:Quarry)
  WHERE point.distance(site.location, point({latitude: $lat, longitude: $lon})) <= $radiusMetres
  RETURN site
}
WITH site, site.nameKey = $nameKey
  AND site.country = $country AS sameName, round(point.distance(site.location, point({latitude: $lat, longitude: $lon}))) AS metres
WITH site, sameName, metres, true AS seen
WHERE sameName
  OR (seen AND metres <= $radiusMetres)
RETURN site AS node, sameName, metres, seen ORDER BY metres, site.id
`

exports[`test/unit/cypher/statements.test.ts > TAP > quarry_likely_duplicates / ANALYST 1`] = `
CALL () {
  MATCH (site:Quarry {nameKey: $nameKey, country: $country})
  RETURN site
  UNION
  MATCH (site:Quarry)
  WHERE point.distance(site.location, point({latitude: $lat, longitude: $lon})) <= $radiusMetres
  RETURN site
}
WITH site, site.nameKey = $nameKey
  AND site.country = $country AS sameName, round(point.distance(site.location, point({latitude: $lat, longitude: $lon}))) AS metres
WITH site, sameName, metres, true AS seen
WHERE sameName
  OR (seen AND metres <= $radiusMetres)
RETURN site AS node, sameName, metres, seen ORDER BY metres, site.id
`

exports[`test/unit/cypher/statements.test.ts > TAP > quarry_likely_duplicates / BUYER 1`] = `
CALL () {
  MATCH (site:Quarry {nameKey: $nameKey, country: $country})
  RETURN site
  UNION
  MATCH (site:Quarry)
  WHERE point.distance(site.location, point({latitude: $lat, longitude: $lon})) <= $radiusMetres
  RETURN site
}
WITH site, site.nameKey = $nameKey
  AND site.country = $country AS sameName, round(point.distance(site.location, point({latitude: $lat, longitude: $lon}))) AS metres
WITH site, sameName, metres, EXISTS {
  MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
  MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,12} (site)
} AS seen
WHERE sameName
  OR (seen AND metres <= $radiusMetres)
RETURN site AS node, sameName, metres, seen ORDER BY metres, site.id
`

exports[`test/unit/cypher/statements.test.ts > TAP > quarry_likely_duplicates / MEMBER 1`] = `
CALL () {
  MATCH (site:Quarry {nameKey: $nameKey, country: $country})
  RETURN site
  UNION
  MATCH (site:Quarry)
  WHERE point.distance(site.location, point({latitude: $lat, longitude: $lon})) <= $radiusMetres
  RETURN site
}
WITH site, site.nameKey = $nameKey
  AND site.country = $country AS sameName, round(point.distance(site.location, point({latitude: $lat, longitude: $lon}))) AS metres
WITH site, sameName, metres, (EXISTS {
  MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,12} (site)
} OR EXISTS {
  MATCH (site)-[:REGISTERED_BY]->(:ChainNode {id: $viewer.orgId})
}) AS seen
WHERE sameName
  OR (seen AND metres <= $radiusMetres)
RETURN site AS node, sameName, metres, seen ORDER BY metres, site.id
`

exports[`test/unit/cypher/statements.test.ts > TAP > quarry_set / any caller 1`] = `
MATCH (node:Quarry {id: $id})
SET node.name = coalesce($fields.name, node.name), node.nameKey = coalesce($fields.nameKey, node.nameKey), node.region = coalesce($fields.region, node.region), node.regionKey = coalesce($fields.regionKey, node.regionKey), node.stoneTypes = coalesce($fields.stoneTypes, node.stoneTypes), node.location = CASE WHEN $fields.lat IS NULL THEN node.location ELSE point({latitude: $fields.lat, longitude: $fields.lon}) END
RETURN node
`

exports[`test/unit/cypher/statements.test.ts > TAP > report_link_by_token / any caller 1`] = `
MATCH (link:ReportLink {tokenHash: $tokenHash})-[:OPENS]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
RETURN link, project.id AS projectId, buyer.id AS buyerId
`

exports[`test/unit/cypher/statements.test.ts > TAP > report_link_create / any caller 1`] = `
MATCH (project:Project {id: $projectId})
MERGE (link:ReportLink {id: $id})
  ON CREATE SET link.tokenHash = $tokenHash, link.expiresOn = date($expiresOn), link.createdAt = datetime(), link.createdByRole = $role, link.createdByKeyId = $keyId
MERGE (link)-[:OPENS]->(project)
RETURN link
`

exports[`test/unit/cypher/statements.test.ts > TAP > report_link_for_change / any caller 1`] = `
MATCH (link:ReportLink {id: $id})
SET link._lock = true
REMOVE link._lock
WITH link
MATCH (link)-[:OPENS]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
RETURN link, project.id AS projectId, buyer.id AS buyerId
`

exports[`test/unit/cypher/statements.test.ts > TAP > report_link_project_buyer / any caller 1`] = `
MATCH (:Project {id: $projectId})-[:COMMISSIONED_BY]->(buyer:Buyer)
RETURN buyer.id AS buyerId
`

exports[`test/unit/cypher/statements.test.ts > TAP > report_link_revoke / any caller 1`] = `
MATCH (link:ReportLink {id: $id})
SET link.revokedAt = datetime()
RETURN link
`

exports[`test/unit/cypher/statements.test.ts > TAP > report_links_page / any caller 1`] = `
MATCH (project:Project {id: $projectId})-[:COMMISSIONED_BY]->(buyer:Buyer)
CALL (project) {
  MATCH (link:ReportLink)-[:OPENS]->(project)
  RETURN count(link) AS totalCount
}
CALL (project) {
  MATCH (link:ReportLink)-[:OPENS]->(project)
  WHERE $afterKey IS NULL
    OR link.createdAt < datetime($afterKey)
    OR (link.createdAt = datetime($afterKey) AND link.id < $afterId)
  WITH link ORDER BY link.createdAt DESC, link.id DESC LIMIT $limit
  RETURN collect(link) AS page
}
RETURN buyer.id AS buyerId, totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > risk_assessments_page / any caller 1`] = `
CALL () {
  MATCH (assessment:RiskAssessment)
  WHERE assessment.targetKind IN ['COUNTRY', 'QUARRY_AREA']
    AND ($country IS NULL OR assessment.country = $country)
    AND ($region IS NULL OR assessment.region = $region)
    AND ($theme IS NULL OR assessment.theme = $theme)
  RETURN count(assessment) AS totalCount
}
CALL () {
  MATCH (assessment:RiskAssessment)
  WHERE ($afterKey IS NULL OR assessment.country > $afterKey OR (assessment.country = $afterKey AND assessment.id > $afterId))
    AND assessment.targetKind IN ['COUNTRY', 'QUARRY_AREA']
    AND ($country IS NULL OR assessment.country = $country)
    AND ($region IS NULL OR assessment.region = $region)
    AND ($theme IS NULL OR assessment.theme = $theme)
  WITH assessment ORDER BY assessment.country, assessment.id LIMIT $limit
  RETURN collect(assessment) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > risk_assessments_upsert / any caller 1`] = `
UNWIND $rows AS row
MERGE (node:RiskAssessment {id: row.id})
SET node.theme = row.theme, node.severity = row.severity, node.likelihood = row.likelihood, node.description = row.description, node.source = row.source, node.assessedOn = date(row.assessedOn), node.targetKind = row.targetKind, node.country = row.country, node.region = row.region, node.assessedByRole = row.assessedByRole, node.assessedByOrgId = row.assessedByOrgId, node.recordedAt = coalesce(datetime(row.recordedAt), node.recordedAt, datetime())
WITH node, row
OPTIONAL MATCH (site:ChainNode {id: row.siteId})
OPTIONAL MATCH (link:SupplyLink {id: row.linkId})
OPTIONAL MATCH (delivery:Delivery {id: row.deliveryId})
FOREACH (target IN [t IN [site, link, delivery] WHERE t IS NOT NULL] | MERGE (node)-[:ASSESSES]->(target))
RETURN node
`

exports[`test/unit/cypher/statements.test.ts > TAP > risk_own_site / any caller 1`] = `
MATCH (site:ChainNode {id: $siteId})
RETURN site.id = $orgId
  OR EXISTS {
    MATCH (site)-[:REGISTERED_BY]->(:ChainNode {id: $orgId})
  } AS own
`

exports[`test/unit/cypher/statements.test.ts > TAP > risk_quarry_area_exists / any caller 1`] = `
RETURN EXISTS {
  MATCH (quarry:Quarry {country: $country})
  WHERE quarry.region = $region
} AS exists
`

exports[`test/unit/cypher/statements.test.ts > TAP > seed_api_keys / any caller 1`] = `
UNWIND $rows AS row
MERGE (n:ApiKey {id: row.id})
  ON CREATE SET n.role = row.role, n.orgId = row.orgId, n.secretHash = row.secretHash, n.note = row.note, n.createdAt = datetime()
`

exports[`test/unit/cypher/statements.test.ts > TAP > seed_deliveries / any caller 1`] = `
UNWIND $rows AS row
WITH row
WHERE NOT EXISTS {
  MATCH (:CancelledDelivery {id: row.id})
}
MATCH (project:Project {id: row.projectId})
MATCH (importer:Importer {id: row.importerId})
MERGE (n:Delivery {id: row.id})
SET n.stoneType = row.stoneType, n.quantity = row.quantity, n.unit = row.unit, n.massTonnes = row.massTonnes, n.deliveredOn = date(row.deliveredOn), n.declaredOriginCountry = row.declaredOriginCountry, n.declaredOriginArea = row.declaredOriginArea
MERGE (n)-[:FOR_PROJECT]->(project)
MERGE (n)-[:DELIVERED_BY]->(importer)
`

exports[`test/unit/cypher/statements.test.ts > TAP > seed_importer_authorisations / any caller 1`] = `
UNWIND $rows AS row
MATCH (project:Project {id: row.projectId}), (importer:Importer {id: row.importerId})
MERGE (n:ImporterAuthorisation {key: row.key})
  ON CREATE SET n.id = row.id, n.authorisedAt = datetime(), n.authorisedByRole = 'ADMIN'
MERGE (n)-[:ON_PROJECT]->(project)
MERGE (n)-[:AUTHORISES]->(importer)
`

exports[`test/unit/cypher/statements.test.ts > TAP > seed_supply_links / any caller 1`] = `
UNWIND $rows AS row
MATCH (supplier:ChainNode {id: row.supplierId})
MATCH (customer:ChainNode {id: row.customerId})
MERGE (n:SupplyLink {id: row.id})
SET n.stoneType = row.stoneType, n.validFrom = date(row.validFrom), n.validTo = date(row.validTo), n.annualVolumeTonnes = row.annualVolumeTonnes
MERGE (n)-[:SUPPLIER]->(supplier)
MERGE (n)-[:CUSTOMER]->(customer)
`

exports[`test/unit/cypher/statements.test.ts > TAP > session_by_id / any caller 1`] = `
MATCH (session:BrowserSession {idHash: $idHash})-[:SIGNED_IN_WITH]->(key:ApiKey)
RETURN key.revokedAt IS NULL
  AND session.lastSeenAt > datetime() - duration({milliseconds: $idleMs}) AS live, key {.id, .role, .orgId} AS key
`

exports[`test/unit/cypher/statements.test.ts > TAP > session_end / any caller 1`] = `
MATCH (session:BrowserSession {idHash: $idHash})
DETACH DELETE session
`

exports[`test/unit/cypher/statements.test.ts > TAP > session_start / any caller 1`] = `
MATCH (key:ApiKey {id: $keyId})
CREATE (:BrowserSession {idHash: $idHash, createdAt: datetime(), lastSeenAt: datetime()})-[:SIGNED_IN_WITH]->(key)
`

exports[`test/unit/cypher/statements.test.ts > TAP > session_sweep_idle / any caller 1`] = `
MATCH (session:BrowserSession)
WHERE session.lastSeenAt < datetime() - duration({milliseconds: $idleMs})
WITH session LIMIT $batch
DETACH DELETE session
`

exports[`test/unit/cypher/statements.test.ts > TAP > session_touch / any caller 1`] = `
MATCH (session:BrowserSession {idHash: $idHash})
SET session.lastSeenAt = datetime()
`

exports[`test/unit/cypher/statements.test.ts > TAP > site_downstream / ADMIN 1`] = `
OPTIONAL MATCH (merged_site:MergedSite {id: $siteId})
WITH *, coalesce(merged_site.mergedInto, $siteId) AS siteIdNow
MATCH (site:ChainNode {id: siteIdNow})
WHERE true
CALL (site) {
  MATCH (site)<-[:SUPPLIER]-(out:SupplyLink)
  WHERE NOT site:Importer
  WITH DISTINCT site, out.stoneType AS stoneType
  WITH site, stoneType, [site] AS frontier, [site] AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (site, stoneType, reached) {
    UNWIND reached AS customer
    MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink {stoneType: stoneType})-[:SUPPLIER]->(supplier)
    WHERE customer <> site
      AND ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
    RETURN collect({link: link, supplierId: supplier.id, customerId: customer.id}) AS links, collect(DISTINCT supplier) AS suppliers
  }
  CALL (stoneType, reached) {
    UNWIND reached AS importer
    MATCH (importer:Importer)<-[:DELIVERED_BY]-(delivery:Delivery {stoneType: stoneType})-[:FOR_PROJECT]->(project:Project)
    WHERE true
    RETURN collect(delivery.id) AS followedIds, collect(DISTINCT project) AS projects
  }
  RETURN collect({stoneType: stoneType, links: links, nodes: reached + suppliers}) AS regions, reduce(all = [], ids IN collect(followedIds) | all + ids) AS followedIds, reduce(all = [], found IN collect(projects) | all + found) AS reachedProjects
}
CALL (followedIds, reachedProjects) {
  UNWIND reachedProjects AS project
  WITH DISTINCT project
  MATCH (project)-[:COMMISSIONED_BY]->(buyer:Buyer)
  CALL (project, followedIds) {
    MATCH (delivery:Delivery)-[:FOR_PROJECT]->(project)
    WHERE true
    MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
    WITH delivery, importer, coalesce(date($asOf), delivery.deliveredOn) AS windowEnd ORDER BY delivery.deliveredOn, delivery.id
    RETURN collect({delivery: delivery, importer: importer, followed: delivery.id IN followedIds, windowStart: windowEnd - duration({days: $leadTimeDays}), windowEnd: windowEnd}) AS deliveries
  }
  RETURN collect({project: project, buyer: buyer, deliveries: deliveries}) AS projects
}
RETURN site, regions, projects
`

exports[`test/unit/cypher/statements.test.ts > TAP > site_downstream / ANALYST 1`] = `
OPTIONAL MATCH (merged_site:MergedSite {id: $siteId})
WITH *, coalesce(merged_site.mergedInto, $siteId) AS siteIdNow
MATCH (site:ChainNode {id: siteIdNow})
WHERE true
CALL (site) {
  MATCH (site)<-[:SUPPLIER]-(out:SupplyLink)
  WHERE NOT site:Importer
  WITH DISTINCT site, out.stoneType AS stoneType
  WITH site, stoneType, [site] AS frontier, [site] AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (site, stoneType, reached) {
    UNWIND reached AS customer
    MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink {stoneType: stoneType})-[:SUPPLIER]->(supplier)
    WHERE customer <> site
      AND ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
    RETURN collect({link: link, supplierId: supplier.id, customerId: customer.id}) AS links, collect(DISTINCT supplier) AS suppliers
  }
  CALL (stoneType, reached) {
    UNWIND reached AS importer
    MATCH (importer:Importer)<-[:DELIVERED_BY]-(delivery:Delivery {stoneType: stoneType})-[:FOR_PROJECT]->(project:Project)
    WHERE true
    RETURN collect(delivery.id) AS followedIds, collect(DISTINCT project) AS projects
  }
  RETURN collect({stoneType: stoneType, links: links, nodes: reached + suppliers}) AS regions, reduce(all = [], ids IN collect(followedIds) | all + ids) AS followedIds, reduce(all = [], found IN collect(projects) | all + found) AS reachedProjects
}
CALL (followedIds, reachedProjects) {
  UNWIND reachedProjects AS project
  WITH DISTINCT project
  MATCH (project)-[:COMMISSIONED_BY]->(buyer:Buyer)
  CALL (project, followedIds) {
    MATCH (delivery:Delivery)-[:FOR_PROJECT]->(project)
    WHERE true
    MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
    WITH delivery, importer, coalesce(date($asOf), delivery.deliveredOn) AS windowEnd ORDER BY delivery.deliveredOn, delivery.id
    RETURN collect({delivery: delivery, importer: importer, followed: delivery.id IN followedIds, windowStart: windowEnd - duration({days: $leadTimeDays}), windowEnd: windowEnd}) AS deliveries
  }
  RETURN collect({project: project, buyer: buyer, deliveries: deliveries}) AS projects
}
RETURN site, regions, projects
`

exports[`test/unit/cypher/statements.test.ts > TAP > site_downstream / BUYER 1`] = `
OPTIONAL MATCH (merged_site:MergedSite {id: $siteId})
WITH *, coalesce(merged_site.mergedInto, $siteId) AS siteIdNow
MATCH (site:ChainNode {id: siteIdNow})
WHERE EXISTS {
  MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
  MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,12} (site)
}
CALL (site) {
  MATCH (site)<-[:SUPPLIER]-(out:SupplyLink)
  WHERE NOT site:Importer
  WITH DISTINCT site, out.stoneType AS stoneType
  WITH site, stoneType, [site] AS frontier, [site] AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (site, stoneType, reached) {
    UNWIND reached AS customer
    MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink {stoneType: stoneType})-[:SUPPLIER]->(supplier)
    WHERE customer <> site
      AND ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
    RETURN collect({link: link, supplierId: supplier.id, customerId: customer.id}) AS links, collect(DISTINCT supplier) AS suppliers
  }
  CALL (stoneType, reached) {
    UNWIND reached AS importer
    MATCH (importer:Importer)<-[:DELIVERED_BY]-(delivery:Delivery {stoneType: stoneType})-[:FOR_PROJECT]->(project:Project)
    WHERE EXISTS {
      MATCH (delivery)-[:FOR_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId})
    }
    RETURN collect(delivery.id) AS followedIds, collect(DISTINCT project) AS projects
  }
  RETURN collect({stoneType: stoneType, links: links, nodes: reached + suppliers}) AS regions, reduce(all = [], ids IN collect(followedIds) | all + ids) AS followedIds, reduce(all = [], found IN collect(projects) | all + found) AS reachedProjects
}
CALL (followedIds, reachedProjects) {
  UNWIND reachedProjects AS project
  WITH DISTINCT project
  MATCH (project)-[:COMMISSIONED_BY]->(buyer:Buyer)
  CALL (project, followedIds) {
    MATCH (delivery:Delivery)-[:FOR_PROJECT]->(project)
    WHERE EXISTS {
      MATCH (delivery)-[:FOR_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId})
    }
    MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
    WITH delivery, importer, coalesce(date($asOf), delivery.deliveredOn) AS windowEnd ORDER BY delivery.deliveredOn, delivery.id
    RETURN collect({delivery: delivery, importer: importer, followed: delivery.id IN followedIds, windowStart: windowEnd - duration({days: $leadTimeDays}), windowEnd: windowEnd}) AS deliveries
  }
  RETURN collect({project: project, buyer: buyer, deliveries: deliveries}) AS projects
}
RETURN site, regions, projects
`

exports[`test/unit/cypher/statements.test.ts > TAP > site_downstream / MEMBER 1`] = `
OPTIONAL MATCH (merged_site:MergedSite {id: $siteId})
WITH *, coalesce(merged_site.mergedInto, $siteId) AS siteIdNow
MATCH (site:ChainNode {id: siteIdNow})
WHERE (EXISTS {
  MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,12} (site)
} OR EXISTS {
  MATCH (site)-[:REGISTERED_BY]->(:ChainNode {id: $viewer.orgId})
})
CALL (site) {
  MATCH (site)<-[:SUPPLIER]-(out:SupplyLink)
  WHERE NOT site:Importer
  WITH DISTINCT site, out.stoneType AS stoneType
  WITH site, stoneType, [site] AS frontier, [site] AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (frontier, reached, stoneType) {
    UNWIND frontier AS supplier
    MATCH (supplier)<-[:SUPPLIER]-(link:SupplyLink {stoneType: stoneType})-[:CUSTOMER]->(customer)
    WHERE ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
      AND NOT customer IN reached
    RETURN collect(DISTINCT customer) AS next
  }
  WITH site, stoneType, next AS frontier, reached + next AS reached
  CALL (site, stoneType, reached) {
    UNWIND reached AS customer
    MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink {stoneType: stoneType})-[:SUPPLIER]->(supplier)
    WHERE customer <> site
      AND ($asOf IS NULL OR (link.validFrom <= date($asOf) AND (link.validTo IS NULL OR link.validTo >= date($asOf) - duration({days: $leadTimeDays}))))
    RETURN collect({link: link, supplierId: supplier.id, customerId: customer.id}) AS links, collect(DISTINCT supplier) AS suppliers
  }
  CALL (stoneType, reached) {
    UNWIND reached AS importer
    MATCH (importer:Importer)<-[:DELIVERED_BY]-(delivery:Delivery {stoneType: stoneType})-[:FOR_PROJECT]->(project:Project)
    WHERE EXISTS {
      MATCH (delivery)-[:DELIVERED_BY]->(:ChainNode {id: $viewer.orgId})
    }
    RETURN collect(delivery.id) AS followedIds, collect(DISTINCT project) AS projects
  }
  RETURN collect({stoneType: stoneType, links: links, nodes: reached + suppliers}) AS regions, reduce(all = [], ids IN collect(followedIds) | all + ids) AS followedIds, reduce(all = [], found IN collect(projects) | all + found) AS reachedProjects
}
CALL (followedIds, reachedProjects) {
  UNWIND reachedProjects AS project
  WITH DISTINCT project
  MATCH (project)-[:COMMISSIONED_BY]->(buyer:Buyer)
  CALL (project, followedIds) {
    MATCH (delivery:Delivery)-[:FOR_PROJECT]->(project)
    WHERE EXISTS {
      MATCH (delivery)-[:DELIVERED_BY]->(:ChainNode {id: $viewer.orgId})
    }
    MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
    WITH delivery, importer, coalesce(date($asOf), delivery.deliveredOn) AS windowEnd ORDER BY delivery.deliveredOn, delivery.id
    RETURN collect({delivery: delivery, importer: importer, followed: delivery.id IN followedIds, windowStart: windowEnd - duration({days: $leadTimeDays}), windowEnd: windowEnd}) AS deliveries
  }
  RETURN collect({project: project, buyer: buyer, deliveries: deliveries}) AS projects
}
RETURN site, regions, projects
`

exports[`test/unit/cypher/statements.test.ts > TAP > site_ids_resolved / any caller 1`] = `
UNWIND $ids AS id
OPTIONAL MATCH (merged:MergedSite {id: id})
RETURN id, coalesce(merged.mergedInto, id) AS resolved
`

exports[`test/unit/cypher/statements.test.ts > TAP > site_keys_set / any caller 1`] = `
UNWIND $rows AS row
MATCH (n:ChainNode {id: row.id})
SET n.nameKey = row.nameKey, n.regionKey = row.regionKey
`

exports[`test/unit/cypher/statements.test.ts > TAP > site_merge / any caller 1`] = `
MATCH (keep:ChainNode {id: $keepId}), (merged:ChainNode {id: $mergeId})
CALL (keep, merged) {
  MATCH (merged)-[r]->(other)
  WHERE other <> keep
  MERGE (keep)-[moved:$(type(r))]->(other)
  SET moved += properties(r)
  DELETE r
}
CALL (keep, merged) {
  MATCH (merged)<-[r]-(other)
  WHERE other <> keep
  MERGE (keep)<-[moved:$(type(r))]-(other)
  SET moved += properties(r)
  DELETE r
}
CALL (merged) {
  MATCH (merged)-[r]-()
  DELETE r
}
CALL (merged) {
  MATCH (older:MergedSite {mergedInto: merged.id})
  SET older.mergedInto = $keepId
}
WITH keep, merged, CASE WHEN merged:Quarry THEN 'Quarry' ELSE 'Processor' END AS kind
REMOVE merged:ChainNode:Quarry:Processor
SET merged:MergedSite, merged.mergedInto = $keepId, merged.mergedAt = datetime()
MERGE (log:SiteMerge {id: $logId})
  ON CREATE SET log.keepId = $keepId, log.mergeId = $mergeId, log.kind = kind, log.reason = $reason, log.mergedAt = merged.mergedAt, log.keptName = keep.name, log.mergedName = merged.name
RETURN keep, merged AS tombstone, log
`

exports[`test/unit/cypher/statements.test.ts > TAP > site_merge_earlier / any caller 1`] = `
MATCH (log:SiteMerge {mergeId: $mergeId})
RETURN log ORDER BY log.mergedAt DESC LIMIT 1
`

exports[`test/unit/cypher/statements.test.ts > TAP > site_merges_page / ADMIN 1`] = `
CALL () {
  MATCH (log:SiteMerge)
  RETURN count(log) AS totalCount
}
CALL () {
  MATCH (log:SiteMerge)
  WHERE $afterKey IS NULL
    OR log.mergedAt < datetime($afterKey)
    OR (log.mergedAt = datetime($afterKey) AND log.id < $afterId)
  WITH log ORDER BY log.mergedAt DESC, log.id DESC LIMIT $limit
  OPTIONAL MATCH (merged_site:MergedSite {id: log.keepId})
  WITH *, coalesce(merged_site.mergedInto, log.keepId) AS liveId
  OPTIONAL MATCH (site:ChainNode {id: liveId})
  WHERE true
  RETURN collect({log: log, seen: site IS NOT NULL}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > site_merges_page / ANALYST 1`] = `
CALL () {
  MATCH (log:SiteMerge)
  RETURN count(log) AS totalCount
}
CALL () {
  MATCH (log:SiteMerge)
  WHERE $afterKey IS NULL
    OR log.mergedAt < datetime($afterKey)
    OR (log.mergedAt = datetime($afterKey) AND log.id < $afterId)
  WITH log ORDER BY log.mergedAt DESC, log.id DESC LIMIT $limit
  OPTIONAL MATCH (merged_site:MergedSite {id: log.keepId})
  WITH *, coalesce(merged_site.mergedInto, log.keepId) AS liveId
  OPTIONAL MATCH (site:ChainNode {id: liveId})
  WHERE true
  RETURN collect({log: log, seen: site IS NOT NULL}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > site_merges_page / BUYER 1`] = `
CALL () {
  MATCH (log:SiteMerge)
  RETURN count(log) AS totalCount
}
CALL () {
  MATCH (log:SiteMerge)
  WHERE $afterKey IS NULL
    OR log.mergedAt < datetime($afterKey)
    OR (log.mergedAt = datetime($afterKey) AND log.id < $afterId)
  WITH log ORDER BY log.mergedAt DESC, log.id DESC LIMIT $limit
  OPTIONAL MATCH (merged_site:MergedSite {id: log.keepId})
  WITH *, coalesce(merged_site.mergedInto, log.keepId) AS liveId
  OPTIONAL MATCH (site:ChainNode {id: liveId})
  WHERE EXISTS {
    MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
    MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,12} (site)
  }
  RETURN collect({log: log, seen: site IS NOT NULL}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > site_merges_page / MEMBER 1`] = `
CALL () {
  MATCH (log:SiteMerge)
  RETURN count(log) AS totalCount
}
CALL () {
  MATCH (log:SiteMerge)
  WHERE $afterKey IS NULL
    OR log.mergedAt < datetime($afterKey)
    OR (log.mergedAt = datetime($afterKey) AND log.id < $afterId)
  WITH log ORDER BY log.mergedAt DESC, log.id DESC LIMIT $limit
  OPTIONAL MATCH (merged_site:MergedSite {id: log.keepId})
  WITH *, coalesce(merged_site.mergedInto, log.keepId) AS liveId
  OPTIONAL MATCH (site:ChainNode {id: liveId})
  WHERE (EXISTS {
    MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,12} (site)
  } OR EXISTS {
    MATCH (site)-[:REGISTERED_BY]->(:ChainNode {id: $viewer.orgId})
  })
  RETURN collect({log: log, seen: site IS NOT NULL}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > site_merges_page_public / any caller 1`] = `
CALL () {
  MATCH (log:SiteMerge)
  RETURN count(log) AS totalCount
}
CALL () {
  MATCH (log:SiteMerge)
  WHERE $afterKey IS NULL
    OR log.mergedAt < datetime($afterKey)
    OR (log.mergedAt = datetime($afterKey) AND log.id < $afterId)
  WITH log ORDER BY log.mergedAt DESC, log.id DESC LIMIT $limit
  OPTIONAL MATCH (merged_site:MergedSite {id: log.keepId})
  WITH *, coalesce(merged_site.mergedInto, log.keepId) AS liveId
  OPTIONAL MATCH (site:ChainNode {id: liveId})
  WHERE false
  RETURN collect({log: log, seen: site IS NOT NULL}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > site_names_lock / any caller 1`] = `
UNWIND $keys AS key
MERGE (lock:SiteNameLock {key: key})
SET lock.lockedAt = datetime()
`

exports[`test/unit/cypher/statements.test.ts > TAP > sites_for_merge / any caller 1`] = `
OPTIONAL MATCH (keep:ChainNode {id: $keepId})
OPTIONAL MATCH (merged:ChainNode {id: $mergeId})
RETURN keep, merged, EXISTS { (keep)<-[:SUPPLIER|CUSTOMER]-(:SupplyLink)-[:SUPPLIER|CUSTOMER]->(merged) } AS linked, EXISTS {
  MATCH (key:ApiKey {orgId: $mergeId})
  WHERE key.revokedAt IS NULL
} AS mergedHasKeys
`

exports[`test/unit/cypher/statements.test.ts > TAP > sites_lock / any caller 1`] = `
UNWIND $ids AS id
CALL (id) {
  MATCH (site:ChainNode {id: id})
  RETURN site
  UNION
  MATCH (site:MergedSite {id: id})
  RETURN site
}
SET site._lock = true
REMOVE site._lock
`

exports[`test/unit/cypher/statements.test.ts > TAP > sites_without_keys / any caller 1`] = `
MATCH (n:ChainNode)
WHERE (n:Processor AND n.nameKey IS NULL)
  OR (n:Quarry AND (n.nameKey IS NULL OR n.regionKey IS NULL))
RETURN n.id AS id, coalesce(n.name, '') AS name, CASE WHEN n:Quarry THEN coalesce(n.region, '') END AS region LIMIT 1000
`

exports[`test/unit/cypher/statements.test.ts > TAP > supply_link_by_id / ADMIN 1`] = `
MATCH (link:SupplyLink {id: $id})
WHERE true
MATCH (link)-[:SUPPLIER]->(supplier:ChainNode), (link)-[:CUSTOMER]->(customer:ChainNode)
RETURN link, supplier, customer
`

exports[`test/unit/cypher/statements.test.ts > TAP > supply_link_by_id / ANALYST 1`] = `
MATCH (link:SupplyLink {id: $id})
WHERE true
MATCH (link)-[:SUPPLIER]->(supplier:ChainNode), (link)-[:CUSTOMER]->(customer:ChainNode)
RETURN link, supplier, customer
`

exports[`test/unit/cypher/statements.test.ts > TAP > supply_link_by_id / BUYER 1`] = `
MATCH (link:SupplyLink {id: $id})
WHERE EXISTS {
  MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
  MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,11} (:ChainNode)<-[:CUSTOMER]-(link)
  WHERE link.stoneType = vis_d.stoneType
}
MATCH (link)-[:SUPPLIER]->(supplier:ChainNode), (link)-[:CUSTOMER]->(customer:ChainNode)
RETURN link, supplier, customer
`

exports[`test/unit/cypher/statements.test.ts > TAP > supply_link_by_id / MEMBER 1`] = `
MATCH (link:SupplyLink {id: $id})
WHERE EXISTS {
  MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,11} (:ChainNode)<-[:CUSTOMER]-(link)
}
MATCH (link)-[:SUPPLIER]->(supplier:ChainNode), (link)-[:CUSTOMER]->(customer:ChainNode)
RETURN link, supplier, customer
`

exports[`test/unit/cypher/statements.test.ts > TAP > supply_link_for_update / any caller 1`] = `
MATCH (link:SupplyLink {id: $id})-[:SUPPLIER]->(supplier:ChainNode), (link)-[:CUSTOMER]->(customer:ChainNode)
SET link.lockedAt = datetime()
RETURN link, supplier, customer
`

exports[`test/unit/cypher/statements.test.ts > TAP > supply_link_node / any caller 1`] = `
MATCH (link:SupplyLink {id: $id})
RETURN link
`

exports[`test/unit/cypher/statements.test.ts > TAP > supply_link_set / any caller 1`] = `
MATCH (link:SupplyLink {id: $id})
SET link.validTo = CASE WHEN 'validTo' IN keys($fields) THEN date($fields.validTo) ELSE link.validTo END, link.annualVolumeTonnes = CASE WHEN 'annualVolumeTonnes' IN keys($fields) THEN $fields.annualVolumeTonnes ELSE link.annualVolumeTonnes END
REMOVE link.lockedAt
RETURN link
`

exports[`test/unit/cypher/statements.test.ts > TAP > supply_link_triples_lock / any caller 1`] = `
UNWIND $keys AS key
MERGE (lock:SupplyLinkLock {key: key})
SET lock.lockedAt = datetime()
`

exports[`test/unit/cypher/statements.test.ts > TAP > supply_links_create / any caller 1`] = `
UNWIND $rows AS row
MATCH (supplier:ChainNode {id: row.supplierId})
MATCH (customer:ChainNode {id: row.customerId})
CREATE (link:SupplyLink {id: row.id, stoneType: row.stoneType, validFrom: date(row.validFrom), validTo: date(row.validTo), annualVolumeTonnes: row.annualVolumeTonnes, createdAt: datetime()})
CREATE (link)-[:SUPPLIER]->(supplier), (link)-[:CUSTOMER]->(customer)
RETURN link
`

exports[`test/unit/cypher/statements.test.ts > TAP > supply_links_of_triples / any caller 1`] = `
UNWIND $triples AS triple
MATCH (:ChainNode {id: triple.supplierId})<-[:SUPPLIER]-(link:SupplyLink)
WHERE link.stoneType = triple.stoneType
  AND EXISTS { (link)-[:CUSTOMER]->(:ChainNode {id: triple.customerId}) }
RETURN triple.key AS key, link.id AS id, toString(link.validFrom) AS validFrom, toString(link.validTo) AS validTo
`

exports[`test/unit/cypher/statements.test.ts > TAP > supply_links_page / ADMIN 1`] = `
CALL () {
  MATCH (link:SupplyLink)
  WITH link
  WHERE ($customerId IS NULL OR EXISTS {
    MATCH (link)-[:CUSTOMER]->(:ChainNode {id: $customerId})
  })
    AND ($supplierId IS NULL OR EXISTS {
      MATCH (link)-[:SUPPLIER]->(:ChainNode {id: $supplierId})
    })
  RETURN count(link) AS totalCount
}
CALL () {
  MATCH (link:SupplyLink)
  WITH link
  WHERE ($customerId IS NULL OR EXISTS {
    MATCH (link)-[:CUSTOMER]->(:ChainNode {id: $customerId})
  })
    AND ($supplierId IS NULL OR EXISTS {
      MATCH (link)-[:SUPPLIER]->(:ChainNode {id: $supplierId})
    })
    AND ($afterKey IS NULL OR toString(link.validFrom) < $afterKey OR (toString(link.validFrom) = $afterKey AND link.id < $afterId))
  WITH link ORDER BY link.validFrom DESC, link.id DESC LIMIT $limit
  MATCH (link)-[:SUPPLIER]->(supplier:ChainNode), (link)-[:CUSTOMER]->(customer:ChainNode)
  RETURN collect({link: link, supplier: supplier, customer: customer}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > supply_links_page / ANALYST 1`] = `
CALL () {
  MATCH (link:SupplyLink)
  WITH link
  WHERE ($customerId IS NULL OR EXISTS {
    MATCH (link)-[:CUSTOMER]->(:ChainNode {id: $customerId})
  })
    AND ($supplierId IS NULL OR EXISTS {
      MATCH (link)-[:SUPPLIER]->(:ChainNode {id: $supplierId})
    })
  RETURN count(link) AS totalCount
}
CALL () {
  MATCH (link:SupplyLink)
  WITH link
  WHERE ($customerId IS NULL OR EXISTS {
    MATCH (link)-[:CUSTOMER]->(:ChainNode {id: $customerId})
  })
    AND ($supplierId IS NULL OR EXISTS {
      MATCH (link)-[:SUPPLIER]->(:ChainNode {id: $supplierId})
    })
    AND ($afterKey IS NULL OR toString(link.validFrom) < $afterKey OR (toString(link.validFrom) = $afterKey AND link.id < $afterId))
  WITH link ORDER BY link.validFrom DESC, link.id DESC LIMIT $limit
  MATCH (link)-[:SUPPLIER]->(supplier:ChainNode), (link)-[:CUSTOMER]->(customer:ChainNode)
  RETURN collect({link: link, supplier: supplier, customer: customer}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > supply_links_page / BUYER 1`] = `
CALL () {
  CALL () {
    MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
    MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,11} (vis_customer:ChainNode)
    WITH DISTINCT vis_customer, vis_d.stoneType AS vis_stoneType
    MATCH (vis_customer)<-[:CUSTOMER]-(vis_link:SupplyLink {stoneType: vis_stoneType})
    RETURN DISTINCT vis_link AS link
  }
  WITH link
  WHERE ($customerId IS NULL OR EXISTS {
    MATCH (link)-[:CUSTOMER]->(:ChainNode {id: $customerId})
  })
    AND ($supplierId IS NULL OR EXISTS {
      MATCH (link)-[:SUPPLIER]->(:ChainNode {id: $supplierId})
    })
  RETURN count(link) AS totalCount
}
CALL () {
  CALL () {
    MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)
    MATCH (vis_imp) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode) WHERE vis_l.stoneType = vis_d.stoneType){0,11} (vis_customer:ChainNode)
    WITH DISTINCT vis_customer, vis_d.stoneType AS vis_stoneType
    MATCH (vis_customer)<-[:CUSTOMER]-(vis_link:SupplyLink {stoneType: vis_stoneType})
    RETURN DISTINCT vis_link AS link
  }
  WITH link
  WHERE ($customerId IS NULL OR EXISTS {
    MATCH (link)-[:CUSTOMER]->(:ChainNode {id: $customerId})
  })
    AND ($supplierId IS NULL OR EXISTS {
      MATCH (link)-[:SUPPLIER]->(:ChainNode {id: $supplierId})
    })
    AND ($afterKey IS NULL OR toString(link.validFrom) < $afterKey OR (toString(link.validFrom) = $afterKey AND link.id < $afterId))
  WITH link ORDER BY link.validFrom DESC, link.id DESC LIMIT $limit
  MATCH (link)-[:SUPPLIER]->(supplier:ChainNode), (link)-[:CUSTOMER]->(customer:ChainNode)
  RETURN collect({link: link, supplier: supplier, customer: customer}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > supply_links_page / MEMBER 1`] = `
CALL () {
  CALL () {
    MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,11} (vis_customer:ChainNode)
    WITH DISTINCT vis_customer
    MATCH (vis_customer)<-[:CUSTOMER]-(vis_link:SupplyLink)
    RETURN vis_link AS link
  }
  WITH link
  WHERE ($customerId IS NULL OR EXISTS {
    MATCH (link)-[:CUSTOMER]->(:ChainNode {id: $customerId})
  })
    AND ($supplierId IS NULL OR EXISTS {
      MATCH (link)-[:SUPPLIER]->(:ChainNode {id: $supplierId})
    })
  RETURN count(link) AS totalCount
}
CALL () {
  CALL () {
    MATCH (:ChainNode {id: $viewer.orgId}) ((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)){0,11} (vis_customer:ChainNode)
    WITH DISTINCT vis_customer
    MATCH (vis_customer)<-[:CUSTOMER]-(vis_link:SupplyLink)
    RETURN vis_link AS link
  }
  WITH link
  WHERE ($customerId IS NULL OR EXISTS {
    MATCH (link)-[:CUSTOMER]->(:ChainNode {id: $customerId})
  })
    AND ($supplierId IS NULL OR EXISTS {
      MATCH (link)-[:SUPPLIER]->(:ChainNode {id: $supplierId})
    })
    AND ($afterKey IS NULL OR toString(link.validFrom) < $afterKey OR (toString(link.validFrom) = $afterKey AND link.id < $afterId))
  WITH link ORDER BY link.validFrom DESC, link.id DESC LIMIT $limit
  MATCH (link)-[:SUPPLIER]->(supplier:ChainNode), (link)-[:CUSTOMER]->(customer:ChainNode)
  RETURN collect({link: link, supplier: supplier, customer: customer}) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > warm_up_delivered_project / any caller 1`] = `
MATCH (project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer), (project)<-[:FOR_PROJECT]-(:Delivery)-[:DELIVERED_BY]->(importer:ChainNode)
RETURN project.id AS projectId, buyer.id AS buyerId, importer.id AS importerId LIMIT 1
`

exports[`test/unit/cypher/statements.test.ts > TAP > webhook_create / any caller 1`] = `
MERGE (hook:Webhook {id: $id})
  ON CREATE SET hook.organisationId = $organisationId, hook.url = $url, hook.events = $events, hook.createdAt = datetime(), hook.createdByKeyId = $keyId
MERGE (secret:WebhookSecret {webhookId: $id})
  ON CREATE SET secret.value = $secret
MERGE (secret)-[:SECRET_OF]->(hook)
RETURN hook AS webhook
`

exports[`test/unit/cypher/statements.test.ts > TAP > webhook_deliveries_claim / any caller 1`] = `
UNWIND $ids AS id
MATCH (delivery:WebhookDelivery {id: id})
SET delivery._lock = true
REMOVE delivery._lock
WITH delivery
WHERE delivery.state = 'PENDING'
  AND delivery.nextAttemptAt <= datetime()
SET delivery.nextAttemptAt = datetime() + duration({milliseconds: $leaseMs}), delivery.leaseToken = $token
WITH delivery
MATCH (delivery)-[:OF]->(event:Notification), (delivery)-[:TO]->(hook:Webhook)<-[:SECRET_OF]-(secret:WebhookSecret)
RETURN delivery.id AS id, delivery.attempts + 1 AS attempt, hook.url AS url, secret.value AS secret, event {.id, .type, .organisationId, occurredAt: toString(event.occurredAt), .subjectKind, .subjectId, .data} AS event
`

exports[`test/unit/cypher/statements.test.ts > TAP > webhook_deliveries_due / any caller 1`] = `
MATCH (delivery:WebhookDelivery {state: 'PENDING'})
WHERE delivery.nextAttemptAt <= datetime()
RETURN delivery.id AS id ORDER BY delivery.nextAttemptAt LIMIT $limit
`

exports[`test/unit/cypher/statements.test.ts > TAP > webhook_deliveries_page / any caller 1`] = `
CALL () {
  MATCH (:Webhook {id: $webhookId, organisationId: $organisationId})<-[:TO]-(delivery:WebhookDelivery)
  RETURN count(delivery) AS totalCount
}
CALL () {
  MATCH (:Webhook {id: $webhookId, organisationId: $organisationId})<-[:TO]-(delivery:WebhookDelivery)
  WHERE $afterKey IS NULL
    OR delivery.createdAt < datetime($afterKey)
    OR (delivery.createdAt = datetime($afterKey) AND delivery.id < $afterId)
  WITH delivery ORDER BY delivery.createdAt DESC, delivery.id DESC LIMIT $limit
  RETURN collect(delivery { .id, .state, createdAt: toString(delivery.createdAt), nextAttemptAt: toString(delivery.nextAttemptAt), notification: COLLECT {
    MATCH (delivery)-[:OF]->(event:Notification)
    RETURN event {.id, .type, occurredAt: toString(event.occurredAt), .subjectKind, .subjectId, .data}
  }[0], attempts: COLLECT {
    MATCH (attempt:WebhookAttempt)-[:OF]->(delivery)
    WITH attempt ORDER BY attempt.number
    RETURN attempt {at: toString(attempt.at), .httpStatus, .error}
  } }) AS page
}
RETURN totalCount, page
`

exports[`test/unit/cypher/statements.test.ts > TAP > webhook_delivery_attempt_record / any caller 1`] = `
MATCH (delivery:WebhookDelivery {id: $id})
SET delivery._lock = true
REMOVE delivery._lock
WITH delivery
WHERE delivery.leaseToken = $token
SET delivery.attempts = delivery.attempts + 1, delivery.state = $state, delivery.nextAttemptAt = CASE WHEN $retryInMs IS NULL THEN null ELSE datetime() + duration({milliseconds: $retryInMs}) END
REMOVE delivery.leaseToken
CREATE (attempt:WebhookAttempt {id: $attemptId, number: delivery.attempts, at: datetime(), httpStatus: $httpStatus, error: $error})-[:OF]->(delivery)
`

exports[`test/unit/cypher/statements.test.ts > TAP > webhook_for_change / any caller 1`] = `
MATCH (hook:Webhook {id: $id, organisationId: $organisationId})
SET hook._lock = true
REMOVE hook._lock
RETURN hook AS webhook
`

exports[`test/unit/cypher/statements.test.ts > TAP > webhook_remove / any caller 1`] = `
MATCH (hook:Webhook {id: $id})
SET hook.removedAt = datetime()
WITH hook
CALL (hook) {
  MATCH (secret:WebhookSecret)-[:SECRET_OF]->(hook)
  DETACH DELETE secret
}
CALL (hook) {
  MATCH (delivery:WebhookDelivery {state: 'PENDING'})-[:TO]->(hook)
  SET delivery.state = 'CANCELLED', delivery.nextAttemptAt = null
  REMOVE delivery.leaseToken
}
RETURN hook AS webhook
`

exports[`test/unit/cypher/statements.test.ts > TAP > webhooks_page / any caller 1`] = `
CALL () {
  MATCH (hook:Webhook {organisationId: $organisationId})
  WHERE hook.removedAt IS NULL
  RETURN count(hook) AS totalCount
}
CALL () {
  MATCH (hook:Webhook {organisationId: $organisationId})
  WHERE hook.removedAt IS NULL
    AND ($afterKey IS NULL OR hook.createdAt > datetime($afterKey) OR (hook.createdAt = datetime($afterKey) AND hook.id > $afterId))
  WITH hook ORDER BY hook.createdAt, hook.id LIMIT $limit
  RETURN collect(hook {.id, .url, .events, createdAt: toString(hook.createdAt)}) AS page
}
RETURN totalCount, page
`
