import { cypher, type Graph } from '../db/graph.js';
import type { ProgressWeighting } from '../shared/contract.generated.js';
import { yieldIfLarge } from '../shared/eventLoop.js';
import { roundShare } from '../trace/compute.js';
import { disclosed } from './quarryAreas.js';

/**
 * How much of the sector's chain is known, year by year (docs/trace-and-risk.md, "Sector
 * progress"). For the supply links valid during a year, an importer's inbound link is
 * - known back to a factory when its supplier is a processor or a quarry, or a chain of declared
 *   links of its stone type, valid during the year, leads from its supplier to one;
 * - known back to a quarry when its supplier is a quarry, or such a chain leads to one;
 * in both cases within TRACE_MAX_DEPTH links, the importer's own link included. The shares are of
 * the importers' inbound links, weighed by their declared yearly volume when every one of them
 * declares one, counted otherwise (the answer says which). Published without a key, so every
 * figure is shown only where it rests on at least k companies (importers), like the public list.
 */

export interface ProgressLinkRow {
  supplierId: string;
  supplierKind: 'QUARRY' | 'PROCESSOR' | 'IMPORTER';
  customerId: string;
  toImporter: boolean;
  stoneType: string;
  fromYear: number;
  /** Null while the link is open. */
  toYear: number | null;
  volume: number | null;
}

/** Every supply link that started by the end of `$lastYear`: one scan, one round trip. */
export const progressLinks = cypher<{ lastYear: number }, ProgressLinkRow>(
  'progress_links',
  `MATCH (supplier:ChainNode)<-[:SUPPLIER]-(link:SupplyLink)-[:CUSTOMER]->(customer:ChainNode)
   WHERE link.validFrom.year <= $lastYear
   RETURN supplier.id AS supplierId,
          CASE WHEN supplier:Quarry THEN 'QUARRY' WHEN supplier:Processor THEN 'PROCESSOR' ELSE 'IMPORTER' END AS supplierKind,
          customer.id AS customerId, customer:Importer AS toImporter, link.stoneType AS stoneType,
          link.validFrom.year AS fromYear, link.validTo.year AS toYear, link.annualVolumeTonnes AS volume`,
);

export interface ProgressFigures {
  weighting: ProgressWeighting;
  /** Null where the figure would rest on fewer than k companies. */
  knownBackToFactory: number | null;
  knownBackToQuarry: number | null;
  companies: number | null;
}

export interface ProgressYear {
  year: number;
  sector: ProgressFigures;
  /** The caller's own figures (a MEMBER's inbound links), never suppressed; null for anyone else. */
  own: ProgressFigures | null;
}

export interface SectorProgressRecord extends ProgressYear {
  /** Every year with data up to and including `year`, oldest first. */
  series: ProgressYear[];
}

/** The first year a series starts at, whatever the data: the public list's first year too. */
export const FIRST_PROGRESS_YEAR = 2000;

const nodeKey = (id: string, stoneType: string): string => `${id}\u0000${stoneType}`;

/**
 * The nodes (per stone type) from which a chain of at most `links` of the given links reaches a
 * supplier that `isSource` accepts, worked out level by level: at most `links` passes over the links.
 */
function reaching(links: ProgressLinkRow[], isSource: (link: ProgressLinkRow) => boolean, levels: number): Set<string> {
  let reached = new Set(links.filter(isSource).map((link) => nodeKey(link.customerId, link.stoneType)));
  for (let level = 1; level < levels; level++) {
    // Each pass extends the chains found before it by one link only, so the depth stays exact.
    const next = new Set(reached);
    for (const link of links)
      if (reached.has(nodeKey(link.supplierId, link.stoneType))) next.add(nodeKey(link.customerId, link.stoneType));
    if (next.size === reached.size) break;
    reached = next;
  }
  return reached;
}

const fromQuarry = (link: ProgressLinkRow): boolean => link.supplierKind === 'QUARRY';
const fromFactory = (link: ProgressLinkRow): boolean => link.supplierKind !== 'IMPORTER';

/** The figures over `measured` (inbound links of the companies measured), knowing what reaches a factory or quarry. */
function figures(
  measured: ProgressLinkRow[],
  known: { factory: Set<string>; quarry: Set<string> },
  minCompanies: number,
): ProgressFigures {
  const byVolume = measured.length > 0 && measured.every((link) => (link.volume ?? 0) > 0);
  const weight = (link: ProgressLinkRow): number => (byVolume ? (link.volume as number) : 1);
  const total = measured.reduce((sum, link) => sum + weight(link), 0);
  const share = (isSource: (link: ProgressLinkRow) => boolean, reached: Set<string>): number =>
    total === 0
      ? 0
      : roundShare(
          measured
            .filter((link) => isSource(link) || reached.has(nodeKey(link.supplierId, link.stoneType)))
            .reduce((sum, link) => sum + weight(link), 0) / total,
        );
  const companies = new Set(measured.map((link) => link.customerId)).size;
  return {
    weighting: byVolume ? 'VOLUME' : 'LINKS',
    knownBackToFactory: disclosed(share(fromFactory, known.factory), companies, minCompanies),
    knownBackToQuarry: disclosed(share(fromQuarry, known.quarry), companies, minCompanies),
    companies: disclosed(companies, companies, minCompanies),
  };
}

/** One year's figures, the sector's and, for `ownId`, that company's own (shown to it whatever their number). */
export function progressOfYear(
  rows: ProgressLinkRow[],
  year: number,
  maxDepth: number,
  minCompanies: number,
  ownId: string | null,
): ProgressYear {
  const valid = rows.filter((link) => link.fromYear <= year && (link.toYear === null || link.toYear >= year));
  // The importer's own link is one of the maxDepth links: the chain behind its supplier has one fewer.
  const known = {
    factory: reaching(valid, fromFactory, maxDepth - 1),
    quarry: reaching(valid, fromQuarry, maxDepth - 1),
  };
  return {
    year,
    sector: figures(
      valid.filter((link) => link.toImporter),
      known,
      minCompanies,
    ),
    own:
      ownId === null
        ? null
        : figures(
            valid.filter((link) => link.customerId === ownId),
            known,
            1,
          ),
  };
}

/** The years from the first with an importer's link (not before FIRST_PROGRESS_YEAR) to `year`. */
function yearsWithData(rows: ProgressLinkRow[], year: number): number[] {
  const years: number[] = [];
  for (let y = FIRST_PROGRESS_YEAR; y < year; y++)
    if (rows.some((link) => link.toImporter && link.fromYear <= y && (link.toYear === null || link.toYear >= y)))
      years.push(y);
  return [...years, year];
}

export class SectorProgress {
  constructor(
    private readonly graph: Graph,
    private readonly maxDepth: number,
    private readonly minCompanies: number,
  ) {}

  /** `ownId`: a MEMBER's organisation, whose own figures are given beside the sector's. */
  async forYear(year: number, ownId: string | null): Promise<SectorProgressRecord> {
    const rows = await this.graph.read(progressLinks, { lastYear: year });
    const series: ProgressYear[] = [];
    for (const y of yearsWithData(rows, year)) {
      await yieldIfLarge(rows.length);
      series.push(progressOfYear(rows, y, this.maxDepth, this.minCompanies, ownId));
    }
    return { ...(series.at(-1) as ProgressYear), series };
  }
}
