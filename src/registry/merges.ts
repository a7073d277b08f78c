import { randomUUID } from 'node:crypto';
import type { Node } from 'neo4j-driver';
import { recordChanges } from '../audit/trail.js';
import { viewerParam, type Viewer } from '../auth/viewer.js';
import { perRole, type Visibility } from '../auth/visibility.js';
import { cypher, type CypherQuery, type Graph, type GraphTransaction } from '../db/graph.js';
import { badInput, clientError, notFound } from '../shared/errors.js';
import { pageParams, toConnection, type Connection, type PageParams, type PageRequest } from '../shared/pagination.js';
import { lockResolved } from './lookups.js';
import { resolvedSiteId } from './queries.js';
import { lockSiteNames, siteNameLockKey, type SiteKind } from './sites.js';

/**
 * Merging two records of one real site: everything attached to the merged site (supply links in
 * both directions, assessments, plans, certificates, complaints, who registered it) moves to the
 * kept one, in one transaction with an audit entry. The merged node stays as a tombstone,
 * `(:MergedSite {id, mergedInto})`, through which its id keeps resolving to the kept site; every
 * merge is in a public log, `(:SiteMerge)`.
 *
 * Links are moved, not joined: a customer that had a link to each record now has two links to the
 * kept site, so every trace splits exactly as before and the kept site's share is the sum of the
 * two records' shares.
 */

export interface SiteMergeRecord {
  id: string;
  keptId: string;
  mergedId: string;
  kind: 'QUARRY' | 'PROCESSOR';
  mergedOn: string;
  reason: string;
  /** Null where the caller may not see the kept site (and so the merged one). */
  keptName: string | null;
  mergedName: string | null;
}

const toSiteMerge = (log: Node, seen: boolean): SiteMergeRecord => {
  const p = log.properties;
  return {
    id: String(p.id),
    keptId: String(p.keepId),
    mergedId: String(p.mergeId),
    kind: p.kind === 'Quarry' ? 'QUARRY' : 'PROCESSOR',
    mergedOn: String(p.mergedAt).slice(0, 10),
    reason: String(p.reason),
    keptName: seen ? String(p.keptName) : null,
    mergedName: seen ? String(p.mergedName) : null,
  };
};

/** The two sites, unlocked: their names give the name locks to take first. */
const sitesForMerge = cypher<
  { keepId: string; mergeId: string },
  { keep: Node | null; merged: Node | null; linked: boolean; mergedHasKeys: boolean }
>(
  'sites_for_merge',
  `OPTIONAL MATCH (keep:ChainNode {id: $keepId})
   OPTIONAL MATCH (merged:ChainNode {id: $mergeId})
   RETURN keep, merged,
          EXISTS { (keep)<-[:SUPPLIER|CUSTOMER]-(:SupplyLink)-[:SUPPLIER|CUSTOMER]->(merged) } AS linked,
          EXISTS { MATCH (key:ApiKey {orgId: $mergeId}) WHERE key.revokedAt IS NULL } AS mergedHasKeys`,
);

/** The merge of a tombstone into the site it already points at: a repeat, answered with the first merge. */
const earlierMerge = cypher<{ mergeId: string }, { log: Node }>(
  'site_merge_earlier',
  `MATCH (log:SiteMerge {mergeId: $mergeId}) RETURN log ORDER BY log.mergedAt DESC LIMIT 1`,
);

/**
 * Moves every relationship of the merged site to the kept one (a relationship between the two is
 * dropped), points older tombstones of the merged site at the kept one, and retires the merged
 * node as a tombstone. Relationship types are carried over as they are, so whatever is attached
 * to a site moves with it, also kinds of record added later.
 */
const mergeSite = cypher<
  { keepId: string; mergeId: string; logId: string; reason: string },
  { keep: Node; tombstone: Node; log: Node }
>(
  'site_merge',
  `MATCH (keep:ChainNode {id: $keepId}), (merged:ChainNode {id: $mergeId})
   CALL (keep, merged) {
     MATCH (merged)-[r]->(other) WHERE other <> keep
     MERGE (keep)-[moved:$(type(r))]->(other)
     SET moved += properties(r)
     DELETE r
   }
   CALL (keep, merged) {
     MATCH (merged)<-[r]-(other) WHERE other <> keep
     MERGE (keep)<-[moved:$(type(r))]-(other)
     SET moved += properties(r)
     DELETE r
   }
   CALL (merged) {
     MATCH (merged)-[r]-()
     DELETE r
   }
   CALL (merged) {
     MATCH (older:MergedSite {mergedInto: merged.id})
     SET older.mergedInto = $keepId
   }
   WITH keep, merged, CASE WHEN merged:Quarry THEN 'Quarry' ELSE 'Processor' END AS kind
   REMOVE merged:ChainNode:Quarry:Processor
   SET merged:MergedSite, merged.mergedInto = $keepId, merged.mergedAt = datetime()
   MERGE (log:SiteMerge {id: $logId})
   ON CREATE SET log.keepId = $keepId, log.mergeId = $mergeId, log.kind = kind, log.reason = $reason,
                 log.mergedAt = merged.mergedAt, log.keptName = keep.name, log.mergedName = merged.name
   RETURN keep, merged AS tombstone, log`,
);

type SiteMergesPage = CypherQuery<
  PageParams & { viewer: unknown },
  { totalCount: number; page: { log: Node; seen: boolean }[] }
>;

