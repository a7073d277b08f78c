import { hashSecret, secretMatches } from '../auth/tokens.js';
import type { Graph } from '../db/graph.js';
import type { ComplaintStatus } from '../shared/contract.generated.js';
import { clientError, type ClientError } from '../shared/errors.js';
import { pageParams, toConnection, type Connection, type PageRequest } from '../shared/pagination.js';
import * as queries from './queries.js';
import { normalisedCode, type ComplaintNoteRecord, type ComplaintRecord } from './records.js';
import { reference as referenceFormat } from './validation.js';

export interface ComplaintStatusView {
  reference: string;
  status: ComplaintStatus;
  publicNotes: ComplaintNoteRecord[];
}

/** One answer for an unknown reference and a wrong code: neither tells the other apart. */
const noSuchComplaint = (): ClientError =>
  clientError('NOT_FOUND', 'no complaint has this reference and follow-up code', { kind: 'Complaint' });

// Checked against when the reference is unknown, so that answer takes as long as a wrong code's.
const noCodeHash = hashSecret('no complaint');

export class Complaints {
  constructor(private readonly graph: Graph) {}

  async status(reference: string, followUpCode: string): Promise<ComplaintStatusView> {
    const parsed = referenceFormat.safeParse(reference);
    const [row] = parsed.success
      ? await this.graph.read(queries.complaintStatusByReference, { reference: parsed.data })
      : [];
    const matches = secretMatches(normalisedCode(followUpCode), row?.codeHash ?? noCodeHash);
    if (!row || !parsed.success || !matches) throw noSuchComplaint();
    return { reference: parsed.data, status: row.status, publicNotes: row.publicNotes };
  }

  async list(
    filter: { status: ComplaintStatus | null; siteId: string | null },
    page: PageRequest,
  ): Promise<Connection<ComplaintRecord>> {
    const [row] = await this.graph.read(queries.complaintsPage, { ...filter, ...pageParams(page) });
    return toConnection(row?.page ?? [], page.first, row?.totalCount ?? 0, (complaint) => complaint.receivedAt);
  }
}
