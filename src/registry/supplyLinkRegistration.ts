import type { Node } from 'neo4j-driver';
import type { GraphTransaction } from '../db/graph.js';
import {
  createSupplyLinks,
  lockSupplyLinkTriples,
  supplyLinksOfTriples,
  type LinkTriple,
  type SupplyLinkRow,
} from './writes.js';
import { groupBy } from '../shared/collections.js';

/**
 * Registering supply links, one or a whole supplier list, in time proportional to the rows and the
 * links already there: a link of the same supplier, customer and stone type whose validity overlaps
 * an existing one is not created again (the existing one stands for it), and rows of one request
 * that overlap each other become one link.
 */

export interface ExistingLink {
  id: string;
  validFrom: string;
  validTo: string | null;
}

export interface LinkPlacement<R> {
  /** Rows that become new links, each overlapping neither an existing link nor another new one. */
  create: R[];
  /** Row id to the id of the earliest existing link (by validFrom, then id) its validity overlaps. */
  existing: Map<string, string>;
}

const openEnd = '9999-12-31';
const endOf = (interval: { validTo: string | null }) => interval.validTo ?? openEnd;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The lock key of a link's triple. */
export const tripleKey = (row: { supplierId: string; customerId: string; stoneType: string }) =>
  `${row.supplierId}|${row.customerId}|${row.stoneType}`;

/**
 * Decides, without the database, which rows become links. Per triple, rows are taken in order of
 * validFrom (file order among equals); a row overlapping the last row kept is a repeat of it. A kept
 * row overlapping an existing link is that link. O(n log n) in rows plus existing links.
 */
export function placeLinks<R extends SupplyLinkRow>(
  rows: readonly R[],
  existingByTriple: ReadonlyMap<string, ExistingLink[]>,
): LinkPlacement<R> {
  const byTriple = groupBy(rows, tripleKey);
  const placement: LinkPlacement<R> = { create: [], existing: new Map() };
  for (const [key, group] of byTriple) {
    const findExisting = overlapFinder(existingByTriple.get(key) ?? []);
    // Array.prototype.sort is stable: rows starting on the same day keep their file order.
    group.sort((a, b) => compare(a.validFrom, b.validFrom));
    let lastKept: R | undefined;
    for (const row of group) {
      if (lastKept && endOf(lastKept) >= row.validFrom) continue;
      lastKept = row;
      const existing = findExisting(row);
      if (existing) placement.existing.set(row.id, existing.id);
      else placement.create.push(row);
    }
  }
  return placement;
}

/**
 * The earliest (by validFrom, then id) of `links` overlapping an interval, in O(log n): with links
 * sorted by validFrom, the running maximum of their ends only grows, so the first link whose
 * running maximum reaches the interval's start is the first that ends inside or after it.
 */
function overlapFinder(
  links: readonly ExistingLink[],
): (interval: { validFrom: string; validTo: string | null }) => ExistingLink | undefined {
  const sorted = [...links].sort((a, b) => compare(a.validFrom, b.validFrom) || compare(a.id, b.id));
  const reach: string[] = [];
  for (const link of sorted) reach.push(reach.length > 0 && reach.at(-1)! > endOf(link) ? reach.at(-1)! : endOf(link));
  return (interval) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (reach[middle]! >= interval.validFrom) high = middle;
      else low = middle + 1;
    }
    const candidate = sorted[low];
    return candidate && candidate.validFrom <= endOf(interval) ? candidate : undefined;
  };
}

const batchSize = 1_000;

/**
 * Registers `rows` inside `tx`: takes each triple's lock, reads each triple's links once, and
 * creates the new links in batches, handing every batch of created link nodes to `created`
 * (for the audit trail) so that no more than one batch is held at a time.
 */
export async function registerSupplyLinks<R extends SupplyLinkRow>(
  tx: GraphTransaction,
  rows: readonly R[],
  created: (links: Node[]) => Promise<void>,
): Promise<LinkPlacement<R>> {
  const triples = new Map<string, LinkTriple>();
  for (const row of rows) {
    const key = tripleKey(row);
    if (!triples.has(key))
      triples.set(key, { key, supplierId: row.supplierId, customerId: row.customerId, stoneType: row.stoneType });
  }
  const keys = [...triples.keys()].sort();
  await tx.run(lockSupplyLinkTriples, { keys });
  const existing = new Map<string, ExistingLink[]>();
  for (const { key, ...link } of await tx.run(supplyLinksOfTriples, { triples: keys.map((k) => triples.get(k)!) })) {
    const list = existing.get(key);
    if (list) list.push(link);
    else existing.set(key, [link]);
  }
  const placement = placeLinks(rows, existing);
  for (let start = 0; start < placement.create.length; start += batchSize) {
    const batch = placement.create
      .slice(start, start + batchSize)
      .map(({ id, supplierId, customerId, stoneType, validFrom, validTo, annualVolumeTonnes }) => ({
        id,
        supplierId,
        customerId,
        stoneType,
        validFrom,
        validTo,
        annualVolumeTonnes,
      }));
    await created((await tx.run(createSupplyLinks, { rows: batch })).map(({ link }) => link));
  }
  return placement;
}
