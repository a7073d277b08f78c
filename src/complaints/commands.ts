import { randomUUID } from 'node:crypto';
import type { Node } from 'neo4j-driver';
import { recordChanges } from '../audit/trail.js';
import { hashSecret } from '../auth/tokens.js';
import type { Viewer } from '../auth/viewer.js';
import type { Graph, GraphTransaction } from '../db/graph.js';
import { notifyFollowers } from '../notifications/outbox.js';
import type { ComplaintStatus } from '../shared/contract.generated.js';
import { badInput, notFound } from '../shared/errors.js';
import * as queries from './queries.js';
import { newFollowUpCode, newReference, normalisedCode, refusedMove, type ComplaintRecord } from './records.js';
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
 * Filing a complaint and the committee's steps. Complaints are not chain data, so these writes
 * leave the data version (and every cached trace) as it was.
 */
export class ComplaintCommands {
  constructor(private readonly graph: Graph) {}

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
    return this.graph.writeTransaction(
      async (tx) => {
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
        return read!.complaint;
      },
      { changesData: false },
    );
  }
}

const statusOf = (node: Node): ComplaintStatus => (node.properties as { status: ComplaintStatus }).status;

/**
 * Admission is told to the organisations the complaint affects (COMPLAINT_ADMISSIBLE, with each
 * one's share); every later step reaches those same organisations, with nothing but the complaint's
 * reference and its statuses.
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
