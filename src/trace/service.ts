import { createHash } from 'node:crypto';
import type { Node } from 'neo4j-driver';
import { standInViewers, viewerParam, type Viewer } from '../auth/viewer.js';
import { perRole } from '../auth/visibility.js';
import type { Graph } from '../db/graph.js';
import type { TraceSettings } from '../config.js';
import {
  toProject,
  type ChainNodeRecord,
  type DeliveryRecord,
  type ProjectRecord,
  type QuarryRecord,
  type StoredNode,
  type SupplyLinkRecord,
} from '../registry/records.js';
import { groupBy } from '../shared/collections.js';
import { todayUtc } from '../shared/dates.js';
import { isClientError, notFound } from '../shared/errors.js';
import { yieldIfLarge } from '../shared/eventLoop.js';
import { TraceCache, type CachedTrace } from './cache.js';
import { computeShares, type ShareGap, type ShareLeaf, type ShareOriginPath, type ShareResult } from './compute.js';
import { traceQuery, traceRows, type TraceEvidencePart, type TraceEvidenceRow, type TraceRow } from './query.js';
import { tracedSubgraph, type TracedSubgraph } from './subgraph.js';

export interface TracePathRecord {
  nodes: ChainNodeRecord[];
  links: SupplyLinkRecord[];
  share: number;
}

export interface TraceRecord {
  project: ProjectRecord;
  origins: { quarry: QuarryRecord; share: number; paths: TracePathRecord[] }[];
  nodes: ChainNodeRecord[];
  links: SupplyLinkRecord[];
  gaps: { node: ChainNodeRecord; stoneType: string; share: number }[];
  /** The deliveries traced, as the viewer sees them, oldest first. */
  deliveries: DeliveryRecord[];
  tracedShare: number;
  /** The date the trace's risks are judged on: `asOf`, else today (UTC). */
  referenceDate: string;
  /** What the domain that judges the trace needs (see risk/traceRisks.ts); throws for a trace read without it. */
  evidence: () => TraceEvidenceContext;
  /** A fingerprint of every record the trace was made from. */
  dataVersion: () => string;
  /** Each delivery traced on its own, in the order of `deliveries` (worked out on first use). */
  deliveryTraces: () => DeliveryTraceRecord[];
}

/** One delivery's trace: where its own mass ends, as fractions of that delivery's mass. */
export interface DeliveryTraceRecord {
  delivery: DeliveryRecord;
  /** The delivery's fraction of the project's delivered mass. */
  projectShare: number;
  origins: { quarry: QuarryRecord; share: number }[];
  /** The fraction of the delivery's mass traced back to a quarry; the rest ends in gaps. */
  tracedShare: number;
  leaves: ShareLeaf[];
}

/** What the trace has assembled, to attach evidence to; ids outside it are skipped. */
export interface EvidenceLookup {
  node(id: string): ChainNodeRecord | undefined;
  link(id: string): SupplyLinkRecord | undefined;
  delivery(id: string): DeliveryRecord | undefined;
  /**
   * Whether the viewer may see which company made a plan, holds a certificate or assessed a site,
   * at this target: naming a company the viewer does not see working there would reveal where
   * that company sources.
   */
  mayName(organisationId: string, targetId: string): boolean;
}

/** The evidence read with a trace (TraceRequest.withRisks), and what is needed to place and weigh it. */
export interface TraceEvidenceContext {
  row: TraceEvidenceRow;
  lookup: EvidenceLookup;
  /** Where the mass of the trace ends: at quarries (leaves) and where tracing stops (gaps). */
  leaves: ShareLeaf[];
  gaps: ShareGap[];
}

/**
 * What a trace depends on besides the data: who asks (visibility is per role and organisation),
 * the project, the date it is traced at, and the date its risks are judged on (today, without asOf).
 */
function cacheKey(viewer: Viewer, request: TraceRequest): string {
  return [viewer.role, viewer.orgId ?? '', request.projectId, request.asOf ?? '', request.asOf ?? todayUtc()].join(
    '\u0000',
  );
}

