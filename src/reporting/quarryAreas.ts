import { cypher, type Graph } from '../db/graph.js';
import { groupBy } from '../shared/collections.js';
import { yieldIfLarge } from '../shared/eventLoop.js';

/**
 * The covenant's yearly public list of quarry areas: per country and area, how many companies
 * (importers and processors) sourced there during the year, i.e. have a quarry of that area in
 * their chain through supply links valid during the year. Published without a token, so it must
 * not reveal any single company's sourcing (statistical disclosure control):
 *
 * - an area backed by fewer than k companies is not shown alone but merged into
 *   "other areas in <country>"; if that would hide a single area, the smallest shown area of the
 *   country is hidden with it (secondary suppression), so the remainder always covers two areas;
 * - a country backed by fewer than k companies is merged, whole, into "other countries", with the
 *   same secondary rule between countries;
 * - a merged row shows its count only if it covers at least two areas or countries and at least
 *   k companies; there are no totals, so no hidden count can be had by subtraction.
 * k is configuration (REPORT_MIN_COMPANIES) and, as the covenant's practice is, not published.
 */

export interface QuarryAreaRow {
  country: string | null;
  area: string | null;
  label: string;
  companies: number | null;
}

export interface QuarryArea {
  country: string;
  area: string;
}

interface AreaCount extends QuarryArea {
  companies: string[];
}

/** Who sourced where: the areas where some company sourced, and how many companies sourced in any of some of them. */
export interface Sourcing {
  areas: QuarryArea[];
  /** Distinct companies that sourced in at least one of the areas at these indices of `areas`. */
  companiesIn(areaIndices: readonly number[]): number;
}

/** A company with its suppliers through links valid during the year, or a quarry with its [country, area]. */
export interface SupplyRow {
  nodeId: string;
  suppliers: string[];
  area: [country: string, area: string] | null;
}

/**
 * The supply links valid during the year, gathered per customer, and every quarry with its area:
 * one scan of the links. Following the chains from each area instead visits most of the graph once
 * per area (at scale 1, 689 areas reach 3.3 million area-company pairs over 19 million expansions).
 */
export const quarryAreaSupply = cypher<{ yearStart: string; yearEnd: string }, SupplyRow>(
  'quarry_area_supply',
  `MATCH (supplier:ChainNode)<-[:SUPPLIER]-(link:SupplyLink)-[:CUSTOMER]->(customer:ChainNode)
   WHERE link.validFrom <= date($yearEnd) AND coalesce(link.validTo, date($yearEnd)) >= date($yearStart)
   WITH customer, collect(supplier.id) AS suppliers
   RETURN customer.id AS nodeId, suppliers, null AS area
   UNION ALL
   MATCH (quarry:Quarry)
   RETURN quarry.id AS nodeId, [] AS suppliers, [quarry.country, quarry.region] AS area`,
);

/**
 * Which areas each company sourced in: the areas of the quarries at most `maxDepth` links
 * upstream of it, worked out level by level for every node at once, each node's areas a bit set
 * (a walk of at most `maxDepth` links from a quarry exists exactly when a simple path of at most as
 * many does). Time: at most `maxDepth` passes over the links, however many paths they make.
 */
export async function sourcingOf(rows: SupplyRow[], maxDepth: number): Promise<Sourcing> {
  const supply = supplyGraph(rows);
  const { customers, offsets, suppliers, words } = supply;
  let reached = supply.own;
  for (let level = 1; level <= maxDepth; level++) {
    await yieldIfLarge(suppliers.length);
    const next = reached.slice();
    for (let row = 0; row < customers.length; row++) {
      const to = customers[row]! * words;
      for (let i = offsets[row]!; i < offsets[row + 1]!; i++) {
        const from = suppliers[i]! * words;
        for (let w = 0; w < words; w++) next[to + w]! |= reached[from + w]!;
      }
    }
    const changed = next.some((word, i) => word !== reached[i]);
    reached = next;
    if (!changed) break;
  }
  await yieldIfLarge(suppliers.length);
  return bitSetSourcing(
    supply.areas,
    [...customers].map((node) => reached.subarray(node * words, (node + 1) * words)),
  );
}

/**
 * The rows of `quarryAreaSupply` as arrays: per customer (by node index) the range of its
 * suppliers in `suppliers`, and each node's own areas (a quarry's), `words` 32-bit words each.
 */
function supplyGraph(rows: SupplyRow[]) {
  const nodeIndex = new Map<string, number>();
  const indexOf = (id: string): number => nodeIndex.get(id) ?? nodeIndex.set(id, nodeIndex.size).get(id)!;
  const areaIndex = new Map<string, number>();
  const areas: QuarryArea[] = [];
  const quarryAreas: [node: number, area: number][] = [];
  const customerRows = rows.filter((row) => row.area === null);
  const offsets = new Int32Array(customerRows.length + 1);
  const suppliers = new Int32Array(customerRows.reduce((sum, row) => sum + row.suppliers.length, 0));
  const customers = new Int32Array(customerRows.length);
  customerRows.forEach(({ nodeId, suppliers: ids }, row) => {
    customers[row] = indexOf(nodeId);
    ids.forEach((id, i) => (suppliers[offsets[row]! + i] = indexOf(id)));
    offsets[row + 1] = offsets[row]! + ids.length;
  });
  for (const { nodeId, area: quarryArea } of rows) {
    // A quarry that supplies no one this year makes no company source anywhere.
    if (quarryArea === null || !nodeIndex.has(nodeId)) continue;
    const [country, area] = quarryArea;
    const key = `${country}\u0000${area}`;
    if (!areaIndex.has(key)) areaIndex.set(key, areas.push({ country, area }) - 1);
    quarryAreas.push([nodeIndex.get(nodeId)!, areaIndex.get(key)!]);
  }
  const words = Math.max(1, Math.ceil(areas.length / 32));
  const own = new Uint32Array(nodeIndex.size * words);
  for (const [node, area] of quarryAreas) own[node * words + (area >>> 5)]! |= 1 << (area & 31);
  return { areas, customers, offsets, suppliers, words, own };
}

