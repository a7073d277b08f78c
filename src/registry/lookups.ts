import { viewerParam, type Viewer } from '../auth/viewer.js';
import { perRole } from '../auth/visibility.js';
import type { GraphTransaction } from '../db/graph.js';
import { notFound } from '../shared/errors.js';
import { registryQueries, type RegistryQueries } from './queries.js';
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

/** The lookups without visibility, for reading back what a write itself made. */
export const adminViewer: Viewer = { keyId: 'system', role: 'ADMIN', orgId: null };
