import { createHash } from 'node:crypto';
import type { Node } from 'neo4j-driver';
import { propertiesJson } from '../audit/trail.js';
import { standInViewers, viewerParam, type Viewer } from '../auth/viewer.js';
import { perRole } from '../auth/visibility.js';
import type { Graph } from '../db/graph.js';
import type { TraceSettings } from '../config.js';
import {
  toChainNode,
  toDelivery,
  toProject,
  toSupplyLink,
  type ChainNodeRecord,
  type DeliveryRecord,
  type ProjectRecord,
  type QuarryRecord,
  type SupplyLinkRecord,
} from '../registry/records.js';
import { assessExposure, type Exposure, type TraceEvidence } from '../risk/exposure.js';
import { todayUtc } from '../risk/records.js';
import { toTraceEvidence } from '../risk/traceEvidence.js';
import { notFound } from '../shared/errors.js';
import { computeShares, type ShareOriginPath, type ShareResult } from './compute.js';
import { traceQuery, type TraceRow } from './query.js';

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
  tracedShare: number;
  /** The date the trace's risks are judged on: `asOf`, else today (UTC). */
  referenceDate: string;
  // Computed on first use: a trace asked only where the stone comes from pays for none of them.
  /** Risks on every node and link, and the per-theme summary. */
  risks: () => Exposure;
  /** The assessments, plans and certificates found on the trace (and its deliveries). */
  evidence: () => TraceEvidence;
  /** A fingerprint of every record the trace was made from. */
  dataVersion: () => string;
}

/** `compute` runs once, on the first call. */
function once<T>(compute: () => T): () => T {
  let value: { result: T } | undefined;
  return () => (value ??= { result: compute() }).result;
}

export class TraceService {
  private readonly query;

  constructor(
    private readonly graph: Graph,
    private readonly settings: TraceSettings,
  ) {
    this.query = perRole(settings.maxDepth, (visible) => ({
      origins: traceQuery(settings.maxDepth, visible, false),
      withRisks: traceQuery(settings.maxDepth, visible, true),
    }));
  }

  /** `withRisks`: also read the risk evidence, for `risks()` and `evidence()` (otherwise they throw). */
  async trace(viewer: Viewer, projectId: string, asOf: string | null, withRisks = false): Promise<TraceRecord> {
    const queries = this.query[viewer.role];
    const [row] = await this.graph.read(withRisks ? queries.withRisks : queries.origins, {
      viewer: viewerParam(viewer),
      projectId,
      asOf,
      leadTimeDays: this.settings.leadTimeDays,
    });
    if (!row) throw notFound('Project', projectId);
    return this.assemble(row, viewer, asOf ?? todayUtc(), withRisks);
  }

  /** Plans the trace query of every role ahead of the first request (see RegistryService.warmUp). */
  async warmUp(): Promise<void> {
    for (const viewer of standInViewers) {
      for (const withRisks of [false, true]) await this.trace(viewer, 'stand-in', null, withRisks).catch(() => undefined);
    }
  }

  private assemble(row: TraceRow, viewer: Viewer, referenceDate: string, withRisks: boolean): TraceRecord {
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

    const project = toProject(row.project, row.buyer);
    const deliveries = new Map<string, DeliveryRecord>();
    const links = new Map<string, SupplyLinkRecord>();
    const shareDeliveries = row.deliveries.map(({ delivery, importer, links: linkRows }) => {
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

    const shares = computeShares(shareDeliveries, (id) => nodes.get(id)?.__typename === 'Quarry', this.settings);
    const linkById = (id: string): SupplyLinkRecord => links.get(id) as SupplyLinkRecord;
    const toPath = (path: ShareOriginPath): TracePathRecord => ({
      nodes: path.nodeIds.map(nodeById),
      links: path.linkIds.map(linkById),
      share: path.share,
    });

    const traceNodes = shares.nodeIds.map(nodeById);
    const traceLinks = shares.linkIds.map(linkById);
    const onTrace = new Set([...shares.nodeIds, ...shares.linkIds]);
    const seesEverything = viewer.role === 'ADMIN' || viewer.role === 'ANALYST';
    const evidence = once(() => {
      // Without the evidence in the row, risks would silently come out empty: fail loudly instead.
      if (!withRisks) throw new Error('this trace was read without its risk evidence (withRisks)');
      return toTraceEvidence(
        row,
        {
          node: (id) => (onTrace.has(id) ? nodes.get(id) : undefined),
          link: (id) => (onTrace.has(id) ? links.get(id) : undefined),
          delivery: (id) => deliveries.get(id),
          mayName: (organisationId, targetId) =>
            seesEverything ||
            organisationId === viewer.orgId ||
            // A delivery's certificate names only the delivering importer: leaves do not say which delivery took them.
            (deliveries.has(targetId) ? deliveries.get(targetId)?.importer.id === organisationId : suppliesThrough(shares.downstream, targetId, organisationId)),
        },
        referenceDate,
      );
    });
    const risks = once(() =>
      assessExposure({ nodes: traceNodes, links: traceLinks, leaves: shares.leaves, gaps: shares.gaps, evidence: evidence(), referenceDate }),
    );

    return {
      project,
      origins: shares.origins.map((origin) => ({
        quarry: nodeById(origin.quarryId) as QuarryRecord,
        share: origin.share,
        paths: origin.paths.map(toPath),
      })),
      nodes: traceNodes,
      links: traceLinks,
      gaps: shares.gaps.map((gap) => ({ node: nodeById(gap.nodeId), stoneType: gap.stoneType, share: gap.share })),
      tracedShare: shares.tracedShare,
      referenceDate,
      risks,
      evidence,
      dataVersion: once(() => fingerprint(row)),
    };
  }
}

/**
 * Whether some path of the trace runs through `targetId` (a node or link) and then through the
 * organisation, or starts at it: then the organisation's work there is part of what the trace shows.
 */
const suppliesThrough = (downstream: ShareResult['downstream'], targetId: string, organisationId: string): boolean =>
  downstream.get(targetId)?.has(organisationId) ?? false;

/** Equal for equal data: a hash over every record of the row, independent of the order Cypher returned them in. */
function fingerprint(row: TraceRow): string {
  const records: Node[] = [
    row.project,
    row.buyer,
    ...row.suppliers,
    ...row.deliveries.flatMap((d) => [d.delivery, d.importer, ...d.links.map((l) => l.link)]),
    ...row.areaAssessments,
    // Organisations are left out: a company the caller may not see must not move the version.
    ...row.evidence.map((e) => e.item),
  ];
  const lines = new Set(records.map((node) => `${node.labels.join(':')} ${propertiesJson(node)}`));
  const hash = createHash('sha256');
  for (const line of [...lines].sort()) hash.update(line).update('\n');
  return hash.digest('hex').slice(0, 16);
}
