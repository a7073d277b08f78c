import type { DeliveryRecord, QuarryRecord } from '../registry/records.js';
import { areaKey } from '../shared/siteNames.js';
import { roundShare } from './compute.js';
import type { DeliveryTraceRecord, TraceRecord } from './service.js';

/**
 * A delivery whose declared origin the trace contradicts: some of its mass is traced to quarries
 * outside the declared country, or, where a quarry area is declared too, outside that area
 * (compared ignoring diacritics, case and spacing). Mass that ends in a gap is not counted as
 * elsewhere: its origin is unknown, not contrary to the claim (`untracedShare` says how much).
 */
export interface OriginMismatchRecord {
  delivery: DeliveryRecord;
  declaredCountry: string;
  declaredArea: string | null;
  /** Per country, the share (0 to 1) of the delivery's mass traced there, largest first. */
  tracedCountries: { country: string; share: number }[];
  /** Per quarry area, the share (0 to 1) of the delivery's mass traced there, largest first. */
  tracedAreas: { country: string; region: string; share: number }[];
  /** The share (0 to 1) of the delivery's mass traced to quarries outside the declared origin. */
  share: number;
  /** The share (0 to 1) of the delivery's mass not traced back to any quarry. */
  untracedShare: number;
}

/** Origin shares summed per group (country, or country and area), largest first. */
export function sharesBy<T extends object>(
  origins: { quarry: QuarryRecord; share: number }[],
  groupOf: (quarry: QuarryRecord) => string[],
  label: (group: string[]) => T,
): (T & { share: number })[] {
  const groups = new Map<string, { group: string[]; share: number }>();
  for (const { quarry, share } of origins) {
    const group = groupOf(quarry);
    const key = group.join('\u0000');
    groups.set(key, { group, share: (groups.get(key)?.share ?? 0) + share });
  }
  // Equal shares in the order of their names, so a report reads the same every time.
  return [...groups.entries()]
    .sort(([keyA, a], [keyB, b]) => b.share - a.share || keyA.localeCompare(keyB))
    .map(([, group]) => group)
    .map(({ group, share }) => ({ ...label(group), share: roundShare(share) }));
}

export const countryShares = (origins: { quarry: QuarryRecord; share: number }[]) =>
  sharesBy(
    origins,
    (q) => [q.country],
    ([country]) => ({ country: country as string }),
  );

export const areaShares = (origins: { quarry: QuarryRecord; share: number }[]) =>
  sharesBy(
    origins,
    (q) => [q.country, q.region],
    ([country, region]) => ({ country: country as string, region: region as string }),
  );

/** The mismatch of one delivery's trace with its declaration, or null when it declares nothing or nothing lies elsewhere. */
export function originMismatch({ delivery, origins, tracedShare }: DeliveryTraceRecord): OriginMismatchRecord | null {
  const declaredCountry = delivery.declaredOriginCountry;
  if (declaredCountry === null) return null;
  const declaredArea = delivery.declaredOriginArea;
  const area = declaredArea === null ? null : areaKey(declaredArea);
  const elsewhere = origins.filter(
    ({ quarry }) => quarry.country !== declaredCountry || (area !== null && areaKey(quarry.region) !== area),
  );
  if (elsewhere.length === 0) return null;
  return {
    delivery,
    declaredCountry,
    declaredArea,
    tracedCountries: countryShares(origins),
    tracedAreas: areaShares(origins),
    share: roundShare(elsewhere.reduce((sum, { share }) => sum + share, 0)),
    untracedShare: roundShare(1 - tracedShare),
  };
}

const judged = new WeakMap<TraceRecord, OriginMismatchRecord[]>();

/** Every delivery of the trace whose traced quarries lie (partly) outside its declared origin, largest share first. */
export function originMismatches(trace: TraceRecord): OriginMismatchRecord[] {
  // Tracing each delivery on its own walks the chain again: only worth it when one declares an origin.
  if (!trace.deliveries.some((delivery) => delivery.declaredOriginCountry !== null)) return [];
  let mismatches = judged.get(trace);
  if (!mismatches) {
    mismatches = trace
      .deliveryTraces()
      .flatMap((deliveryTrace) => originMismatch(deliveryTrace) ?? [])
      .sort((a, b) => b.share - a.share || a.delivery.deliveredOn.localeCompare(b.delivery.deliveredOn));
    judged.set(trace, mismatches);
  }
  return mismatches;
}
