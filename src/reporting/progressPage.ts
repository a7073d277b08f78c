import { escapeHtml } from '../shared/html.js';
import { toCsv } from '../shared/csv.js';
import type { Words } from './i18n/language.js';
import type { ProgressYear, SectorProgressRecord } from './progress.js';
import { htmlDocument, table } from './sections.js';

/** The CSV of the series, oldest year first; an empty cell where a figure is not published. */
export const progressCsv = (progress: SectorProgressRecord): string =>
  toCsv(
    ['year', 'weighting', 'companies', 'known_back_to_factory', 'known_back_to_quarry'],
    progress.series.map(({ year, sector }) => [
      year,
      sector.weighting,
      sector.companies,
      sector.knownBackToFactory,
      sector.knownBackToQuarry,
    ]),
  );

const WIDTH = 720;
const HEIGHT = 300;
const MARGIN = { top: 40, right: 24, bottom: 36, left: 52 };
const LINES = [
  { key: 'knownBackToFactory', colour: '#1f4e79', dash: '' },
  { key: 'knownBackToQuarry', colour: '#b5520b', dash: ' stroke-dasharray="6 4"' },
] as const;

const fixed = (value: number): string => value.toFixed(1);

/** Where a year and a share sit in the plot: years evenly spaced (one year in the middle), 0 to 100 % upwards. */
function scales(years: number[]): { x: (year: number) => number; y: (share: number) => number } {
  const first = years[0] ?? 0;
  const span = (years.at(-1) ?? first) - first;
  const inner = WIDTH - MARGIN.left - MARGIN.right;
  return {
    x: (year) => MARGIN.left + (span === 0 ? inner / 2 : ((year - first) / span) * inner),
    y: (share) => HEIGHT - MARGIN.bottom - share * (HEIGHT - MARGIN.top - MARGIN.bottom),
  };
}

/**
 * A line through the published points of consecutive years, broken where a year's figure is not
 * published and across years without data, so no line claims a figure nobody measured.
 */
function linePath(points: ({ year: number; x: number; y: number } | null)[]): string {
  let path = '';
  let previous: number | null = null;
  for (const point of points) {
    if (point !== null) path += `${previous === point.year - 1 ? 'L' : 'M'}${fixed(point.x)},${fixed(point.y)}`;
    previous = point?.year ?? null;
  }
  return path;
}

function axes(series: ProgressYear[], x: (year: number) => number, y: (share: number) => number, words: Words) {
  const grid = [0, 0.25, 0.5, 0.75, 1].map(
    (share) =>
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${fixed(y(share))}" y2="${fixed(y(share))}" stroke="#ccc"/>` +
      `<text x="${MARGIN.left - 6}" y="${fixed(y(share) + 4)}" text-anchor="end">${escapeHtml(words.percent(share))}</text>`,
  );
  // At most about twelve year labels, however long the series.
  const every = Math.max(1, Math.ceil(series.length / 12));
  const labels = series
    .filter((_year, i) => i % every === 0 || i === series.length - 1)
    .map(
      ({ year }) =>
        `<text x="${fixed(x(year))}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle">${year}</text>`,
    );
  return [...grid, ...labels].join('\n');
}

/** The series as a line chart: an SVG drawn on the server, so the page needs no script. */
export function progressChartSvg(progress: SectorProgressRecord, words: Words): string {
  const { series } = progress;
  const { x, y } = scales(series.map(({ year }) => year));
  const text = words.text.progress;
  const lines = LINES.map(({ key, colour, dash }) => {
    const name = key === 'knownBackToFactory' ? text.factoryLine : text.quarryLine;
    const points = series.map(({ year, sector }) =>
      sector[key] === null ? null : { year, share: sector[key], x: x(year), y: y(sector[key]) },
    );
    const dots = points.flatMap((point) =>
      point === null
        ? []
        : [
            `<circle cx="${fixed(point.x)}" cy="${fixed(point.y)}" r="3.5" fill="${colour}"><title>${escapeHtml(
              text.point(name, point.year, words.percent(point.share)),
            )}</title></circle>`,
          ],
    );
    return `<g class="line" data-line="${key}"><path d="${linePath(points)}" fill="none" stroke="${colour}" stroke-width="2.5"${dash}/>\n${dots.join('\n')}</g>`;
  });
  const legend = LINES.map(
    ({ key, colour, dash }, i) =>
      `<g transform="translate(${MARGIN.left + i * 230},14)"><line x1="0" x2="28" y1="0" y2="0" stroke="${colour}" stroke-width="2.5"${dash}/><text x="34" y="4">${escapeHtml(
        key === 'knownBackToFactory' ? text.factoryLine : text.quarryLine,
      )}</text></g>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(text.chartTitle)}" font-size="12" font-family="Helvetica, Arial, sans-serif">
<title>${escapeHtml(text.chartTitle)}</title>
${axes(series, x, y, words)}
${lines.join('\n')}
${legend.join('\n')}
</svg>`;
}

function lead(progress: SectorProgressRecord, words: Words): string {
  const { sector, year } = progress;
  const text = words.text.progress;
  return sector.knownBackToFactory === null || sector.knownBackToQuarry === null || sector.companies === null
    ? text.suppressedLead(year)
    : text.lead(
        year,
        words.percent(sector.knownBackToFactory),
        words.percent(sector.knownBackToQuarry),
        String(sector.companies),
      );
}

/** Where the page links to: the CSV and the page in the other languages, built by the route. */
export interface ProgressPageLinks {
  csv: string;
  otherLanguages: { href: string; language: string; name: string }[];
}

/** The public progress page: the year's headline, the chart, the figures per year and what they mean. */
export function renderProgressPage(progress: SectorProgressRecord, words: Words, links: ProgressPageLinks): string {
  const text = words.text.progress;
  const shown = (share: number | null) => (share === null ? text.notShown : words.percent(share));
  const rows = progress.series.map(({ year, sector }) => [
    String(year),
    text.weightings[sector.weighting],
    sector.companies === null ? text.notShown : String(sector.companies),
    shown(sector.knownBackToFactory),
    shown(sector.knownBackToQuarry),
  ]);
  const nav = [
    `<a href="${escapeHtml(links.csv)}" type="text/csv" download>${escapeHtml(text.csv)}</a>`,
    ...links.otherLanguages.map(
      ({ href, language, name }) =>
        `<a href="${escapeHtml(href)}" hreflang="${escapeHtml(language)}" lang="${escapeHtml(language)}">${escapeHtml(name)}</a>`,
    ),
  ].join(' · ');
  const c = text.columns;
  return htmlDocument(
    words,
    text.title,
    `<header>
<h1>${escapeHtml(text.title)}</h1>
<nav>${nav}</nav>
</header>
<section class="progress">
<p class="lead">${escapeHtml(lead(progress, words))}</p>
<figure class="chart">${progressChartSvg(progress, words)}<figcaption>${escapeHtml(text.chartTitle)}</figcaption></figure>
${table([c.year, c.weighting, c.companies, c.factory, c.quarry], rows, '')}
<h2>${escapeHtml(text.definitionsHeading)}</h2>
<ul>${text.definitions.map((definition) => `<li>${escapeHtml(definition)}</li>`).join('')}</ul>
</section>`,
    `
@media screen {
  body { max-width: 900px; font-size: 11pt; }
}`,
  );
}