/** `compute` runs once, on the first call. */
function once<T>(compute: () => T): () => T {
  let value: { result: T } | undefined;
  return () => (value ??= { result: compute() }).result;
}

/** One trace a caller asks for. */
export interface TraceRequest {
  projectId: string;
  asOf: string | null;
  /** Also read the risk evidence, for `evidence()` (otherwise it throws). */
  withRisks: boolean;
}

export class TraceService {
  private readonly query;
  private readonly cache: TraceCache<TraceRecord>;

  /** `evidencePart`: the Cypher that reads a trace's risk evidence, from the domain that judges it (see traceQuery). */
  constructor(
    private readonly graph: Graph,
    private readonly settings: TraceSettings,
    evidencePart: TraceEvidencePart,
  ) {
    this.query = perRole(settings.maxDepth, (visible) => ({
      origins: traceQuery(settings.maxDepth, visible, null),
      withRisks: traceQuery(settings.maxDepth, visible, evidencePart),
    }));
    this.cache = new TraceCache(settings.cache, (trace) => trace.nodes.length + trace.links.length);
  }

  /** `knownDataVersion`: one already read during this request (see RequestContext). */
  async trace(
    viewer: Viewer,
    projectId: string,
    asOf: string | null,
    withRisks = false,
    knownDataVersion: number | null = null,
  ): Promise<TraceRecord> {
    const [result] = await this.traceMany(viewer, [{ projectId, asOf, withRisks }], knownDataVersion);
    if (result instanceof Error) throw result;
    return result as TraceRecord;
  }

  /**
   * Several traces for one caller, each a record or the error for its project (not found). Traces
   * held in the cache are served once the data version is confirmed; the rest are read in one
   * round trip, which also reads that version. So a list costs one round trip when nothing was
   * cached, one when everything was, and a second only when a write came in between.
   */
  async traceMany(
    viewer: Viewer,
    requests: TraceRequest[],
    knownDataVersion: number | null = null,
  ): Promise<(TraceRecord | Error)[]> {
    const results = new Array<TraceRecord | Error>(requests.length);
    const keys = requests.map((request) => cacheKey(viewer, request));
    if (knownDataVersion !== null) this.cache.observe(knownDataVersion);
    // With the current version already known, a cached trace of another version is no candidate: it is read with the rest.
    const candidates = requests.map((request, i) => {
      const candidate = this.cache.candidate(keys[i] as string, request.withRisks);
      return knownDataVersion === null || candidate?.dataVersion === knownDataVersion ? candidate : undefined;
    });
    const uncached = requests.flatMap((_request, i) => (candidates[i] ? [] : [i]));
    let dataVersion = uncached.length > 0 ? await this.read(viewer, requests, keys, uncached, results) : undefined;

    const cached = requests.flatMap((_request, i) => (candidates[i] ? [i] : []));
    if (cached.length > 0) {
      dataVersion ??= knownDataVersion ?? (await this.graph.dataVersion());
      if (dataVersion !== null) this.cache.observe(dataVersion);
      const outdated: number[] = [];
      for (const i of cached) {
        const candidate = candidates[i] as CachedTrace<TraceRecord>;
        if (candidate.dataVersion === dataVersion) results[i] = candidate.record;
        else outdated.push(i);
      }
      if (outdated.length > 0) await this.read(viewer, requests, keys, outdated, results);
    }
    return results;
  }

  /** Plans the trace query of every role ahead of the first request (see RegistryService.warmUp). */
  async warmUp(): Promise<void> {
    for (const viewer of standInViewers) {
      for (const withRisks of [false, true])
        await this.trace(viewer, 'stand-in', null, withRisks).catch(() => undefined);
    }
  }