/** The log of merges, newest first, with whether the caller sees each kept site (`seen`) put in. */
const siteMergesPageText = (seen: (site: string) => string): string =>
  `CALL () { MATCH (log:SiteMerge) RETURN count(log) AS totalCount }
   CALL () {
     MATCH (log:SiteMerge)
     WHERE $afterKey IS NULL OR log.mergedAt < datetime($afterKey)
           OR (log.mergedAt = datetime($afterKey) AND log.id < $afterId)
     WITH log ORDER BY log.mergedAt DESC, log.id DESC LIMIT $limit
     ${resolvedSiteId('log.keepId', 'liveId')}
     OPTIONAL MATCH (site:ChainNode {id: liveId}) WHERE ${seen('site')}
     RETURN collect({log: log, seen: site IS NOT NULL}) AS page
   }
   RETURN totalCount, page`;

const siteKind = (node: Node): SiteKind | null =>
  node.labels.includes('Quarry') ? 'Quarry' : node.labels.includes('Processor') ? 'Processor' : null;

export class SiteMerges {
  private readonly pages: Record<Viewer['role'], SiteMergesPage>;
  /** Without a key: no names at all. */
  private readonly publicPage: SiteMergesPage = cypher(
    'site_merges_page_public',
    siteMergesPageText(() => 'false'),
  );

  constructor(
    private readonly graph: Graph,
    maxDepth: number,
  ) {
    this.pages = perRole(maxDepth, (visible: Visibility) =>
      cypher(
        'site_merges_page',
        siteMergesPageText((site) => visible.chainNode(site)),
      ),
    );
  }

  /** ADMIN: merges `mergeId` into `keepId`; merging a merged site again into the same site returns that merge. */
  merge(viewer: Viewer, keepId: string, mergeId: string, reason: string): Promise<SiteMergeRecord> {
    if (keepId === mergeId) throw badInput('mergeId', 'merge_into_itself', 'a site cannot be merged into itself');
    const logId = randomUUID();
    return this.graph.writeTransaction(async (tx) => {
      await this.lockNames(tx, keepId, mergeId);
      const resolved = await lockResolved(tx, [keepId, mergeId]);
      const keep = resolved.get(keepId)!;
      const merge = resolved.get(mergeId)!;
      if (merge !== mergeId) {
        if (merge !== keep)
          throw clientError('CONFLICT', `site ${JSON.stringify(mergeId)} was already merged into ${merge}`, {
            rule: 'already_merged',
            mergedInto: merge,
          });
        const [earlier] = await tx.run(earlierMerge, { mergeId });
        return toSiteMerge(earlier!.log, true);
      }
      if (keep === merge) throw badInput('mergeId', 'merge_into_itself', 'a site cannot be merged into itself');
      const [pair] = await tx.run(sitesForMerge, { keepId: keep, mergeId: merge });
      checkMergeable(pair!, keep, merge);
      const [row] = await tx.run(mergeSite, { keepId: keep, mergeId: merge, logId, reason });
      const recordKind = String(row!.log.properties.kind);
      await recordChanges(tx, viewer, [
        { action: 'mergeSites', recordKind, recordId: merge, before: pair!.merged, after: row!.tombstone },
        { action: 'mergeSites', recordKind: 'SiteMerge', recordId: logId, before: null, after: row!.log },
      ]);
      return toSiteMerge(row!.log, true);
    });
  }

  /** The public log: names only where the caller (if any) sees the site. */
  async log(viewer: Viewer | null, page: PageRequest): Promise<Connection<SiteMergeRecord>> {
    const statement = viewer ? this.pages[viewer.role] : this.publicPage;
    const [row] = await this.graph.read(statement, {
      viewer: viewer ? viewerParam(viewer) : null,
      ...pageParams(page),
    });
    const records = (row?.page ?? []).map(({ log, seen }) => ({
      record: toSiteMerge(log, seen),
      mergedAt: String(log.properties.mergedAt),
    }));
    const connection = toConnection(
      records.map((r) => ({ ...r, id: r.record.id })),
      page.first,
      row?.totalCount ?? 0,
      (r) => r.mergedAt,
    );
    return { ...connection, nodes: connection.nodes.map((r) => r.record) };
  }

  /**
   * Takes the name locks of both sites before their site locks, as an import does, so that an
   * import matching suppliers by name either sees the merge or runs before it.
   */
  private async lockNames(tx: GraphTransaction, keepId: string, mergeId: string): Promise<void> {
    const [pair] = await tx.run(sitesForMerge, { keepId, mergeId });
    const keys = [pair?.keep, pair?.merged].flatMap((node) => {
      const kind = node ? siteKind(node) : null;
      return node && kind ? [siteNameLockKey(kind, String(node.properties.country), String(node.properties.name))] : [];
    });
    await tx.run(lockSiteNames, { keys: [...new Set(keys)].sort() });
  }
}

/** Refuses what is not a merge of two records of one site. */
function checkMergeable(
  pair: { keep: Node | null; merged: Node | null; linked: boolean; mergedHasKeys: boolean },
  keepId: string,
  mergeId: string,
): void {
  if (!pair.keep) throw notFound('ChainNode', keepId);
  if (!pair.merged) throw notFound('ChainNode', mergeId);
  const keepKind = siteKind(pair.keep);
  const mergedKind = siteKind(pair.merged);
  if (!keepKind || !mergedKind)
    throw badInput('mergeId', 'merge_sites_only', 'only quarries and processors are merged, not importers');
  if (keepKind !== mergedKind)
    throw badInput(
      'mergeId',
      'merge_same_kind',
      `a ${mergedKind.toLowerCase()} cannot be merged into a ${keepKind.toLowerCase()}`,
    );
  if (pair.linked)
    throw badInput(
      'mergeId',
      'merge_linked_sites',
      'the two sites have a supply link between them: one cannot supply itself',
    );
  if (pair.mergedHasKeys)
    throw badInput(
      'mergeId',
      'merge_site_with_keys',
      'API keys act for the merged processor: revoke them first, or keep this one instead',
    );
}
