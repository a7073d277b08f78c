import { standInViewers, viewerParam, type Viewer } from '../auth/viewer.js';
import { perRole } from '../auth/visibility.js';
import type { TraceSettings } from '../config.js';
import type { Graph } from '../db/graph.js';
import {
  toChainNode,
  toProject,
  type BuyerRecord,
  type ChainNodeRecord,
  type ImporterRecord,
  type ProjectRecord,
  type StoredNode,
} from '../registry/records.js';
import { badInput, notFound } from '../shared/errors.js';
import { computeShares, roundShare, type ShareLeaf } from '../trace/compute.js';
import type { TraceDeliveryRow } from '../trace/query.js';
import { tracedSubgraph } from '../trace/subgraph.js';
import { downstreamQuery, type DownstreamProjectRow, type DownstreamRegionRow } from './query.js';

export interface DownstreamProjectRecord {
  project: ProjectRecord;
  /** The share of the project's delivered mass (as its trace weighs it) that passed through the site. */
  share: number;
  massTonnes: number;
}

export interface DownstreamRecord {
  site: ChainNodeRecord;
  projects: DownstreamProjectRecord[];
  importers: { importer: ImporterRecord; massTonnes: number }[];
  buyers: { buyer: BuyerRecord; massTonnes: number }[];
}

/**
 * Whether a link counts for a delivery traced in `window`: the trace's own rule (`qualifyingLink` in
 * trace/query.ts), its stone type being the region's. Dates are ISO days, which compare as text.
 */
const qualifiesIn = (link: StoredNode, window: { start: string; end: string }): boolean =>
  String(link.properties.validFrom) <= window.end &&
  (link.properties.validTo == null || String(link.properties.validTo) >= window.start);

/** Tonnes to the gram: products of shares and masses drift in the last digits of a double. */
const roundTonnes = (tonnes: number): number => Math.round(tonnes * 1e6) / 1e6;

const byName = (a: { name: string; id: string }, b: { name: string; id: string }): number =>
  a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Adds `tonnes` to the entry of `key`, made by `make` on first sight. */
function addMass<T extends { massTonnes: number }>(
  totals: Map<string, T>,
  key: string,
  make: () => T,
  tonnes: number,
): void {
  const entry = totals.get(key) ?? make();
  entry.massTonnes += tonnes;
  totals.set(key, entry);
}

/**
 * How much of one project's delivered mass passed through the site, by the trace's own rules, and
 * along which paths (each ending at the importer that delivered it); null when none did. Each
 * delivery the walk reached is traced through the region of its stone type, as far as the site;
 * the others weigh only by their mass.
 */
function passedThrough(
  projectRow: DownstreamProjectRow,
  regions: Map<string, DownstreamRegionRow>,
  siteId: string,
  settings: TraceSettings,
): {
  project: ProjectRecord;
  share: number;
  deliveredTonnes: number;
  paths: { importer: ImporterRecord; share: number }[];
} | null {
  const project = toProject(projectRow.project, projectRow.buyer);
  const used = new Set<DownstreamRegionRow>();
  const deliveries = projectRow.deliveries.map(
    ({ delivery, importer, followed, windowStart, windowEnd }): TraceDeliveryRow => {
      const region = followed ? regions.get(String(delivery.properties.stoneType)) : undefined;
      if (!region) return { delivery, importer, links: [] };
      used.add(region);
      const window = { start: String(windowStart), end: String(windowEnd) };
      return { delivery, importer, links: region.links.filter(({ link }) => qualifiesIn(link, window)) };
    },
  );
  const subgraph = tracedSubgraph(
    project,
    deliveries,
    [...used].flatMap((region) => region.nodes),
  );
  const { leaves } = computeShares(subgraph.shareDeliveries, subgraph.isQuarry, settings);
  // A path runs through a node at most once, so the shares of the paths through the site add up without double counting.
  const through: ShareLeaf[] = leaves.filter((leaf) => leaf.nodeIds.includes(siteId));
  if (through.length === 0) return null;
  return {
    project,
    share: through.reduce((sum, leaf) => sum + leaf.share, 0),
    deliveredTonnes: subgraph.shareDeliveries.reduce((sum, delivery) => sum + delivery.massTonnes, 0),
    // A path ends at the importer that delivered the mass along it.
    paths: through.map((leaf) => ({
      importer: subgraph.nodeById(leaf.nodeIds.at(-1) as string) as ImporterRecord,
      share: leaf.share,
    })),
  };
}

/**
 * Where the stone that passed through a quarry or processor went: each project whose trace runs
 * through it, with the share of the project's delivered mass on those paths. The trace's own share
 * computation weighs each delivery over the links between its importer and the site, which are all
 * that decide how much of it reaches the site, so the share is what the project's trace says about
 * the site (docs/trace-and-risk.md, "Downstream").
 */
export class DownstreamService {
  private readonly query;

  constructor(
    private readonly graph: Graph,
    private readonly settings: TraceSettings,
  ) {
    this.query = perRole(settings.maxDepth, (visible) => downstreamQuery(settings.maxDepth, visible));
  }

  async downstream(viewer: Viewer, siteId: string, asOf: string | null): Promise<DownstreamRecord> {
    const [row] = await this.graph.read(this.query[viewer.role], {
      viewer: viewerParam(viewer),
      siteId,
      asOf,
      leadTimeDays: this.settings.leadTimeDays,
    });
    if (!row) throw notFound('ChainNode', siteId);
    const site = toChainNode(row.site);
    if (site.__typename === 'Importer') {
      throw badInput(
        'siteId',
        'site_is_quarry_or_processor',
        "must be a quarry or processor: an importer's deliveries are Importer.deliveries",
      );
    }

    const regions = new Map(row.regions.map((region) => [region.stoneType, region]));
    const projects: DownstreamProjectRecord[] = [];
    const importers = new Map<string, { importer: ImporterRecord; massTonnes: number }>();
    const buyers = new Map<string, { buyer: BuyerRecord; massTonnes: number }>();
    for (const projectRow of row.projects) {
      const passed = passedThrough(projectRow, regions, site.id, this.settings);
      if (!passed) continue;
      const { project, share, deliveredTonnes } = passed;
      projects.push({ project, share: roundShare(share), massTonnes: roundTonnes(share * deliveredTonnes) });
      addMass(buyers, project.buyer.id, () => ({ buyer: project.buyer, massTonnes: 0 }), share * deliveredTonnes);
      for (const { importer, share } of passed.paths) {
        addMass(importers, importer.id, () => ({ importer, massTonnes: 0 }), share * deliveredTonnes);
      }
    }

    const heaviestFirst = <T extends { massTonnes: number }>(
      entries: Iterable<T>,
      name: (entry: T) => { name: string; id: string },
    ): T[] =>
      [...entries]
        .map((entry) => ({ ...entry, massTonnes: roundTonnes(entry.massTonnes) }))
        .sort((a, b) => b.massTonnes - a.massTonnes || byName(name(a), name(b)));
    return {
      site,
      projects: projects.sort((a, b) => b.share - a.share || byName(a.project, b.project)),
      importers: heaviestFirst(importers.values(), (entry) => entry.importer),
      buyers: heaviestFirst(buyers.values(), (entry) => entry.buyer),
    };
  }

  /** Plans every role's query ahead of the first request (see RegistryService.warmUp). */
  async warmUp(): Promise<void> {
    await Promise.all(standInViewers.map((viewer) => this.downstream(viewer, 'stand-in', null).catch(() => undefined)));
  }
}
