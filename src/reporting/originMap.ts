import { createRequire } from 'node:module';
import { geoArea, geoCentroid, geoNaturalEarth1, geoPath, type GeoProjection } from 'd3-geo';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { iso3166Numeric } from '../shared/countries.js';
import { escapeHtml } from '../shared/html.js';
import { svgNumber } from './html.js';

/**
 * The map of a project's origins as an SVG string, drawn on the server over Natural Earth's country
 * shapes (world-atlas, 1:50m): every quarry is a numbered circle whose area is proportional to its
 * share, and every gap a numbered diamond, sized the same way, in the country of the node where
 * tracing stops. The map frames the markers, so two quarries of one province stay apart.
 * Pure and without any outside request; the caller gives every word, already in the reader's language.
 */

export interface MapQuarry {
  name: string;
  country: string;
  /** WGS84; a quarry registered without one is placed in its country, drawn as approximate. */
  location: { lat: number; lon: number } | null;
  share: number;
  /** The legend's line for this marker. */
  label: string;
}

export interface MapGap {
  name: string;
  /** Processors and importers have no coordinates: a gap is placed in its node's country. */
  country: string;
  share: number;
  label: string;
}

export interface OriginMapInput {
  quarries: MapQuarry[];
  gaps: MapGap[];
}

export interface OriginMapText {
  /** The figure's accessible name. */
  title: string;
  quarry: string;
  /** Gaps are always placed in their node's country: the key says so. */
  gap: string;
  /** A quarry without coordinates. */
  approximate: string;
  /** What a marker's size says. */
  size: string;
  /** A country's name in the reader's language (ISO alpha-2): the countries with markers are named on the map. */
  countryName: (code: string) => string;
}

export const MAP_WIDTH = 800;
export const MAP_HEIGHT = 440;
/** The radius of a marker for the whole delivered mass: a share's marker has `share` times its area. */
export const FULL_SHARE_RADIUS = 26;
const FRAME_MARGIN = 40;
/** Degrees around the markers, at least: a map of one quarry still shows its surroundings. */
const MIN_PADDING_DEGREES = 1.5;
const LEGEND_LINE = 19;
/** A country shows its name on the map where at least this much of it (square pixels) is in the frame. */
const LABELLED_AREA = 1500;

type CountryFeature = Feature<Polygon | MultiPolygon, { name: string }>;

/**
 * Natural Earth's shapes at two scales: 1:50m for a regional map, where the coast of a province
 * matters; 1:110m for a map of continents, where 1:50m would only add weight to the page.
 */
const atlases = {
  detailed: { file: 'world-atlas/countries-50m.json', countries: undefined as CountryFeature[] | undefined },
  coarse: { file: 'world-atlas/countries-110m.json', countries: undefined as CountryFeature[] | undefined },
};
/** A frame wider or taller than this many degrees is drawn from the coarse shapes. */
const DETAILED_UP_TO_DEGREES = 40;

function atlas(scale: keyof typeof atlases = 'detailed'): CountryFeature[] {
  const entry = atlases[scale];
  if (!entry.countries) {
    // world-atlas ships the shapes as JSON in the package: read from disk, never fetched.
    const topology = createRequire(import.meta.url)(entry.file) as Topology<{
      countries: GeometryCollection<{ name: string }>;
    }>;
    entry.countries = (
      feature(topology, topology.objects.countries) as FeatureCollection<Polygon | MultiPolygon, { name: string }>
    ).features;
  }
  return entry.countries;
}

const byNumericCode = (() => {
  let index: Map<string, CountryFeature> | undefined;
  return (): Map<string, CountryFeature> =>
    (index ??= new Map(
      atlas().flatMap((country) => (country.id === undefined ? [] : [[String(country.id), country]])),
    ));
})();

const countryShape = (code: string): CountryFeature | undefined => {
  const numeric = iso3166Numeric.get(code);
  return numeric === undefined ? undefined : byNumericCode().get(numeric);
};

/**
 * Where a marker without coordinates goes: the centre of its country's largest landmass, so that an
 * overseas territory (French Guiana, Svalbard) does not pull it into the sea.
 */
export function countryAnchor(code: string): [number, number] | null {
  const shape = countryShape(code);
  if (!shape) return null;
  const polygons: Polygon[] =
    shape.geometry.type === 'Polygon'
      ? [shape.geometry]
      : shape.geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
  const largest = polygons.reduce((best, polygon) => (geoArea(polygon) > geoArea(best) ? polygon : best));
  return geoCentroid(largest);
}

export interface MapMarker {
  kind: 'quarry' | 'gap';
  number: number;
  label: string;
  share: number;
  /** Longitude, latitude; null when even the country has no shape to place it in. */
  position: [number, number] | null;
  approximate: boolean;
}

export interface OriginMapLayout {
  projection: GeoProjection;
  markers: MapMarker[];
  /** Countries (ISO alpha-2) with an origin: drawn darker. */
  originCountries: Set<string>;
  /** Countries with a marker (ISO alpha-2): named on the map. */
  markedCountries: Set<string>;
  scale: keyof typeof atlases;
}

