import { viewerParam, type Viewer } from '../auth/viewer.js';
import { perRole } from '../auth/visibility.js';
import type { GraphTransaction } from '../db/graph.js';
import { notFound } from '../shared/errors.js';
import { registryQueries, type RegistryQueries } from './queries.js';
import { lockSites, siteIdsResolved } from './writes.js';
import {
  toChainNode,
  toDelivery,
  toProject,
  toSupplyLink,
  type ChainNodeRecord,
  type DeliveryRecord,
  type ProjectRecord,
  type SupplyLinkRecord,
} from './records.js';

/**
 * Records a write refers to, looked up inside the write's transaction with the caller's
 * visibility: what the caller may not see is NOT_FOUND, exactly like what does not exist.
 */
export class VisibleRecords {
  private readonly reads: Record<Viewer['role'], RegistryQueries>;

  constructor(maxDepth: number) {
    this.reads = perRole(maxDepth, registryQueries);
  }

  async node(tx: GraphTransaction, viewer: Viewer, id: string): Promise<ChainNodeRecord> {
    const node = await this.findNode(tx, viewer, id);
    if (!node) throw notFound('ChainNode', id);
    return node;
  }

  /**
   * The sites with these ids as the caller sees them, write-locked, a merged site's id standing for
   * the site it was merged into: what the transaction then attaches to them cannot land on a site
   * a concurrent merge is retiring. Absent or invisible: NOT_FOUND. Keyed by the ids as given.
   */
  async lockedSites(tx: GraphTransaction, viewer: Viewer, ids: string[]): Promise<Map<string, ChainNodeRecord>> {
    const resolved = await lockResolved(tx, ids);
    const sites = new Map<string, ChainNodeRecord>();
    for (const id of ids) sites.set(id, await this.node(tx, viewer, resolved.get(id)!));
    return sites;
  }

  async link(tx: GraphTransaction, viewer: Viewer, id: string): Promise<SupplyLinkRecord> {
    const link = await this.findLink(tx, viewer, id);
    if (!link) throw notFound('SupplyLink', id);
    return link;
  }

  /** Null where the caller may not see it (or it does not exist). */
  async findNode(tx: GraphTransaction, viewer: Viewer, id: string): Promise<ChainNodeRecord | null> {
    const [row] = await tx.run(this.reads[viewer.role].chainNodeById, { viewer: viewerParam(viewer), id });
    return row ? toChainNode(row.node) : null;
  }

  async findLink(tx: GraphTransaction, viewer: Viewer, id: string): Promise<SupplyLinkRecord | null> {
    const [row] = await tx.run(this.reads[viewer.role].supplyLinkById, { viewer: viewerParam(viewer), id });
    return row ? toSupplyLink(row.link, toChainNode(row.supplier), toChainNode(row.customer)) : null;
  }

  async delivery(tx: GraphTransaction, viewer: Viewer, id: string): Promise<DeliveryRecord> {
    const [row] = await tx.run(this.reads[viewer.role].deliveryById, { viewer: viewerParam(viewer), id });
    if (!row) throw notFound('Delivery', id);
    return toDelivery(row.delivery, toProject(row.project, row.buyer), row.importer);
  }

  /** Throws NOT_FOUND unless the caller sees the delivery, cancelled or not. */
  async deliveryInAnyState(tx: GraphTransaction, viewer: Viewer, id: string): Promise<void> {
    const [row] = await tx.run(this.reads[viewer.role].deliveryInAnyStateSeen, { viewer: viewerParam(viewer), id });
    if (!row) throw notFound('Delivery', id);
  }

  async project(tx: GraphTransaction, viewer: Viewer, id: string): Promise<ProjectRecord> {
    const [row] = await tx.run(this.reads[viewer.role].projectById, { viewer: viewerParam(viewer), id });
    if (!row) throw notFound('Project', id);
    return toProject(row.project, row.buyer);
  }
}

/**
 * Locks the ids, then reads where each points; a merge committed while this waited for a lock
 * points it elsewhere, so that site is locked in turn. Tombstones point straight at a live site,
 * so this ends after a round or two (three rounds cover a merge of the kept site meanwhile).
 */
export async function lockResolved(tx: GraphTransaction, ids: readonly string[]): Promise<Map<string, string>> {
  const locked = new Set<string>();
  let toLock = [...new Set(ids)].sort();
  let resolved = new Map<string, string>();
  for (let round = 0; round < 3 && toLock.length > 0; round++) {
    await tx.run(lockSites, { ids: toLock });
    for (const id of toLock) locked.add(id);
    const rows = await tx.run(siteIdsResolved, { ids: [...new Set(ids)] });
    resolved = new Map(rows.map((row) => [row.id, row.resolved]));
    toLock = [...new Set(resolved.values())].filter((id) => !locked.has(id)).sort();
  }
  return resolved;
}

/** The lookups without visibility, for reading back what a write itself made. */
export const adminViewer: Viewer = { keyId: 'system', role: 'ADMIN', orgId: null };
