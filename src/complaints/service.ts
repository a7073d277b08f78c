import { hashSecret, secretMatches } from '../auth/tokens.js';
import { viewerParam, type Viewer } from '../auth/viewer.js';
import type { Graph } from '../db/graph.js';
import type { ComplaintStatus } from '../shared/contract.generated.js';
import { clientError, type ClientError } from '../shared/errors.js';
import { pageParams, toConnection, type Connection, type PageRequest } from '../shared/pagination.js';
import * as queries from './queries.js';
import { normalisedCode, toComplaint, type ComplaintNoteRecord, type ComplaintRecord } from './records.js';
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

  /** ADMIN keys list every complaint; MEMBER keys those whose notice reached their organisation. */
  async list(
    viewer: Viewer,
    filter: { status: ComplaintStatus | null; siteId: string | null },
    page: PageRequest,
  ): Promise<Connection<ComplaintRecord>> {
    const params = { ...filter, ...pageParams(page) };
    const [row] =
      viewer.role === 'MEMBER'
        ? await this.graph.read(queries.noticedComplaintsPage, { ...params, viewer: viewerParam(viewer) })
        : await this.graph.read(queries.complaintsPage, params);
    return toConnection((row?.page ?? []).map(toComplaint), page.first, row?.totalCount ?? 0, (c) => c.receivedAt);
  }
}
