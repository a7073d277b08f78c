/**
 * Trace shares, computed from the reachable sub-graph of each delivery (see README, "Trace semantics").
 *
 * Every delivery's mass fraction flows upstream from its importer. At each node it splits over the
 * node's qualifying supply links that do not lead back into the path walked so far: in proportion
 * to `annualVolumeTonnes` when every one of them declares a positive volume, equally otherwise.
 * A path ends at a quarry (an origin), at a node with nothing left to follow, or at the depth
 * limit (both gaps). Every fraction ends at exactly one leaf, so origins plus gaps sum to 1.
 */

export interface ShareLink {
  id: string;
  supplierId: string;
  customerId: string;
  annualVolumeTonnes: number | null;
}

export interface ShareDelivery {
  importerId: string;
  stoneType: string;
  massTonnes: number;
  /** The qualifying links of this delivery's window and stone type (any order, duplicates allowed). */
  links: ShareLink[];
}

export interface SharePath {
  /** Quarry first, importer last. */
  nodeIds: string[];
  linkIds: string[];
}

export interface ShareOriginPath extends SharePath {
  /** The share of delivered mass along this path (over every delivery that took it). */
  share: number;
}

export interface ShareOrigin {
  quarryId: string;
  share: number;
  paths: ShareOriginPath[];
}

export interface ShareGap {
  nodeId: string;
  stoneType: string;
  share: number;
}

/** Where mass ends: one entry per distinct path to a quarry (an origin) or to a gap, with its share. */
export interface ShareLeaf extends SharePath {
  share: number;
  /** True when the path ends in a gap at `nodeIds[0]`. */
  gap: boolean;
}

export interface ShareResult {
  origins: ShareOrigin[];
  gaps: ShareGap[];
  leaves: ShareLeaf[];
  nodeIds: string[];
  linkIds: string[];
  tracedShare: number;
}

interface OriginAccumulator {
  share: number;
  paths: Set<ShareLeaf>;
}

export function computeShares(
  deliveries: ShareDelivery[],
  isQuarry: (nodeId: string) => boolean,
  maxDepth: number,
): ShareResult {
  const totalMass = deliveries.reduce((sum, d) => sum + d.massTonnes, 0);
  const origins = new Map<string, OriginAccumulator>();
  const gaps = new Map<string, ShareGap>();
  const nodeIds = new Set<string>();
  const linkIds = new Set<string>();
  const leaves = new Map<string, ShareLeaf>();

  const addLeaf = (pathNodes: string[], pathLinks: string[], share: number, gap: boolean): ShareLeaf => {
    const path = { nodeIds: [...pathNodes].reverse(), linkIds: [...pathLinks].reverse() };
    const key = `${gap ? 'gap' : 'origin'} ${path.nodeIds.join(' ')} ${path.linkIds.join(' ')}`;
    const leaf = leaves.get(key) ?? { ...path, share: 0, gap };
    leaf.share += share;
    leaves.set(key, leaf);
    for (const linkId of pathLinks) linkIds.add(linkId);
    return leaf;
  };

  const addGap = (nodeId: string, stoneType: string, share: number): void => {
    const key = `${nodeId}\u0000${stoneType}`;
    const gap = gaps.get(key);
    if (gap) gap.share += share;
    else gaps.set(key, { nodeId, stoneType, share });
  };

  const addOrigin = (pathNodes: string[], pathLinks: string[], share: number): void => {
    const path = addLeaf(pathNodes, pathLinks, share, false);
    const quarryId = path.nodeIds[0] as string;
    const origin = origins.get(quarryId) ?? { share: 0, paths: new Set<ShareLeaf>() };
    origin.share += share;
    origin.paths.add(path);
    origins.set(quarryId, origin);
  };

  for (const delivery of deliveries) {
    if (totalMass <= 0) break;
    const upstream = upstreamIndex(delivery.links);
    const onPath = new Set<string>();
    const pathNodes: string[] = [];
    const pathLinks: string[] = [];

    const walk = (nodeId: string, share: number): void => {
      nodeIds.add(nodeId);
      if (isQuarry(nodeId)) {
        addOrigin([...pathNodes, nodeId], pathLinks, share);
        return;
      }
      onPath.add(nodeId);
      pathNodes.push(nodeId);
      const candidates = (upstream.get(nodeId) ?? []).filter((link) => !onPath.has(link.supplierId));
      if (candidates.length === 0 || pathLinks.length >= maxDepth) {
        addGap(nodeId, delivery.stoneType, share);
        addLeaf(pathNodes, pathLinks, share, true);
      } else {
        const weights = splitWeights(candidates);
        candidates.forEach((link, index) => {
          pathLinks.push(link.id);
          walk(link.supplierId, share * (weights[index] as number));
          pathLinks.pop();
        });
      }
      pathNodes.pop();
      onPath.delete(nodeId);
    };

    walk(delivery.importerId, delivery.massTonnes / totalMass);
  }

  const gapShare = [...gaps.values()].reduce((sum, gap) => sum + gap.share, 0);
  const gapList = [...gaps.values()]
    .map((gap) => ({ ...gap, share: roundShare(gap.share) }))
    .sort((a, b) => b.share - a.share || a.nodeId.localeCompare(b.nodeId));
  return {
    origins: [...origins.entries()]
      .map(([quarryId, { share, paths }]) => ({
        quarryId,
        share: roundShare(share),
        paths: [...paths].map((path) => ({ nodeIds: path.nodeIds, linkIds: path.linkIds, share: roundShare(path.share) })),
      }))
      .sort((a, b) => b.share - a.share || a.quarryId.localeCompare(b.quarryId)),
    gaps: gapList,
    leaves: [...leaves.values()],
    nodeIds: [...nodeIds],
    linkIds: [...linkIds],
    tracedShare: totalMass > 0 ? roundShare(1 - gapShare) : 0,
  };
}

/**
 * Shares as clients see them: sums of fractions in floating point drift in the last digits
 * (0.9999999999999999 for 1), so shares are rounded to 12 decimals, far below any real tonnage.
 */
export const roundShare = (share: number): number => Math.round(share * 1e12) / 1e12;

/** Links by customer, each link once and in id order, so results do not depend on query order. */
function upstreamIndex(links: ShareLink[]): Map<string, ShareLink[]> {
  const unique = new Map(links.map((link) => [link.id, link]));
  const byCustomer = new Map<string, ShareLink[]>();
  for (const link of [...unique.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const list = byCustomer.get(link.customerId) ?? [];
    list.push(link);
    byCustomer.set(link.customerId, list);
  }
  return byCustomer;
}

function splitWeights(links: ShareLink[]): number[] {
  const volumes = links.map((link) => link.annualVolumeTonnes ?? 0);
  const total = volumes.reduce((sum, v) => sum + v, 0);
  if (volumes.every((v) => v > 0)) return volumes.map((v) => v / total);
  return links.map(() => 1 / links.length);
}
