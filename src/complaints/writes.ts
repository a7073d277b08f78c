import type { Node } from 'neo4j-driver';
import { cypher } from '../db/graph.js';
import { resolvedSiteId } from '../registry/queries.js';
import type { ComplaintStatus } from '../shared/contract.generated.js';
import type { ComplaintContactRecord } from './records.js';

export interface NewComplaint {
  id: string;
  reference: string;
  followUpCodeHash: string;
  siteId: string | null;
  companyId: string | null;
  country: string | null;
  area: string | null;
  place: string | null;
  themes: string[];
  description: string;
  occurredOn: string | null;
  contact: ComplaintContactRecord | null;
}

/**
 * MERGEd on an id chosen before the transaction, so a retried transaction files one complaint. A
 * site is a quarry or processor, a company an importer or processor; an id that names neither is
 * kept as given, unlinked, for the committee to place; a merged site's id links the kept site.
 */
export const createComplaint = cypher<NewComplaint, { complaint: Node }>(
  'complaint_create',
  `MERGE (c:Complaint {id: $id})
     ON CREATE SET c.reference = $reference, c.followUpCodeHash = $followUpCodeHash, c.status = 'RECEIVED',
                   c.siteId = $siteId, c.companyId = $companyId, c.country = $country, c.area = $area,
                   c.place = $place, c.themes = $themes, c.description = $description,
                   c.occurredOn = date($occurredOn), c.receivedAt = datetime(),
                   c.publicNoteCount = 0, c.internalNoteCount = 0
   WITH c
   CALL (c) { ${resolvedSiteId('$siteId', 'siteIdNow')} RETURN siteIdNow }
   CALL (c) { ${resolvedSiteId('$companyId', 'companyIdNow')} RETURN companyIdNow }
   OPTIONAL MATCH (site:ChainNode {id: siteIdNow}) WHERE site:Quarry OR site:Processor
   OPTIONAL MATCH (company:ChainNode {id: companyIdNow}) WHERE company:Importer OR company:Processor
   FOREACH (about IN [x IN [site, company] WHERE x IS NOT NULL] | MERGE (c)-[:ABOUT]->(about))
   FOREACH (contact IN CASE WHEN $contact IS NULL THEN [] ELSE [$contact] END |
     MERGE (k:ComplaintContact {complaintId: $id})
     SET k.name = contact.name, k.email = contact.email, k.phone = contact.phone
     MERGE (k)-[:OF]->(c))
   RETURN c AS complaint`,
);

/** The complaint, locked for the rest of the transaction, so two steps from one status do not both pass. */
export const complaintForChange = cypher<{ id: string }, { complaint: Node }>(
  'complaint_for_change',
  `MATCH (c:Complaint {id: $id})
   SET c._lock = true
   REMOVE c._lock
   RETURN c AS complaint`,
);

/** One step of the committee: the status it ends in, and its notes (each one a node of its own). */
export const updateComplaint = cypher<
  {
    id: string;
    status: ComplaintStatus;
    notes: { id: string; public: boolean; text: string }[];
  },
  { complaint: Node }
>(
  'complaint_update',
  `MATCH (c:Complaint {id: $id})
   SET c.status = $status, c.updatedAt = datetime(),
       c.publicNoteCount = c.publicNoteCount + size([n IN $notes WHERE n.public]),
       c.internalNoteCount = c.internalNoteCount + size([n IN $notes WHERE NOT n.public])
   FOREACH (note IN $notes |
     MERGE (n:ComplaintNote {id: note.id})
       ON CREATE SET n.public = note.public, n.text = note.text, n.status = $status, n.at = c.updatedAt
     MERGE (n)-[:ON]->(c))
   RETURN c AS complaint`,
);

/**
 * The quarry or processor an admitted complaint is about, and the day its notice looks at: the
 * day it happened, else the day it was received. No row when it names no site in the graph.
 */
export const complaintSite = cypher<{ id: string }, { siteId: string; asOf: string }>(
  'complaint_site',
  `MATCH (c:Complaint {id: $id})-[:ABOUT]->(site:ChainNode)
   WHERE site:Quarry OR site:Processor
   RETURN site.id AS siteId, toString(coalesce(c.occurredOn, date(c.receivedAt))) AS asOf
   LIMIT 1`,
);

/** The notice of an admitted complaint: one NOTIFIES per project and per organisation it reached. */
export const notify = cypher<
  {
    id: string;
    projects: { projectId: string; share: number | null; massTonnes: number | null }[];
    organisations: { id: string; share: number; massTonnes: number }[];
  },
  never
>(
  'complaint_notify',
  `MATCH (c:Complaint {id: $id})
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
   }`,
);