  /**
   * Reads the traces at `indices` into `results`, one round trip per distinct (asOf, withRisks)
   * (one in practice), and keeps them in the cache. Resolves to the data version read, when a row came back.
   */
  private async read(
    viewer: Viewer,
    requests: TraceRequest[],
    keys: string[],
    indices: number[],
    results: (TraceRecord | Error)[],
  ): Promise<number | null | undefined> {
    const queries = this.query[viewer.role];
    let dataVersion: number | null | undefined;
    for (const group of groupBy(indices, (i) => `${requests[i]?.asOf} ${requests[i]?.withRisks}`).values()) {
      const { asOf, withRisks } = requests[group[0] as number] as TraceRequest;
      const rows = await this.graph.read(withRisks ? queries.withRisks : queries.origins, {
        viewer: viewerParam(viewer),
        projectIds: [...new Set(group.map((i) => (requests[i] as TraceRequest).projectId))],
        asOf,
        leadTimeDays: this.settings.leadTimeDays,
      });
      // A project whose trace cannot be made (too many paths) fails alone, not the rest of the page.
      const traced = new Map<string, TraceRecord | Error>();
      for (const row of traceRows(rows)) {
        await yieldIfLarge(rows.length);
        dataVersion = row.dataVersion;
        const projectId = String(row.project.properties.id);
        try {
          traced.set(projectId, await this.assemble(row, viewer, asOf ?? todayUtc(), withRisks));
        } catch (error) {
          if (!(error instanceof Error) || !isClientError(error)) throw error;
          traced.set(projectId, error);
        }
      }
      for (const i of group) {
        const projectId = (requests[i] as TraceRequest).projectId;
        const result = traced.get(projectId) ?? notFound('Project', projectId);
        results[i] = result;
        if (!(result instanceof Error) && dataVersion !== null && dataVersion !== undefined) {
          this.cache.store(keys[i] as string, { dataVersion, withRisks, record: result });
        }
      }
    }
    return dataVersion;
  }

  /**
   * The trace's records, shares and paths from its row. On a wide trace (2,000 suppliers) each of
   * the three steps takes 10 to 40 ms, together up to 90: the event loop gets a turn between them.
   */
  private async assemble(
    row: TraceRow,
    viewer: Viewer,
    referenceDate: string,
    withRisks: boolean,
  ): Promise<TraceRecord> {
    const project = toProject(row.project, row.buyer);
    const chain = tracedSubgraph(project, row.deliveries, row.suppliers);
    const { links, nodeById } = chain;
    await yieldIfLarge(links.size);
    const shares = computeShares(chain.shareDeliveries, chain.isQuarry, this.settings);
    await yieldIfLarge(links.size);
    const linkById = (id: string): SupplyLinkRecord => links.get(id) as SupplyLinkRecord;
    const toPath = (path: ShareOriginPath): TracePathRecord => ({
      nodes: path.nodeIds.map(nodeById),
      links: path.linkIds.map(linkById),
      share: path.share,
    });
    const evidence = once((): TraceEvidenceContext => {
      // Without the evidence in the row, risks would silently come out empty: fail loudly instead.
      if (!withRisks) throw new Error('this trace was read without its risk evidence (withRisks)');
      return { row, lookup: evidenceLookup(chain, shares, viewer), leaves: shares.leaves, gaps: shares.gaps };
    });

    return {
      project,
      origins: shares.origins.map((origin) => ({
        quarry: nodeById(origin.quarryId) as QuarryRecord,
        share: origin.share,
        paths: origin.paths.map(toPath),
      })),
      nodes: shares.nodeIds.map(nodeById),
      links: shares.linkIds.map(linkById),
      gaps: shares.gaps.map((gap) => ({ node: nodeById(gap.nodeId), stoneType: gap.stoneType, share: gap.share })),
      deliveries: [...chain.deliveries.values()],
      tracedShare: shares.tracedShare,
      referenceDate,
      evidence,
      dataVersion: once(() => fingerprint(row)),
      deliveryTraces: once(() => this.deliveryTraces(chain)),
    };
  }

