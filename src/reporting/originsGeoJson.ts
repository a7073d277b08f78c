import type { Feature, FeatureCollection, Point } from 'geojson';
import type { QuarryRecord } from '../registry/records.js';

export interface OriginProperties {
  id: string;
  name: string;
  country: string;
  region: string;
  share: number;
}

/** Six decimals of a degree are about 10 cm: more would claim a precision no quarry location has. */
const coordinate = (degrees: number): number => Math.round(degrees * 1e6) / 1e6;

/**
 * A project's origin quarries as GeoJSON (RFC 7946: WGS84 longitude, latitude), for a GIS: one
 * Point per quarry with its share of the delivered mass. A quarry registered without a location
 * is still listed, with a null geometry, so the shares add up to the traced share.
 */
export function originsGeoJson(
  origins: { quarry: QuarryRecord; share: number }[],
): FeatureCollection<Point | null, OriginProperties> {
  return {
    type: 'FeatureCollection',
    features: origins.map(({ quarry, share }): Feature<Point | null, OriginProperties> => ({
      type: 'Feature',
      id: quarry.id,
      geometry: quarry.location
        ? { type: 'Point', coordinates: [coordinate(quarry.location.lon), coordinate(quarry.location.lat)] }
        : null,
      properties: { id: quarry.id, name: quarry.name, country: quarry.country, region: quarry.region, share },
    })),
  };
}
