import { randomUUID } from 'node:crypto';
import type { Node } from 'neo4j-driver';
import { recordChanges } from '../audit/trail.js';
import { hashSecret } from '../auth/tokens.js';
import type { Viewer } from '../auth/viewer.js';
import type { Graph, GraphTransaction } from '../db/graph.js';
import type { DownstreamService, Reach } from '../downstream/service.js';
import { notify, notifyFollowers, type NewNotification } from '../notifications/outbox.js';
import type { ComplaintStatus } from '../shared/contract.generated.js';
import { groupBy } from '../shared/collections.js';
import { badInput, notFound } from '../shared/errors.js';
import * as queries from './queries.js';
import {
  newFollowUpCode,
  newReference,
  normalisedCode,
  refusedMove,
  toComplaint,
  type ComplaintRecord,
} from './records.js';
import type { ComplaintInput } from './validation.js';
import * as writes from './writes.js';

export interface ComplaintReceipt {
  reference: string;
  followUpCode: string;
  status: ComplaintStatus;
}

export interface ComplaintStep {
  id: string;
  status: ComplaintStatus | null;
  publicNote: string | null;
  internalNote: string | null;
}

/**
 * Filing a complaint and the committee's steps. A complaint filed is not yet evidence of anything,
 * so filing leaves the data version (and every cached trace) as it was. Every step of the committee
 * moves it: an admitted complaint raises risks on the traces through its site until it is resolved,
 * and the trace's fingerprint covers the complaint as read (docs/trace-and-risk.md, "Risk rules").
 */
export class ComplaintCommands {
  constructor(
    private readonly graph: Graph,
    private readonly downstream: DownstreamService,
  ) {}

  /**
   * The same receipt whether or not a named site or company is in the graph: a caller without a
   * key learns nothing of which ids exist. The filing itself is the complaint's `receivedAt`; the
   * audit trail records the committee's steps, which are made with keys.
   */
  async file(input: ComplaintInput): Promise<ComplaintReceipt> {
    // The code is shown once, in this answer; only its hash is stored, like an API key's secret.
    const followUpCode = newFollowUpCode();
    const reference = newReference();
    await this.graph.write(
      writes.createComplaint,
      {
        id: randomUUID(),
        reference,
        followUpCodeHash: hashSecret(normalisedCode(followUpCode)),
        siteId: input.siteId,
        companyId: input.companyId,
        country: input.place?.country ?? null,
        area: input.place?.area ?? null,
        place: input.place?.place ?? null,
        themes: input.themes,
        description: input.description,
        occurredOn: input.occurredOn,
        contact: input.contact,
      },
      { changesData: false },
    );
    return { reference, followUpCode, status: 'RECEIVED' };
  }

  /** One step: a move along the allowed statuses and/or notes, with its audit entry, in one transaction. */
  update(viewer: Viewer, step: ComplaintStep): Promise<ComplaintRecord> {
    return this.graph.writeTransaction(async (tx) => {
      const [current] = await tx.run(writes.complaintForChange, { id: step.id });
      if (!current) throw notFound('Complaint', step.id);
      const from = statusOf(current.complaint);
      const to = step.status ?? from;
      const refusal = to === from ? null : refusedMove(from, to);
      if (refusal) throw badInput('status', 'complaint_transition', refusal);
      const notes = [
        ...(step.publicNote ? [{ id: randomUUID(), public: true, text: step.publicNote }] : []),
        ...(step.internalNote ? [{ id: randomUUID(), public: false, text: step.internalNote }] : []),
      ];
      const [row] = await tx.run(writes.updateComplaint, { id: step.id, status: to, notes });
      if (to === 'ADMISSIBLE' && from !== to) await this.notify(tx, step.id, current.complaint);
      await recordChanges(tx, viewer, [
        {
          action: 'updateComplaint',
          recordKind: 'Complaint',
          recordId: step.id,
          before: current.complaint,
          after: row!.complaint,
        },
      ]);
      if (to !== from) await notifyStep(tx, step.id, from, to, current.complaint);
      const [read] = await tx.run(queries.complaintById, { id: step.id });
      return toComplaint(read!.complaint);
    });
  }

  /**
   * On admission, in the same transaction: everything downstream of the complaint's site as on the
   * day it happened (the `downstream` walk, bounded by the trace's depth and path limits), written
   * as the complaint's notice. A complaint about no site in the graph (a place in words, an
   * importer) reaches no one this way: the committee takes it up with whom it concerns. Each
   * organisation reached also gets a COMPLAINT_ADMISSIBLE event in the outbox.
   */
  private async notify(tx: GraphTransaction, id: string, complaint: Node): Promise<void> {
    const [about] = await tx.run(writes.complaintSite, { id });
    if (!about) return;
    const reach = await this.downstream.reach((query, params) => tx.run(query, params), about.siteId, about.asOf);
    await tx.run(writes.notify, { id, ...reach });
    await notify(tx, admissionNotices(id, complaint, reach));
  }
}

const statusOf = (node: Node): ComplaintStatus => (node.properties as { status: ComplaintStatus }).status;

/**
 * The admission event of each organisation the notice reached: a buyer once, with its projects and
 * the share of each that passed the site; a company with the share of its stone that did. Only the
 * reference, the themes and the shares: no description, no complainant, no site or company the
 * receiver may not see (dueDiligence and `complaints` show the rest to whom may see it).
 */
function admissionNotices(id: string, complaint: Node, reach: Reach): NewNotification[] {
  const { reference, themes } = complaint.properties as { reference: string; themes: string[] };
  const about = { reference, status: 'ADMISSIBLE', themes };
  const subject = { kind: 'Complaint', id };
  const byBuyer = groupBy(reach.projects, (project) => project.buyerId);
  return [
    ...[...byBuyer].map(([buyerId, projects]) => ({
      type: 'COMPLAINT_ADMISSIBLE' as const,
      organisationId: buyerId,
      subject,
      data: { complaint: { ...about, projects: projects.map(({ projectId, share }) => ({ projectId, share })) } },
    })),
    ...reach.organisations.map((organisation) => ({
      type: 'COMPLAINT_ADMISSIBLE' as const,
      organisationId: organisation.id,
      subject,
      data: { complaint: { ...about, share: organisation.share } },
    })),
  ];
}

/**
 * Every step after admission reaches the organisations the admission reached, with nothing but the
 * complaint's reference and its statuses.
 */
async function notifyStep(
  tx: GraphTransaction,
  id: string,
  from: ComplaintStatus,
  to: ComplaintStatus,
  complaint: Node,
): Promise<void> {
  if (to === 'ADMISSIBLE') return;
  const reference = String(complaint.properties.reference);
  await notifyFollowers(
    tx,
    'COMPLAINT_STATUS_CHANGED',
    { kind: 'Complaint', id },
    { complaint: { reference, status: to, previousStatus: from } },
  );
}
