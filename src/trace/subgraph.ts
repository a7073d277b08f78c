import {
  toChainNode,
  toDelivery,
  toSupplyLink,
  type ChainNodeRecord,
  type DeliveryRecord,
  type ProjectRecord,
  type StoredNode,
  type SupplyLinkRecord,
} from '../registry/records.js';
import type { ShareDelivery } from './compute.js';
import type { TraceDeliveryRow } from './query.js';

/** What a project's trace row holds (see traceRows): the records by id, and the deliveries as computeShares takes them. */
export interface TracedSubgraph {
  nodes: Map<string, ChainNodeRecord>;
  links: Map<string, SupplyLinkRecord>;
  deliveries: Map<string, DeliveryRecord>;
  shareDeliveries: ShareDelivery[];
  nodeById: (id: string) => ChainNodeRecord;
  isQuarry: (id: string) => boolean;
}

export function tracedSubgraph(
  project: ProjectRecord,
  rows: TraceDeliveryRow[],
  suppliers: StoredNode[],
): TracedSubgraph {
  const nodes = new Map<string, ChainNodeRecord>();
  for (const node of [...suppliers, ...rows.map((d) => d.importer)]) {
    const record = toChainNode(node);
    nodes.set(record.id, record);
  }
  const nodeById = (id: string): ChainNodeRecord => {
    const node = nodes.get(id);
    if (!node) throw new Error(`trace row lacks chain node ${id}`);
    return node;
  };

  const deliveries = new Map<string, DeliveryRecord>();
  const links = new Map<string, SupplyLinkRecord>();
  const shareDeliveries = rows.map(({ delivery, importer, links: linkRows }): ShareDelivery => {
    const record = toDelivery(delivery, project, importer);
    deliveries.set(record.id, record);
    return {
      importerId: record.importer.id,
      stoneType: record.stoneType,
      massTonnes: record.massTonnes,
      links: linkRows.map(({ link, supplierId, customerId }) => {
        const linkRecord = toSupplyLink(link, nodeById(supplierId), nodeById(customerId));
        links.set(linkRecord.id, linkRecord);
        return { id: linkRecord.id, supplierId, customerId, annualVolumeTonnes: linkRecord.annualVolumeTonnes };
      }),
    };
  });
  return {
    nodes,
    links,
    deliveries,
    shareDeliveries,
    nodeById,
    isQuarry: (id) => nodes.get(id)?.__typename === 'Quarry',
  };
}
