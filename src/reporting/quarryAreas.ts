import { checkDepth, cypher, type Graph } from '../db/graph.js';

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

interface AreaCount {
  country: string;
  area: string;
  companies: string[];
}

export function quarryAreaCompanies(maxDepth: number) {
  checkDepth(maxDepth);
  return cypher<{ yearStart: string; yearEnd: string }, AreaCount>(
    'quarry_area_companies',
    `MATCH (quarry:Quarry)<-[:SUPPLIER]-(first:SupplyLink)-[:CUSTOMER]->(buyerOfQuarry:ChainNode)
     WHERE first.validFrom <= date($yearEnd) AND coalesce(first.validTo, date($yearEnd)) >= date($yearStart)
     MATCH (buyerOfQuarry) ((:ChainNode)<-[:SUPPLIER]-(link:SupplyLink)-[:CUSTOMER]->(:ChainNode)
             WHERE link.validFrom <= date($yearEnd) AND coalesce(link.validTo, date($yearEnd)) >= date($yearStart)){0,${maxDepth - 1}}
           (company:ChainNode)
     WITH quarry.country AS country, quarry.region AS area, collect(DISTINCT company.id) AS companies
     RETURN country, area, companies
     ORDER BY country, area`,
  );
}

const distinct = (lists: string[][]): number => new Set(lists.flat()).size;

/** Applies the suppression rules to per-area company sets. Pure, so the rules are tested directly. */
export function suppress(areas: AreaCount[], k: number): QuarryAreaRow[] {
  const byCountry = new Map<string, AreaCount[]>();
  for (const area of areas) byCountry.set(area.country, [...(byCountry.get(area.country) ?? []), area]);

  const shownCountries: { country: string; areas: AreaCount[] }[] = [];
  const hiddenCountries: { country: string; areas: AreaCount[] }[] = [];
  for (const [country, list] of byCountry) {
    (distinct(list.map((a) => a.companies)) >= k ? shownCountries : hiddenCountries).push({ country, areas: list });
  }
  if (hiddenCountries.length === 1 && shownCountries.length > 0) {
    // One hidden country alone would be readable off "other countries": hide the smallest shown one too.
    shownCountries.sort((a, b) => distinct(a.areas.map((x) => x.companies)) - distinct(b.areas.map((x) => x.companies)) || a.country.localeCompare(b.country));
    hiddenCountries.push(shownCountries.shift()!);
  }

  const rows: QuarryAreaRow[] = [];
  for (const { country, areas: list } of shownCountries.sort((a, b) => a.country.localeCompare(b.country))) {
    const sorted = [...list].sort((a, b) => a.companies.length - b.companies.length || a.area.localeCompare(b.area));
    const hidden = sorted.filter((a) => a.companies.length < k);
    const shown = sorted.filter((a) => a.companies.length >= k);
    if (hidden.length === 1 && shown.length > 0) hidden.push(shown.shift()!);
    for (const area of shown.sort((a, b) => a.area.localeCompare(b.area))) {
      rows.push({ country, area: area.area, label: area.area, companies: area.companies.length });
    }
    if (hidden.length > 0) rows.push(remainder(country, null, `other areas in ${country}`, hidden.map((a) => a.companies), k));
  }
  if (hiddenCountries.length > 0) {
    rows.push(remainder(null, null, 'other countries', hiddenCountries.map((c) => c.areas.flatMap((a) => a.companies)), k));
  }
  return rows;
}

function remainder(country: string | null, area: string | null, label: string, members: string[][], k: number): QuarryAreaRow {
  const companies = distinct(members);
  return { country, area, label, companies: members.length >= 2 && companies >= k ? companies : null };
}

export class QuarryAreaReport {
  private readonly query;

  constructor(
    private readonly graph: Graph,
    maxDepth: number,
    private readonly minCompanies: number,
  ) {
    this.query = quarryAreaCompanies(maxDepth);
  }

  async forYear(year: number): Promise<QuarryAreaRow[]> {
    const areas = await this.graph.read(this.query, { yearStart: `${year}-01-01`, yearEnd: `${year}-12-31` });
    return suppress(areas, this.minCompanies);
  }
}
