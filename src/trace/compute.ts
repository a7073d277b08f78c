import { clientError } from '../shared/errors.js';

/**
 * Trace shares, computed from the reachable sub-graph of each delivery (see docs/trace-and-risk.md,
 * "Trace semantics").
 *
 * Every delivery's mass fraction flows upstream from its importer. At each node it splits over the
 * node's qualifying supply links that do not lead back into the path walked so far: in proportion
 * to `annualVolumeTonnes` when every one of them declares a positive volume, equally otherwise.
 * A path ends at a quarry (an origin), at a node with nothing left to follow, or at the depth
 * limit (both gaps). Every fraction ends at exactly one leaf, so origins plus gaps sum to 1.
 *
 * Simple paths through a mesh of processors can be exponentially many even within the depth
 * limit, so the walk counts the paths it ends and gives up beyond `maxPaths`.
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
  /**
   * Per node and link on a path: the organisations at or downstream of it on some path (for a
   * link, from its supplier on to the importer), gathered once in the walk.
   */
  downstream: Map<string, Set<string>>;
}

export interface ShareLimits {
  /** Links followed from an importer. */
  maxDepth: number;
  /** Paths (origins and gaps, counted per delivery) the walk may end before it gives up. */
  maxPaths: number;
}

interface WalkedStep {
  leaf?: ShareLeaf;
  next: Map<string, WalkedStep>;
}

function nextStep(steps: Map<string, WalkedStep>, id: string): WalkedStep {
  let step = steps.get(id);
  if (!step) steps.set(id, (step = { next: new Map() }));
  return step;
}

interface OriginAccumulator {
  share: number;
  paths: Set<ShareLeaf>;
}

export function computeShares(
  deliveries: ShareDelivery[],
  isQuarry: (nodeId: string) => boolean,
  limits: ShareLimits,
): ShareResult {
  const totalMass = deliveries.reduce((sum, d) => sum + d.massTonnes, 0);
  const walk = new ShareWalk(isQuarry, limits);
  if (totalMass > 0) for (const delivery of deliveries) walk.delivery(delivery, delivery.massTonnes / totalMass);
  return walk.result(totalMass > 0);
}

/**
 * The walk behind `computeShares`: every simple path upstream from each delivery's importer, each
 * splitting its share among the links it may continue on, and what the paths add up to.
 */
class ShareWalk {
  private readonly origins = new Map<string, OriginAccumulator>();
  private readonly gaps = new Map<string, ShareGap>();
  private readonly nodeIds = new Set<string>();
  private readonly linkIds = new Set<string>();
  private readonly leaves: ShareLeaf[] = [];
  private readonly downstream = new Map<string, Set<string>>();
  // Paths already walked, as a tree of link ids from each importer: the same path taken by
  // several deliveries is one leaf, found without building a key from the whole path.
  private readonly walked = new Map<string, WalkedStep>();
  private pathsEnded = 0;

  constructor(
    private readonly isQuarry: (nodeId: string) => boolean,
    private readonly limits: ShareLimits,
  ) {}

  /** Walks one delivery's sub-graph, its `share` of the project's mass starting at its importer. */
  delivery(delivery: ShareDelivery, share: number): void {
    const upstream = upstreamIndex(delivery.links);
    const onPath = new Set<string>();
    const pathNodes: string[] = [];
    const pathLinks: string[] = [];

    const walk = (nodeId: string, share: number, step: WalkedStep): void => {
      this.nodeIds.add(nodeId);
      this.addDownstream(nodeId, onPath, nodeId);
      if (this.isQuarry(nodeId)) return this.addOrigin(step, [...pathNodes, nodeId], pathLinks, share);
      onPath.add(nodeId);
      pathNodes.push(nodeId);
      const candidates = (upstream.get(nodeId) ?? []).filter((link) => !onPath.has(link.supplierId));
      if (candidates.length === 0 || pathLinks.length >= this.limits.maxDepth) {
        this.addGap(nodeId, delivery.stoneType, share);
        this.addLeaf(step, pathNodes, pathLinks, share, true);
      } else {
        const weights = splitWeights(candidates);
        candidates.forEach((link, index) => {
          this.linkIds.add(link.id);
          this.addDownstream(link.id, onPath, link.supplierId);
          pathLinks.push(link.id);
          walk(link.supplierId, share * (weights[index] as number), nextStep(step.next, link.id));
          pathLinks.pop();
        });
      }
      pathNodes.pop();
      onPath.delete(nodeId);
    };

    walk(delivery.importerId, share, nextStep(this.walked, delivery.importerId));
  }

