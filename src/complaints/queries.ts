import { cypher } from '../db/graph.js';
import type { ComplaintStatus } from '../shared/contract.generated.js';
import type { PageParams } from '../shared/pagination.js';
import type { ComplaintRecord } from './records.js';

/** A complaint as the committee reads it, notes oldest first. */
const complaintMap = `c {
  .id, .reference, .status, .siteId, .companyId, .country, .area, .place, .themes, .description,
  occurredOn: toString(c.occurredOn), receivedAt: toString(c.receivedAt), updatedAt: toString(c.updatedAt),
  siteFound: EXISTS { (c)-[:ABOUT]->() },
  publicNotes: COLLECT { MATCH (n:ComplaintNote {public: true})-[:ON]->(c) WITH n ORDER BY n.at, n.id
                         RETURN n {at: toString(n.at), .status, .text} },
  internalNotes: COLLECT { MATCH (n:ComplaintNote {public: false})-[:ON]->(c) WITH n ORDER BY n.at, n.id
                           RETURN n {at: toString(n.at), .status, .text} },
  contact: COLLECT { MATCH (k:ComplaintContact)-[:OF]->(c) RETURN k {.name, .email, .phone} }[0]
}`;

/** One complaint by id; no row when there is none. */
export const complaintById = cypher<{ id: string }, { complaint: ComplaintRecord }>(
  'complaint_by_id',
  `MATCH (c:Complaint {id: $id}) RETURN ${complaintMap} AS complaint`,
);

/** The newest first; pages go by (receivedAt, id), descending. */
export const complaintsPage = cypher<
  { status: ComplaintStatus | null; siteId: string | null } & PageParams,
  { totalCount: number; page: ComplaintRecord[] }
>(
  'complaints_page',
  `CALL () {
     MATCH (c:Complaint)
     WHERE ($status IS NULL OR c.status = $status) AND ($siteId IS NULL OR c.siteId = $siteId)
     RETURN count(c) AS totalCount
   }
   CALL () {
     MATCH (c:Complaint)
     WHERE ($status IS NULL OR c.status = $status) AND ($siteId IS NULL OR c.siteId = $siteId)
       AND ($afterKey IS NULL OR c.receivedAt < datetime($afterKey)
            OR (c.receivedAt = datetime($afterKey) AND c.id < $afterId))
     WITH c ORDER BY c.receivedAt DESC, c.id DESC LIMIT $limit
     RETURN collect(${complaintMap}) AS page
   }
   RETURN totalCount, page`,
);

/** What complaintStatus may show, with the hash its code is checked against; no row for an unknown reference. */
export const complaintStatusByReference = cypher<
  { reference: string },
  { codeHash: string; status: ComplaintStatus; publicNotes: { at: string; status: ComplaintStatus; text: string }[] }
>(
  'complaint_status_by_reference',
  `MATCH (c:Complaint {reference: $reference})
   RETURN c.followUpCodeHash AS codeHash, c.status AS status,
          COLLECT { MATCH (n:ComplaintNote {public: true})-[:ON]->(c) WITH n ORDER BY n.at, n.id
                    RETURN n {at: toString(n.at), .status, .text} } AS publicNotes`,
);