  /** The same walk as the project's, one delivery at a time: the project's shares are their mass-weighted sum. */
  private deliveryTraces(chain: TracedSubgraph): DeliveryTraceRecord[] {
    const deliveries = [...chain.deliveries.values()];
    const totalMass = chain.shareDeliveries.reduce((sum, delivery) => sum + delivery.massTonnes, 0);
    return chain.shareDeliveries.map((shareDelivery, i) => {
      const shares = computeShares([shareDelivery], chain.isQuarry, this.settings);
      return {
        delivery: deliveries[i] as DeliveryRecord,
        projectShare: totalMass > 0 ? shareDelivery.massTonnes / totalMass : 0,
        origins: shares.origins.map(({ quarryId, share }) => ({
          quarry: chain.nodeById(quarryId) as QuarryRecord,
          share,
        })),
        tracedShare: shares.tracedShare,
        leaves: shares.leaves,
      };
    });
  }
}

/** Where evidence may attach on the trace (only to what it shows), and which companies the viewer may see named where. */
function evidenceLookup(
  { nodes, links, deliveries }: TracedSubgraph,
  shares: ShareResult,
  viewer: Viewer,
): EvidenceLookup {
  const onTrace = new Set([...shares.nodeIds, ...shares.linkIds]);
  const seesEverything = viewer.role === 'ADMIN' || viewer.role === 'ANALYST';
  return {
    node: (id) => (onTrace.has(id) ? nodes.get(id) : undefined),
    link: (id) => (onTrace.has(id) ? links.get(id) : undefined),
    delivery: (id) => deliveries.get(id),
    mayName: (organisationId, targetId) =>
      seesEverything ||
      organisationId === viewer.orgId ||
      // A delivery's certificate names only the delivering importer: leaves do not say which delivery took them.
      (deliveries.has(targetId)
        ? deliveries.get(targetId)?.importer.id === organisationId
        : suppliesThrough(shares.downstream, targetId, organisationId)),
  };
}

/**
 * Whether some path of the trace runs through `targetId` (a node or link) and then through the
 * organisation, or starts at it: then the organisation's work there is part of what the trace shows.
 */
const suppliesThrough = (downstream: ShareResult['downstream'], targetId: string, organisationId: string): boolean =>
  downstream.get(targetId)?.has(organisationId) ?? false;

/** Equal for equal data: a hash over every record of the row, independent of the order Cypher returned them in. */
function fingerprint(row: TraceRow): string {
  const nodes: Node[] = [
    row.project,
    row.buyer,
    ...row.deliveries.flatMap((d) => [d.delivery, d.importer]),
    ...row.areaAssessments,
    // Organisations are left out: a company the caller may not see must not move the version.
    ...row.evidence.map((e) => e.item),
  ];
  const listed: StoredNode[] = [...row.suppliers, ...row.deliveries.flatMap((d) => d.links.map((l) => l.link))];
  const lines = new Set([...nodes.map(nodeLine), ...listed.map(listedLine)]);
  return createHash('sha256')
    .update(`${[...lines].sort().join('\n')}\n`)
    .digest('hex')
    .slice(0, 16);
}

/**
 * A node as one line of the fingerprint: its labels, then each property (keys in code-unit order)
 * as text. Dates and points print themselves in full; list items are kept apart by a separator of
 * their own. 2.5 times faster than the audit's JSON of the same node (which sorts keys by locale),
 * and a fingerprint needs no JSON.
 */
function nodeLine(node: Node): string {
  const properties = node.properties as Record<string, unknown>;
  let line = node.labels.join(':');
  for (const key of Object.keys(properties).sort()) line += `\u0001${key}\u0002${valueText(properties[key])}`;
  return line;
}

const valueText = (value: unknown): string =>
  Array.isArray(value) ? value.map(valueText).join('\u0003') : String(value);

/**
 * A line for a supplier or link: thousands of them behind a wide importer, where JSON took most of
 * the fingerprint's time. They carry the properties the query listed, always in the same order, so
 * their values alone say everything; null has a mark of its own, apart from the empty text.
 */
function listedLine(node: StoredNode): string {
  let line = node.labels.join(':');
  for (const value of Object.values(node.properties))
    line += value === null ? '\u0001\u0000' : `\u0001${String(value)}`;
  return line;
}