/** The area of a marker is proportional to its share. */
export const markerRadius = (share: number): number => FULL_SHARE_RADIUS * Math.sqrt(Math.max(0, share));

/** The projection that frames every marker, and the markers numbered in the order given (quarries first). */
const frameExtent: [[number, number], [number, number]] = [
  [FRAME_MARGIN, FRAME_MARGIN],
  [MAP_WIDTH - FRAME_MARGIN, MAP_HEIGHT - FRAME_MARGIN],
];

/**
 * A projection framing the placed markers with some room around them (the whole globe when none
 * is placed), and the atlas to draw it with: the detailed one once the frame is small enough.
 */
function framed(placed: [number, number][]): { projection: GeoProjection; scale: keyof typeof atlases } {
  const projection = geoNaturalEarth1();
  if (placed.length === 0)
    return { projection: projection.fitExtent(frameExtent, { type: 'Sphere' }), scale: 'coarse' };
  const lons = placed.map(([lon]) => lon);
  const lats = placed.map(([, lat]) => lat);
  const [west, east, south, north] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const padLon = Math.max(MIN_PADDING_DEGREES, (east - west) * 0.2);
  const padLat = Math.max(MIN_PADDING_DEGREES, (north - south) * 0.2);
  const [w, e] = [Math.max(-180, west - padLon), Math.min(180, east + padLon)];
  const [s, n] = [Math.max(-85, south - padLat), Math.min(85, north + padLat)];
  const frame = [
    [w, s],
    [w, n],
    [e, s],
    [e, n],
    [(w + e) / 2, s],
    [(w + e) / 2, n],
    [w, (s + n) / 2],
    [e, (s + n) / 2],
  ];
  projection.fitExtent(frameExtent, { type: 'MultiPoint', coordinates: frame });
  const detailed = e - w <= DETAILED_UP_TO_DEGREES && n - s <= DETAILED_UP_TO_DEGREES;
  return { projection, scale: detailed ? 'detailed' : 'coarse' };
}

export function originMapLayout(input: OriginMapInput): OriginMapLayout {
  const quarries = input.quarries.map((quarry, i): MapMarker => {
    const position = quarry.location
      ? ([quarry.location.lon, quarry.location.lat] as [number, number])
      : countryAnchor(quarry.country);
    return {
      kind: 'quarry',
      number: i + 1,
      label: quarry.label,
      share: quarry.share,
      position,
      approximate: quarry.location === null,
    };
  });
  const gaps = input.gaps.map((gap, i): MapMarker => ({
    kind: 'gap',
    number: quarries.length + i + 1,
    label: gap.label,
    share: gap.share,
    position: countryAnchor(gap.country),
    approximate: true,
  }));
  const markers = [...quarries, ...gaps];
  const placed = markers.flatMap((marker) => (marker.position ? [marker.position] : []));
  const { projection, scale } = framed(placed);
  // Clipping to the frame keeps the paths of countries far outside it out of the markup.
  projection.clipExtent([
    [0, 0],
    [MAP_WIDTH, MAP_HEIGHT],
  ]);
  return {
    projection,
    markers,
    originCountries: new Set(input.quarries.map((quarry) => quarry.country)),
    markedCountries: new Set([...input.quarries, ...input.gaps].map((node) => node.country)),
    scale,
  };
}

const diamond = (x: number, y: number, r: number): string => {
  // A square standing on its corner with the area of a circle of radius r.
  const half = r * Math.sqrt(Math.PI / 2);
  return `M${svgNumber(x)},${svgNumber(y - half)}L${svgNumber(x + half)},${svgNumber(y)}L${svgNumber(x)},${svgNumber(y + half)}L${svgNumber(x - half)},${svgNumber(y)}Z`;
};

function markerSvg(marker: MapMarker, projection: GeoProjection): string {
  if (!marker.position) return '';
  const point = projection(marker.position);
  if (!point) return '';
  const [x, y] = point;
  const r = markerRadius(marker.share);
  const data = `data-number="${marker.number}" data-share="${marker.share}"${marker.approximate ? ' data-approximate="true"' : ''}`;
  const shape =
    marker.kind === 'quarry'
      ? `<circle cx="${svgNumber(x)}" cy="${svgNumber(y)}" r="${svgNumber(r)}"${marker.approximate ? ' stroke-dasharray="3 2"' : ''}/>`
      : `<path d="${diamond(x, y, r)}"/>`;
  const number = `<text x="${svgNumber(x + r + 3)}" y="${svgNumber(y - r * 0.4 - 2)}">${marker.number}</text>`;
  return `<g class="${marker.kind === 'quarry' ? 'origin' : 'gap'}" ${data}><title>${escapeHtml(marker.label)}</title>${shape}${number}</g>`;
}