/** The areas some company sourced in, re-indexed, and the counts over each company's bit set of areas. */
function bitSetSourcing(areas: QuarryArea[], companyAreas: Uint32Array[]): Sourcing {
  const perArea = new Uint32Array(areas.length);
  for (const company of companyAreas) {
    for (let w = 0; w < company.length; w++) {
      for (let bits = company[w]!; bits !== 0; bits &= bits - 1)
        perArea[w * 32 + (31 - Math.clz32(bits & -bits))]! += 1;
    }
  }
  const kept = areas.flatMap((_area, i) => (perArea[i]! > 0 ? [i] : []));
  return {
    areas: kept.map((i) => areas[i]!),
    companiesIn(areaIndices) {
      if (areaIndices.length === 1) return perArea[kept[areaIndices[0]!]!]!;
      const mask = new Map<number, number>();
      for (const i of areaIndices) mask.set(kept[i]! >>> 5, (mask.get(kept[i]! >>> 5) ?? 0) | (1 << (kept[i]! & 31)));
      const words = [...mask];
      let count = 0;
      for (const company of companyAreas) if (words.some(([w, bits]) => (company[w]! & bits) !== 0)) count++;
      return count;
    },
  };
}

/** Sourcing from the companies listed per area. */
function listedSourcing(areas: AreaCount[]): Sourcing {
  return { areas, companiesIn: (areaIndices) => new Set(areaIndices.flatMap((i) => areas[i]?.companies ?? [])).size };
}

/** Applies the suppression rules to per-area company sets. Pure, so the rules are tested directly. */
export function suppress(areas: AreaCount[], k: number): QuarryAreaRow[] {
  return publishedRows(listedSourcing(areas), k);
}

/** The suppression rules (see the top of this file) applied to who sourced where. */
export function publishedRows(sourcing: Sourcing, k: number): QuarryAreaRow[] {
  // Counts are asked again and again while sorting: each group of areas is counted once.
  const counted = new Map<string, number>();
  const count = (areaIndices: readonly number[]): number => {
    const key = areaIndices.join(' ');
    return counted.get(key) ?? counted.set(key, sourcing.companiesIn(areaIndices)).get(key)!;
  };
  const areaOf = (i: number): QuarryArea => sourcing.areas[i]!;
  const byCountry = groupBy(sourcing.areas.keys(), (i) => areaOf(i).country);

  const shownCountries: { country: string; areas: number[] }[] = [];
  const hiddenCountries: { country: string; areas: number[] }[] = [];
  for (const [country, list] of byCountry)
    (count(list) >= k ? shownCountries : hiddenCountries).push({ country, areas: list });
  if (hiddenCountries.length === 1 && shownCountries.length > 0) {
    // One hidden country alone would be readable off "other countries": hide the smallest shown one too.
    shownCountries.sort((a, b) => count(a.areas) - count(b.areas) || a.country.localeCompare(b.country));
    hiddenCountries.push(shownCountries.shift()!);
  }

  const rows: QuarryAreaRow[] = [];
  for (const { country, areas: list } of shownCountries.sort((a, b) => a.country.localeCompare(b.country))) {
    const sorted = [...list].sort((a, b) => count([a]) - count([b]) || areaOf(a).area.localeCompare(areaOf(b).area));
    const hidden = sorted.filter((i) => count([i]) < k);
    const shown = sorted.filter((i) => count([i]) >= k);
    if (hidden.length === 1 && shown.length > 0) hidden.push(shown.shift()!);
    for (const i of shown.sort((a, b) => areaOf(a).area.localeCompare(areaOf(b).area))) {
      rows.push({ country, area: areaOf(i).area, label: areaOf(i).area, companies: count([i]) });
    }
    if (hidden.length > 0)
      rows.push(
        remainder(
          country,
          `other areas in ${country}`,
          hidden.map((i) => [i]),
          count,
          k,
        ),
      );
  }
  if (hiddenCountries.length > 0) {
    rows.push(
      remainder(
        null,
        'other countries',
        hiddenCountries.map((c) => c.areas),
        count,
        k,
      ),
    );
  }
  return rows;
}

/**
 * The disclosure rule of every published figure: `figure` where it rests on at least k companies,
 * else null, so no published figure reveals what fewer than k companies do.
 */
export const disclosed = <T>(figure: T, companies: number, k: number): T | null => (companies >= k ? figure : null);

/** A merged row over `members` (each a group of areas): its count only when it covers two or more and at least k companies. */
function remainder(
  country: string | null,
  label: string,
  members: number[][],
  count: (areaIndices: readonly number[]) => number,
  k: number,
): QuarryAreaRow {
  const companies = count(members.flat());
  return { country, area: null, label, companies: members.length >= 2 ? disclosed(companies, companies, k) : null };
}

export class QuarryAreaReport {
  constructor(
    private readonly graph: Graph,
    private readonly maxDepth: number,
    private readonly minCompanies: number,
  ) {}

  async forYear(year: number): Promise<QuarryAreaRow[]> {
    const rows = await this.graph.read(quarryAreaSupply, { yearStart: `${year}-01-01`, yearEnd: `${year}-12-31` });
    const sourcing = await sourcingOf(rows, this.maxDepth);
    await yieldIfLarge(rows.length);
    return publishedRows(sourcing, this.minCompanies);
  }
}