  /** What the walked paths add up to; `anyMass` false when the deliveries weigh nothing. */
  result(anyMass: boolean): ShareResult {
    const gapShare = [...this.gaps.values()].reduce((sum, gap) => sum + gap.share, 0);
    return {
      origins: [...this.origins.entries()]
        .map(([quarryId, { share, paths }]) => ({
          quarryId,
          share: roundShare(share),
          paths: [...paths].map((path) => ({
            nodeIds: path.nodeIds,
            linkIds: path.linkIds,
            share: roundShare(path.share),
          })),
        }))
        .sort((a, b) => b.share - a.share || compareIds(a.quarryId, b.quarryId)),
      gaps: [...this.gaps.values()]
        .map((gap) => ({ ...gap, share: roundShare(gap.share) }))
        .sort((a, b) => b.share - a.share || compareIds(a.nodeId, b.nodeId)),
      leaves: this.leaves,
      nodeIds: [...this.nodeIds],
      linkIds: [...this.linkIds],
      tracedShare: anyMass ? roundShare(1 - gapShare) : 0,
      downstream: this.downstream,
    };
  }

  private addDownstream(id: string, organisations: Iterable<string>, also: string): void {
    const set = this.downstream.get(id) ?? new Set<string>();
    for (const organisation of organisations) set.add(organisation);
    this.downstream.set(id, set.add(also));
  }

  private addLeaf(step: WalkedStep, pathNodes: string[], pathLinks: string[], share: number, gap: boolean): ShareLeaf {
    if (++this.pathsEnded > this.limits.maxPaths) throw traceTooComplex(this.limits.maxPaths);
    if (!step.leaf) {
      step.leaf = { nodeIds: pathNodes.toReversed(), linkIds: pathLinks.toReversed(), share: 0, gap };
      this.leaves.push(step.leaf);
    }
    step.leaf.share += share;
    return step.leaf;
  }

  private addGap(nodeId: string, stoneType: string, share: number): void {
    const key = `${nodeId}\u0000${stoneType}`;
    const gap = this.gaps.get(key);
    if (gap) gap.share += share;
    else this.gaps.set(key, { nodeId, stoneType, share });
  }

  private addOrigin(step: WalkedStep, pathNodes: string[], pathLinks: string[], share: number): void {
    const path = this.addLeaf(step, pathNodes, pathLinks, share, false);
    const quarryId = path.nodeIds[0] as string;
    const origin = this.origins.get(quarryId) ?? { share: 0, paths: new Set<ShareLeaf>() };
    origin.share += share;
    origin.paths.add(path);
    this.origins.set(quarryId, origin);
  }
}

const traceTooComplex = (maxPaths: number): Error =>
  clientError(
    'TRACE_TOO_COMPLEX',
    `this trace runs over more than ${maxPaths} paths from quarries to its importers, more than one trace may follow; ask the secretariat to review the chain's supply links`,
    { limit: maxPaths },
  );

/**
 * Shares as clients see them: sums of fractions in floating point drift in the last digits
 * (0.9999999999999999 for 1), so shares are rounded to 12 decimals, far below any real tonnage.
 */
export const roundShare = (share: number): number => Math.round(share * 1e12) / 1e12;

/**
 * Ids are lower-case UUIDs, which code-unit order sorts as `localeCompare` does, at a fraction
 * of its cost: a wide importer's thousands of links and equal-share origins are sorted by id.
 */
const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Links by customer, each link once and in id order, so results do not depend on query order. */
function upstreamIndex(links: ShareLink[]): Map<string, ShareLink[]> {
  const unique = new Map(links.map((link) => [link.id, link]));
  const byCustomer = new Map<string, ShareLink[]>();
  for (const link of [...unique.values()].sort((a, b) => compareIds(a.id, b.id))) {
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