/** The keys of the marker kinds on this map, then one line per marker: print has no hover. */
function legendSvg(markers: MapMarker[], text: OriginMapText, top: number): { svg: string; height: number } {
  const symbols: { shown: boolean; symbol: (x: number, y: number) => string; words: string }[] = [
    {
      shown: markers.some((m) => m.kind === 'quarry' && !m.approximate),
      symbol: (x, y) => `<g class="origin"><circle cx="${x}" cy="${y}" r="6"/></g>`,
      words: text.quarry,
    },
    {
      shown: markers.some((m) => m.kind === 'gap'),
      symbol: (x, y) => `<g class="gap"><path d="${diamond(x, y, 6)}"/></g>`,
      words: text.gap,
    },
    {
      shown: markers.some((m) => m.kind === 'quarry' && m.approximate),
      symbol: (x, y) => `<g class="origin"><circle cx="${x}" cy="${y}" r="6" stroke-dasharray="3 2"/></g>`,
      words: text.approximate,
    },
  ];
  const keys = symbols
    .filter((key) => key.shown)
    .map((key, i) => {
      const y = top + LEGEND_LINE * i;
      return `${key.symbol(12, y + 6)}<text x="26" y="${y + 10}">${escapeHtml(key.words)}</text>`;
    });
  let y = top + LEGEND_LINE * keys.length + 10;
  const size = `<text class="legend-note" x="6" y="${y}">${escapeHtml(text.size)}</text>`;
  const lines = markers.map((marker) => {
    y += LEGEND_LINE;
    return `<text class="legend-line" x="6" y="${y}"><tspan class="legend-number">${marker.number}</tspan> ${escapeHtml(marker.label)}</text>`;
  });
  return { svg: keys.join('') + size + lines.join(''), height: y + 8 - top };
}

/** The SVG element, sized by its viewBox: it scales to the width of its container. */
export function renderOriginMap(input: OriginMapInput, text: OriginMapText): string {
  const layout = originMapLayout(input);
  // A tenth of a pixel is as fine as any screen or printer shows.
  const path = geoPath(layout.projection).digits(1);
  const codeOf = new Map([...layout.markedCountries].map((code) => [iso3166Numeric.get(code), code]));
  const shapes: string[] = [];
  const names: string[] = [];
  for (const country of atlas(layout.scale)) {
    const d = path(country);
    if (!d) continue;
    const code = codeOf.get(String(country.id));
    shapes.push(
      `<path class="country${code && layout.originCountries.has(code) ? ' origin-country' : ''}" d="${d}"><title>${escapeHtml(country.properties.name)}</title></path>`,
    );
    // Named in the middle of the part of it that is in the frame (the path's clipping sees to that).
    if (code && path.area(country) >= LABELLED_AREA) {
      const [x, y] = path.centroid(country);
      names.push(
        `<text class="country-name" x="${svgNumber(x)}" y="${svgNumber(y)}" text-anchor="middle">${escapeHtml(text.countryName(code))}</text>`,
      );
    }
  }
  const legend = legendSvg(layout.markers, text, MAP_HEIGHT + 12);
  const height = MAP_HEIGHT + 12 + legend.height;
  // Larger markers first, so a small one on top of a large one stays visible.
  const markers = [...layout.markers]
    .sort((a, b) => b.share - a.share)
    .map((marker) => markerSvg(marker, layout.projection));
  return `<svg xmlns="http://www.w3.org/2000/svg" class="origin-map" viewBox="0 0 ${MAP_WIDTH} ${height}" role="img" aria-labelledby="origin-map-title">
<title id="origin-map-title">${escapeHtml(text.title)}</title>
<style>
.origin-map .sea { fill: #e8f1f8; }
.origin-map .country { fill: #f4f1ea; stroke: #9a9488; stroke-width: 0.5; }
.origin-map .origin-country { fill: #e2d9c3; }
.origin-map .origin circle { fill: rgba(31, 94, 160, 0.55); stroke: #123b66; stroke-width: 1.2; }
.origin-map .gap path { fill: rgba(176, 40, 40, 0.45); stroke: #7a1010; stroke-width: 1.2; }
.origin-map text { font: 14px "Helvetica Neue", Arial, sans-serif; fill: #111; }
.origin-map .country-name { font-size: 17px; font-style: italic; fill: #6b6150; letter-spacing: 1px; paint-order: stroke; stroke: #f4f1ea; stroke-width: 3px; }
.origin-map .origin text, .origin-map .gap text { font-weight: bold; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.origin-map .legend-number { font-weight: bold; }
.origin-map .legend-note { fill: #444; }
</style>
<rect class="sea" x="0" y="0" width="${MAP_WIDTH}" height="${MAP_HEIGHT}"/>
<g class="countries">${shapes.join('')}</g>
<g class="country-names">${names.join('')}</g>
<g class="markers">${markers.join('')}</g>
<rect x="0" y="0" width="${MAP_WIDTH}" height="${MAP_HEIGHT}" fill="none" stroke="#9a9488"/>
<g class="legend">${legend.svg}</g>
</svg>`;
}
