import { cypher } from '../db/graph.js';
import type { ComplaintStatus } from '../shared/contract.generated.js';
import type { PageParams } from '../shared/pagination.js';
import type { ComplaintRow } from './records.js';

/** A complaint as the committee reads it, notes oldest first. */
const complaintMap = `c {
  .id, .reference, .status, .siteId, .companyId, .themes,
  occurredOn: toString(c.occurredOn), receivedAt: toString(c.receivedAt), updatedAt: toString(c.updatedAt),
  siteFound: EXISTS { (c)-[:ABOUT]->() },
  site: COLLECT { MATCH (c)-[:ABOUT]->(site:ChainNode) RETURN site }[0],
  share: null,
  committee: c {
    .country, .area, .place, .description,
    publicNotes: COLLECT { MATCH (n:ComplaintNote {public: true})-[:ON]->(c) WITH n ORDER BY n.at, n.id
                           RETURN n {at: toString(n.at), .status, .text} },
    internalNotes: COLLECT { MATCH (n:ComplaintNote {public: false})-[:ON]->(c) WITH n ORDER BY n.at, n.id
                             RETURN n {at: toString(n.at), .status, .text} },
    contact: COLLECT { MATCH (k:ComplaintContact)-[:OF]->(c) RETURN k {.name, .email, .phone} }[0]
  }
}`;

/** One complaint by id; no row when there is none. */
export const complaintById = cypher<{ id: string }, { complaint: ComplaintRow }>(
  'complaint_by_id',
  `MATCH (c:Complaint {id: $id}) RETURN ${complaintMap} AS complaint`,
);

/** The newest first; pages go by (receivedAt, id), descending. */
const afterCursor = `($afterKey IS NULL OR c.receivedAt < datetime($afterKey)
            OR (c.receivedAt = datetime($afterKey) AND c.id < $afterId))`;

/**
 * A complaint in the status asked for, naming the site asked for: as given, or by the site it is
 * about now (a complaint about a site merged away is about the kept site).
 */
const matchesFilter = `($status IS NULL OR c.status = $status)
       AND ($siteId IS NULL OR c.siteId = $siteId OR EXISTS { (c)-[:ABOUT]->(:ChainNode {id: $siteId}) })`;

type ComplaintFilter = { status: ComplaintStatus | null; siteId: string | null } & PageParams;
type ComplaintPage = { totalCount: number; page: ComplaintRow[] };

export const complaintsPage = cypher<ComplaintFilter, ComplaintPage>(
  'complaints_page',
  `CALL () {
     MATCH (c:Complaint)
     WHERE ${matchesFilter}
     RETURN count(c) AS totalCount
   }
   CALL () {
     MATCH (c:Complaint)
     WHERE ${matchesFilter}
       AND ${afterCursor}
     WITH c ORDER BY c.receivedAt DESC, c.id DESC LIMIT $limit
     RETURN collect(${complaintMap}) AS page
   }
   RETURN totalCount, page`,
);

/**
 * The complaints whose notice reached the MEMBER's organisation (only an admitted complaint has
 * one), as the member may read them: the share of its stone that passed the site, the site, and
 * nothing of what the complainant or the committee wrote, which is not read. The site is one the
 * member sees: the notice reached it along a path of at most the trace's depth from the site, which
 * is the member's chain (see auth/visibility.ts).
 */
export const noticedComplaintsPage = cypher<ComplaintFilter & { viewer: { orgId: string | null } }, ComplaintPage>(
  'complaints_noticed_page',
  `CALL () {
       MATCH (c:Complaint)-[:NOTIFIES]->(:ChainNode {id: $viewer.orgId})
       WHERE ${matchesFilter}
       RETURN count(c) AS totalCount
     }
     CALL () {
       MATCH (c:Complaint)-[notice:NOTIFIES]->(:ChainNode {id: $viewer.orgId})
       WHERE ${matchesFilter}
         AND ${afterCursor}
       WITH c, notice ORDER BY c.receivedAt DESC, c.id DESC LIMIT $limit
       RETURN collect(c {
         .id, .reference, .status, .siteId, .companyId, .themes,
         occurredOn: toString(c.occurredOn), receivedAt: toString(c.receivedAt), updatedAt: toString(c.updatedAt),
         siteFound: true,
         site: COLLECT { MATCH (c)-[:ABOUT]->(site:ChainNode) RETURN site }[0],
         share: notice.share,
         committee: null
       }) AS page
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
