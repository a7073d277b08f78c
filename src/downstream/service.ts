import { standInViewers, viewerParam, type Viewer, type ViewerParam } from '../auth/viewer.js';
import { perRole } from '../auth/visibility.js';
import type { TraceSettings } from '../config.js';
import type { CypherQuery, Graph } from '../db/graph.js';
import {
  toChainNode,
  toProject,
  type BuyerRecord,
  type ChainNodeRecord,
  type ImporterRecord,
  type ProjectRecord,
  type StoredNode,
} from '../registry/records.js';
import { badInput, isClientError, notFound, type ClientError } from '../shared/errors.js';
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

/** One project's trace as far as the site: every path of its delivered mass, and those through the site. */
interface ProjectPassage {
  project: ProjectRecord;
  /** The share of the project's delivered mass on the paths through the site. */
  share: number;
  deliveredTonnes: number;
  /** Every path of the project's delivered mass (ending at the site or further upstream), quarry or gap first. */
  leaves: ShareLeaf[];
  /** The paths through the site. */
  through: ShareLeaf[];
  nodeById: (id: string) => ChainNodeRecord;
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
): ProjectPassage | null {
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
  const through = leaves.filter((leaf) => leaf.nodeIds.includes(siteId));
  if (through.length === 0) return null;
  return {
    project,
    share: through.reduce((sum, leaf) => sum + leaf.share, 0),
    deliveredTonnes: subgraph.shareDeliveries.reduce((sum, delivery) => sum + delivery.massTonnes, 0),
    leaves,
    through,
    nodeById: subgraph.nodeById,
  };
}

/** A project the walk reached: how its stone passed the site, or why that cannot be told. */
interface Passage {
  projectId: string;
  buyerId: string;
  passed: ProjectPassage | ClientError;
}

/**
 * Adds one project's tonnes to each importer and processor on its paths: all of them to `total`,
 * and to `through` those on paths through the site where the organisation is the site or lies
 * after it (paths run from the quarry or gap to the importer).
 */
function weighOrganisations(
  passed: ProjectPassage,
  siteId: string,
  organisations: Map<string, { through: number; total: number }>,
): void {
  for (const leaf of passed.leaves) {
    const tonnes = leaf.share * passed.deliveredTonnes;
    const siteAt = leaf.nodeIds.indexOf(siteId);
    leaf.nodeIds.forEach((id, at) => {
      const kind = passed.nodeById(id).__typename;
      if (kind !== 'Importer' && kind !== 'Processor') return;
      const mass = organisations.get(id) ?? { through: 0, total: 0 };
      mass.total += tonnes;
      if (siteAt >= 0 && at >= siteAt) mass.through += tonnes;
      organisations.set(id, mass);
    });
  }
}

/** A project the notice of a site reaches: `share` is null when its paths are too many to weigh (TRACE_TOO_COMPLEX). */
export interface ReachedProject {
  projectId: string;
  buyerId: string;
  share: number | null;
  massTonnes: number | null;
}

/** An importer or processor at or downstream of the site on some project's path through it. */
export interface ReachedOrganisation {
  id: string;
  /** Of the tonnes of the reached projects that passed through the organisation, the share that passed the site too. */
  share: number;
  massTonnes: number;
}

/** Everything downstream of a site: the projects its stone reached, and the companies it passed on the way. */
export interface Reach {
  projects: ReachedProject[];
  organisations: ReachedOrganisation[];
}

/** Runs one read statement: on its own, or inside a write transaction. */
type Run = <P extends object, R>(query: CypherQuery<P, R>, params: P) => Promise<R[]>;

/** Everything, as the committee sees the graph: what a notice reaches does not depend on who asks. */
const everyone: ViewerParam = { role: 'ADMIN', orgId: null };

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
    const read: Run = (query, params) => this.graph.read(query, params);
    const { site, passages } = await this.walk(read, viewerParam(viewer), siteId, asOf);
    const projects: DownstreamProjectRecord[] = [];
    const importers = new Map<string, { importer: ImporterRecord; massTonnes: number }>();
    const buyers = new Map<string, { buyer: BuyerRecord; massTonnes: number }>();
    for (const { passed } of passages) {
      if (passed instanceof Error) throw passed;
      const { project, share, deliveredTonnes } = passed;
      projects.push({ project, share: roundShare(share), massTonnes: roundTonnes(share * deliveredTonnes) });
      addMass(buyers, project.buyer.id, () => ({ buyer: project.buyer, massTonnes: 0 }), share * deliveredTonnes);
      // A path ends at the importer that delivered the mass along it.
      for (const leaf of passed.through) {
        const importer = passed.nodeById(leaf.nodeIds.at(-1) as string) as ImporterRecord;
        addMass(importers, importer.id, () => ({ importer, massTonnes: 0 }), leaf.share * deliveredTonnes);
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

  /**
   * Everything downstream of the site as on `asOf`, whoever may see it, read with `run` (a write
   * transaction's, so that what is found and what is written of it are one). Every project whose
   * trace runs through the site, and every importer and processor at or after the site on those
   * paths, each with the share of its tonnes on the reached projects that passed the site. A
   * project too complex to weigh is reached without a share, and its paths name no company.
   */
  async reach(run: Run, siteId: string, asOf: string): Promise<Reach> {
    // The site as it stands now: a merged site's id walks from the site that was kept.
    const { site, passages } = await this.walk(run, everyone, siteId, asOf);
    const projects: ReachedProject[] = [];
    const organisations = new Map<string, { through: number; total: number }>();
    for (const { projectId, buyerId, passed } of passages) {
      if (passed instanceof Error) {
        projects.push({ projectId, buyerId, share: null, massTonnes: null });
        continue;
      }
      const { project, share, deliveredTonnes } = passed;
      projects.push({
        projectId: project.id,
        buyerId: project.buyer.id,
        share: roundShare(share),
        massTonnes: roundTonnes(share * deliveredTonnes),
      });
      weighOrganisations(passed, site.id, organisations);
    }
    return {
      projects,
      organisations: [...organisations]
        .filter(([, mass]) => mass.through > 0)
        .map(([id, mass]) => ({
          id,
          share: roundShare(mass.through / mass.total),
          massTonnes: roundTonnes(mass.through),
        })),
    };
  }

  /**
   * The site as `viewer` sees it, and each project the stone may have reached with its passage:
   * TRACE_TOO_COMPLEX in its place for a project with too many paths to weigh. Projects none of
   * whose paths run through the site are left out.
   */
  private async walk(
    run: Run,
    viewer: ViewerParam,
    siteId: string,
    asOf: string | null,
  ): Promise<{ site: ChainNodeRecord; passages: Passage[] }> {
    const [row] = await run(this.query[viewer.role], {
      viewer,
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
    const passages = row.projects.flatMap((projectRow): Passage[] => {
      const ids = {
        projectId: String(projectRow.project.properties.id),
        buyerId: String(projectRow.buyer.properties.id),
      };
      try {
        const passed = passedThrough(projectRow, regions, site.id, this.settings);
        return passed ? [{ ...ids, passed }] : [];
      } catch (error) {
        if (isClientError(error) && error.code === 'TRACE_TOO_COMPLEX') return [{ ...ids, passed: error }];
        throw error;
      }
    });
    return { site, passages };
  }

  /** Plans every role's query ahead of the first request (see RegistryService.warmUp). */
  async warmUp(): Promise<void> {
    await Promise.all(standInViewers.map((viewer) => this.downstream(viewer, 'stand-in', null).catch(() => undefined)));
  }
}
