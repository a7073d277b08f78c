import { standInViewers, viewerParam, type Viewer } from '../auth/viewer.js';
import { perRole } from '../auth/visibility.js';
import type { Graph } from '../db/graph.js';
import type { TraceSettings } from '../config.js';
import {
  toChainNode,
  toImporter,
  toProject,
  toSupplyLink,
  type ChainNodeRecord,
  type ProjectRecord,
  type QuarryRecord,
  type SupplyLinkRecord,
} from '../registry/records.js';
import { notFound } from '../shared/errors.js';
import { computeShares, type SharePath } from './compute.js';
import { traceQuery, type TraceRow } from './query.js';

export interface TracePathRecord {
  nodes: ChainNodeRecord[];
  links: SupplyLinkRecord[];
}

export interface TraceRecord {
  project: ProjectRecord;
  origins: { quarry: QuarryRecord; share: number; paths: TracePathRecord[] }[];
  nodes: ChainNodeRecord[];
  links: SupplyLinkRecord[];
  gaps: { node: ChainNodeRecord; stoneType: string; share: number }[];
  tracedShare: number;
}

export class TraceService {
  private readonly query;

  constructor(
    private readonly graph: Graph,
    private readonly settings: TraceSettings,
  ) {
    this.query = perRole(settings.maxDepth, (visible) => traceQuery(settings.maxDepth, visible));
  }

  async trace(viewer: Viewer, projectId: string, asOf: string | null): Promise<TraceRecord> {
    const [row] = await this.graph.read(this.query[viewer.role], {
      viewer: viewerParam(viewer),
      projectId,
      asOf,
      leadTimeDays: this.settings.leadTimeDays,
    });
    if (!row) throw notFound('Project', projectId);
    return this.assemble(row);
  }

  /** Plans the trace query of every role ahead of the first request (see RegistryService.warmUp). */
  async warmUp(): Promise<void> {
    for (const viewer of standInViewers) {
      await this.trace(viewer, 'stand-in', null).catch(() => undefined);
    }
  }

  private assemble(row: TraceRow): TraceRecord {
    const nodes = new Map<string, ChainNodeRecord>();
    for (const node of [...row.suppliers, ...row.deliveries.map((d) => d.importer)]) {
      const record = toChainNode(node);
      nodes.set(record.id, record);
    }
    const nodeById = (id: string): ChainNodeRecord => {
      const node = nodes.get(id);
      if (!node) throw new Error(`trace row lacks chain node ${id}`);
      return node;
    };

    const links = new Map<string, SupplyLinkRecord>();
    const shareDeliveries = row.deliveries.map(({ delivery, importer, links: linkRows }) => ({
      importerId: toImporter(importer).id,
      stoneType: String(delivery.properties.stoneType),
      massTonnes: Number(delivery.properties.massTonnes),
      links: linkRows.map(({ link, supplierId, customerId }) => {
        const record = toSupplyLink(link, nodeById(supplierId), nodeById(customerId));
        links.set(record.id, record);
        return { id: record.id, supplierId, customerId, annualVolumeTonnes: record.annualVolumeTonnes };
      }),
    }));

    const shares = computeShares(shareDeliveries, (id) => nodes.get(id)?.__typename === 'Quarry', this.settings.maxDepth);
    const linkById = (id: string): SupplyLinkRecord => links.get(id) as SupplyLinkRecord;
    const toPath = (path: SharePath): TracePathRecord => ({
      nodes: path.nodeIds.map(nodeById),
      links: path.linkIds.map(linkById),
    });

    return {
      project: toProject(row.project, row.buyer),
      origins: shares.origins.map((origin) => ({
        quarry: nodeById(origin.quarryId) as QuarryRecord,
        share: origin.share,
        paths: origin.paths.map(toPath),
      })),
      nodes: shares.nodeIds.map(nodeById),
      links: shares.linkIds.map(linkById),
      gaps: shares.gaps.map((gap) => ({ node: nodeById(gap.nodeId), stoneType: gap.stoneType, share: gap.share })),
      tracedShare: shares.tracedShare,
    };
  }
}
