import { randomUUID } from 'node:crypto';
import { recordChanges } from '../audit/trail.js';
import { hashSecret, randomSecret } from '../auth/tokens.js';
import type { Viewer } from '../auth/viewer.js';
import type { Graph } from '../db/graph.js';
import { notFound } from '../shared/errors.js';
import { managesLinksOf, sharedReportPath } from './access.js';
import { toReportLink, type ReportLinkRecord } from './records.js';
import * as writes from './writes.js';

/**
 * Creating and revoking report links, each one transaction with its audit entry. A link is not
 * chain data, so these writes leave the data version (and every cached trace) as it was.
 */
export class ReportLinkCommands {
  constructor(private readonly graph: Graph) {}

  /** `origin`: where people reach this service, for the link's URL. */
  create(viewer: Viewer, projectId: string, expiresOn: string, origin: string): Promise<ReportLinkRecord> {
    const id = randomUUID();
    // The token is shown once, in this answer; only its hash is stored, like an API key's secret.
    const token = randomSecret();
    return this.graph.writeTransaction(
      async (tx) => {
        const [project] = await tx.run(writes.projectBuyer, { projectId });
        if (!project || !managesLinksOf(viewer, project.buyerId)) throw notFound('Project', projectId);
        const [row] = await tx.run(writes.createLink, {
          id,
          tokenHash: hashSecret(token),
          projectId,
          expiresOn,
          role: viewer.role,
          keyId: viewer.keyId,
        });
        await recordChanges(tx, viewer, [
          { action: 'createReportLink', recordKind: 'ReportLink', recordId: id, before: null, after: row!.link },
        ]);
        return toReportLink(row!.link, projectId, `${origin}${sharedReportPath(token)}`);
      },
      { changesData: false },
    );
  }

  /** A link already revoked is returned as it is, and leaves no second entry. */
  revoke(viewer: Viewer, id: string): Promise<ReportLinkRecord> {
    return this.graph.writeTransaction(
      async (tx) => {
        const [current] = await tx.run(writes.linkForChange, { id });
        if (!current || !managesLinksOf(viewer, current.buyerId)) throw notFound('ReportLink', id);
        if (current.link.properties.revokedAt != null) return toReportLink(current.link, current.projectId);
        const [row] = await tx.run(writes.revokeLink, { id });
        await recordChanges(tx, viewer, [
          {
            action: 'revokeReportLink',
            recordKind: 'ReportLink',
            recordId: id,
            before: current.link,
            after: row!.link,
          },
        ]);
        return toReportLink(row!.link, current.projectId);
      },
      { changesData: false },
    );
  }
}
