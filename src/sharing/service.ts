import type { Viewer } from '../auth/viewer.js';
import { hashSecret } from '../auth/tokens.js';
import type { Graph } from '../db/graph.js';
import { notFound } from '../shared/errors.js';
import { pageParams, toConnection, type Connection, type PageRequest } from '../shared/pagination.js';
import { managesLinksOf } from './access.js';
import * as queries from './queries.js';
import { toReportLink, type ReportLinkRecord } from './records.js';

/** What a link's token opens, if anything. */
export type OpenedLink =
  | { state: 'open'; projectId: string; viewer: Viewer }
  | { state: 'gone'; link: ReportLinkRecord }
  | { state: 'unknown' };

export class ReportLinks {
  constructor(private readonly graph: Graph) {}

  async ofProject(viewer: Viewer, projectId: string, page: PageRequest): Promise<Connection<ReportLinkRecord>> {
    const links = await this.managedBy(viewer, projectId, page);
    if (!links) throw notFound('Project', projectId);
    return links;
  }

  /** A page of the project's links, or null where the viewer may not manage them (or there is no such project). */
  async managedBy(viewer: Viewer, projectId: string, page: PageRequest): Promise<Connection<ReportLinkRecord> | null> {
    const [row] = await this.graph.read(queries.linksPage, { projectId, ...pageParams(page) });
    if (!row || !managesLinksOf(viewer, row.buyerId)) return null;
    const links = row.page.map((node) => toReportLink(node, projectId));
    return toConnection(links, page.first, row.totalCount, (link) => link.createdAt);
  }

  /**
   * The report a token opens is the project's as its buyer sees it today: the viewer is the
   * project's buyer, whoever made the link, so the report follows the buyer's visibility.
   */
  async open(token: string): Promise<OpenedLink> {
    const [row] = await this.graph.read(queries.linkByToken, { tokenHash: hashSecret(token) });
    if (!row) return { state: 'unknown' };
    const link = toReportLink(row.link, row.projectId);
    if (link.status !== 'ACTIVE') return { state: 'gone', link };
    return {
      state: 'open',
      projectId: row.projectId,
      viewer: { keyId: `report-link:${link.id}`, role: 'BUYER', orgId: row.buyerId },
    };
  }
}
