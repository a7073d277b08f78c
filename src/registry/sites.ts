import type { Node } from 'neo4j-driver';
import { viewerParam, type Viewer } from '../auth/viewer.js';
import { perRole, type Visibility } from '../auth/visibility.js';
import { cypher, type GraphTransaction } from '../db/graph.js';
import { clientError } from '../shared/errors.js';
import { areaKey, siteNameKey } from '../shared/siteNames.js';

/**
 * Sites compared with those already registered, so one real quarry or factory has one record:
 *
 * - a site whose folded name (shared/siteNames.ts) and country equal an existing site's of the same
 *   kind is taken for that site, whoever registered it;
 * - so is a quarry within the configured distance of a quarry the registrant sees. Quarries it does
 *   not see are not compared by place: coordinates tried one after the other would map them.
 *
 * A registration that matches is refused with CONFLICT, naming the candidates the registrant sees
 * and only counting the others, unless it confirms that the site is new. A quarry's area is stored
 * under the spelling its country already knows, whatever its case and diacritics.
 */

export type SiteKind = 'Quarry' | 'Processor';

export interface NewSite {
  name: string;
  country: string;
  lat?: number | null;
  lon?: number | null;
}

/** A likely duplicate the registrant may see. */
export interface SiteCandidate {
  id: string;
  name: string;
  country: string;
  /** What made it a candidate: the same folded name in the same country, the distance, or both. */
  matchedBy: ('NAME' | 'DISTANCE')[];
  /** Metres between the two quarries, when both have coordinates. */
  distanceMetres: number | null;
}

interface CandidateRow {
  node: Node;
  sameName: boolean;
  metres: number | null;
  seen: boolean;
}

interface CandidateParams {
  viewer: unknown;
  nameKey: string;
  country: string;
  lat: number | null;
  lon: number | null;
  radiusMetres: number;
}

const here = 'point({latitude: $lat, longitude: $lon})';

function candidateQueries(visible: Visibility) {
  return {
    Quarry: cypher<CandidateParams, CandidateRow>(
      'quarry_likely_duplicates',
      `CALL () {
         MATCH (site:Quarry {nameKey: $nameKey, country: $country}) RETURN site
         UNION
         MATCH (site:Quarry) WHERE point.distance(site.location, ${here}) <= $radiusMetres RETURN site
       }
       WITH site, site.nameKey = $nameKey AND site.country = $country AS sameName,
            round(point.distance(site.location, ${here})) AS metres
       WITH site, sameName, metres, ${visible.chainNode('site')} AS seen
       WHERE sameName OR (seen AND metres <= $radiusMetres)
       RETURN site AS node, sameName, metres, seen
       ORDER BY metres, site.id`,
    ),
    Processor: cypher<CandidateParams, CandidateRow>(
      'processor_likely_duplicates',
      `MATCH (site:Processor {nameKey: $nameKey, country: $country})
       RETURN site AS node, true AS sameName, null AS metres, ${visible.chainNode('site')} AS seen
       ORDER BY site.id`,
    ),
  };
}

/**
 * The lock of a folded name: a node MERGEd under a uniqueness constraint, so a second registration
 * of the same name waits here until the first commits, and then finds it. Keys sorted, so two
 * imports that lock several do not deadlock.
 */
export const lockSiteNames = cypher<{ keys: string[] }, never>(
  'site_names_lock',
  `UNWIND $keys AS key
   MERGE (lock:SiteNameLock {key: key})
   SET lock.lockedAt = datetime()`,
);

export const siteNameLockKey = (kind: SiteKind, country: string, name: string): string =>
  `${kind}|${country}|${siteNameKey(name)}`;

/** The spellings of each area in its country: those of its quarries (with their count) and of area assessments. */
const areaSpellings = cypher<
  { areas: { country: string; regionKey: string }[] },
  { country: string; regionKey: string; spelling: string; quarries: number }
>(
  'quarry_area_spellings',
  `UNWIND $areas AS area
   CALL (area) {
     MATCH (quarry:Quarry {country: area.country, regionKey: area.regionKey})
     RETURN quarry.region AS spelling, count(*) AS quarries
     UNION ALL
     MATCH (assessment:RiskAssessment {targetKind: 'QUARRY_AREA', country: area.country})
     RETURN DISTINCT assessment.region AS spelling, 0 AS quarries
   }
   RETURN area.country AS country, area.regionKey AS regionKey, spelling, quarries`,
);

