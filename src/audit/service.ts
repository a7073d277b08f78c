import type { Graph } from '../db/graph.js';
import { cypher } from '../db/graph.js';
import { pageParams, toConnection, type Connection, type PageRequest } from '../shared/pagination.js';

export interface AuditEntryRecord {
  id: string;
  at: string;
  action: string;
  recordKind: string;
  recordId: string;
  actorRole: string;
  actorKeyId: string;
  actorOrganisationId: string | null;
  before: string | null;
  after: string;
}

const entryFields = `e {.id, at: toString(e.at), .action, .recordKind, .recordId, .actorRole, .actorKeyId,
                        actorOrganisationId: e.actorOrgId, .before, .after}`;

// Newest first: keyset on (at, id) descending.
const auditPage = (filter: string) =>
  cypher<
    { value: string; limit: unknown; afterKey: string | null; afterId: string | null },
    { totalCount: number; page: AuditEntryRecord[] }
  >(
    `audit_page_by_${filter}`,
    `CALL () { MATCH (e:AuditEntry {${filter}: $value}) RETURN count(e) AS totalCount }
     CALL () {
       MATCH (e:AuditEntry {${filter}: $value})
       WHERE $afterKey IS NULL OR toString(e.at) < $afterKey OR (toString(e.at) = $afterKey AND e.id < $afterId)
       WITH e ORDER BY e.at DESC, e.id DESC LIMIT $limit
       RETURN collect(${entryFields}) AS page
     }
     RETURN totalCount, page`,
  );

const byRecord = auditPage('recordId');
const byOrganisation = auditPage('actorOrgId');

export class AuditService {
  constructor(private readonly graph: Graph) {}

  ofRecord(recordId: string, page: PageRequest): Promise<Connection<AuditEntryRecord>> {
    return this.page(byRecord, recordId, page);
  }

  ofOrganisation(organisationId: string, page: PageRequest): Promise<Connection<AuditEntryRecord>> {
    return this.page(byOrganisation, organisationId, page);
  }

  private async page(query: typeof byRecord, value: string, page: PageRequest): Promise<Connection<AuditEntryRecord>> {
    const [row] = await this.graph.read(query, { value, ...pageParams(page) });
    return toConnection(row?.page ?? [], page.first, row?.totalCount ?? 0, (entry) => entry.at);
  }
}