/** What a registration did with the quarry area it was given. */
export interface RegionNotice {
  given: string;
  storedAs: string;
}

/**
 * The known spelling of each (country, area): the one most of its quarries use, else an area
 * assessment's; an area the country does not know yet is stored as given.
 */
export async function knownAreas(
  tx: GraphTransaction,
  areas: readonly { country: string; region: string }[],
): Promise<{ region: string; notice: RegionNotice | null }[]> {
  const keyed = areas.map(({ country, region }) => ({ country, regionKey: areaKey(region) }));
  const best = new Map<string, { spelling: string; quarries: number }>();
  for (const row of await tx.run(areaSpellings, { areas: keyed })) {
    if (row.spelling == null || areaKey(row.spelling) !== row.regionKey) continue;
    const key = `${row.country}|${row.regionKey}`;
    const current = best.get(key);
    const better =
      !current ||
      row.quarries > current.quarries ||
      (row.quarries === current.quarries && row.spelling < current.spelling);
    if (better) best.set(key, { spelling: row.spelling, quarries: row.quarries });
  }
  return areas.map(({ country, region }, index) => {
    const known = best.get(`${country}|${keyed[index]!.regionKey}`)?.spelling;
    if (known === undefined || known === region) return { region, notice: null };
    return { region: known, notice: { given: region, storedAs: known } };
  });
}

const likelyDuplicate = (kind: SiteKind, candidates: SiteCandidate[], hidden: number) => {
  const named = candidates.map(
    (c) =>
      `${c.name} (${c.id}${c.distanceMetres === null || !c.matchedBy.includes('DISTANCE') ? '' : `, ${c.distanceMetres} m away`})`,
  );
  const unseen = hidden === 0 ? [] : [`${hidden} registered by another company, which you cannot see`];
  return clientError(
    'CONFLICT',
    `likely a duplicate of an existing ${kind.toLowerCase()}: ${[...named, ...unseen].join('; ')}. ` +
      'Use the existing site, or register again with confirmNew: true if it is a different one',
    { rule: 'likely_duplicate', candidates, hiddenCandidates: hidden },
  );
};

/** The comparison of new sites with registered ones, inside the registering transaction. */
export class DuplicateSites {
  private readonly queries;

  constructor(
    maxDepth: number,
    /** A quarry this close to one the registrant sees is a likely duplicate; 0 turns the comparison by place off. */
    private readonly radiusMetres: number,
  ) {
    this.queries = perRole(maxDepth, candidateQueries);
  }

  /**
   * Takes the lock of the site's folded name and refuses a likely duplicate with CONFLICT, unless
   * `confirmNew`. Holding the lock until commit, a concurrent registration of the same name waits
   * and then finds this one.
   */
  async checkNew(tx: GraphTransaction, viewer: Viewer, kind: SiteKind, site: NewSite, confirmNew: boolean) {
    await tx.run(lockSiteNames, { keys: [siteNameLockKey(kind, site.country, site.name)] });
    if (confirmNew) return;
    const byPlace = this.radiusMetres > 0;
    const rows = await tx.run(this.queries[viewer.role][kind], {
      viewer: viewerParam(viewer),
      nameKey: siteNameKey(site.name),
      country: site.country,
      lat: byPlace ? (site.lat ?? null) : null,
      lon: byPlace ? (site.lon ?? null) : null,
      radiusMetres: this.radiusMetres,
    });
    if (rows.length === 0) return;
    const candidates = rows
      .filter((row) => row.seen)
      .map(({ node, sameName, metres }) => toCandidate(node, sameName, metres, this.radiusMetres));
    throw likelyDuplicate(kind, candidates, rows.length - candidates.length);
  }
}

function toCandidate(node: Node, sameName: boolean, metres: number | null, radiusMetres: number): SiteCandidate {
  const near = metres !== null && metres <= radiusMetres;
  return {
    id: String(node.properties.id),
    name: String(node.properties.name),
    country: String(node.properties.country),
    matchedBy: [...(sameName ? (['NAME'] as const) : []), ...(near ? (['DISTANCE'] as const) : [])],
    distanceMetres: metres,
  };
}
