import { sankey, sankeyLinkHorizontal, type SankeyLink, type SankeyNode } from 'd3-sankey';
import type { RiskLevel } from '../shared/contract.generated.js';
import { riskLevels } from '../risk/vocabulary.js';
import { escapeHtml } from '../shared/html.js';
import { svgNumber } from './html.js';

/**
 * A project's chain as a Sankey diagram, an SVG string drawn on the server with d3-sankey: quarries
 * on the left, then processors and importers, the project on the right. Every path of the trace is
 * a band of its own whose width is proportional to its share of the delivered mass, and a gap is a
 * band that starts at an "unknown origin" node before the site where tracing stops. Sites are
 * coloured by the highest residual risk found there. Pure; the caller gives every word, already in
 * the reader's language.
 */

export interface ChainSite {
  id: string;
  name: string;
  kind: 'Quarry' | 'Processor' | 'Importer';
  /** The highest residual risk level at the site; null when nothing is assessed there. */
  level: RiskLevel | null;
  /** The site's tooltip. */
  label: string;
}

export interface ChainPath {
  /** Quarry (or the site where tracing stops) first, the delivering importer last. */
  sites: ChainSite[];
  share: number;
  gap: boolean;
  /** The band's tooltip. */
  label: string;
}

export interface ChainSankeyInput {
  project: string;
  paths: ChainPath[];
}

export interface ChainSankeyText {
  title: string;
  levels: Record<RiskLevel, string>;
  /** The legend's heading for the site colours. */
  levelHeading: string;
  noAssessment: string;
  /** The name of the node a gap's band starts from. */
  unknownOrigin: string;
  tracedBand: string;
  gapBand: string;
}

export const SANKEY_WIDTH = 800;
const TOP = 8;
/** Room right of the last column for the project's name. */
const PROJECT_LABEL_ROOM = 160;
/** The width of an average character of the labels' 12 px sans-serif: labels wrap to fit before the next column. */
const CHARACTER_WIDTH = 6.8;
const MIN_LABEL_CHARACTERS = 10;
const LINE_HEIGHT = 13;
const NODE_WIDTH = 14;
const NODE_PADDING = 16;
const LEGEND_HEIGHT = 64;

interface NodeData {
  key: string;
  name: string;
  label: string;
  role: 'site' | 'unknown' | 'project';
  /** Quarries and unknown origins stand in the first column, whatever the path's length. */
  source: boolean;
  level: RiskLevel | null;
}
interface LinkData {
  path: number;
}
type LaidNode = SankeyNode<NodeData, LinkData>;
type LaidLink = SankeyLink<NodeData, LinkData>;

const PROJECT_KEY = 'project';

/**
 * A site's node is keyed by its id, so it is drawn once. Processors that supply each other (a
 * cycle of links, each path still simple) would make a circular diagram, which a Sankey cannot
 * draw: then a site is drawn once per distance from the project, and each band still runs left to right.
 */
function nodeKeys(paths: ChainPath[], byDistance: boolean): string[][] {
  return paths.map((path) => {
    const keys = path.sites.map((site, i) =>
      site.kind === 'Quarry'
        ? `quarry ${site.id}`
        : byDistance
          ? `site ${site.id} ${path.sites.length - i}`
          : `site ${site.id}`,
    );
    return [...(path.gap ? [`unknown ${keys[0]}`] : []), ...keys, PROJECT_KEY];
  });
}

function hasCycle(keyPaths: string[][]): boolean {
  const next = new Map<string, Set<string>>();
  for (const keys of keyPaths) {
    keys.slice(1).forEach((key, i) => {
      const from = keys[i] as string;
      next.set(from, (next.get(from) ?? new Set()).add(key));
    });
  }
  const state = new Map<string, 'open' | 'done'>();
  const visit = (key: string): boolean => {
    if (state.get(key) === 'done') return false;
    if (state.get(key) === 'open') return true;
    state.set(key, 'open');
    for (const target of next.get(key) ?? []) if (visit(target)) return true;
    state.set(key, 'done');
    return false;
  };
  return [...next.keys()].some(visit);
}

export interface ChainSankeyLayout {
  nodes: LaidNode[];
  links: LaidLink[];
  width: number;
  height: number;
}

/** The d3-sankey layout: one link per path and step, so each path stays a band of its own. */
export function chainSankeyLayout(
  input: ChainSankeyInput,
  text: Pick<ChainSankeyText, 'unknownOrigin'>,
): ChainSankeyLayout {
  const keyed = nodeKeys(input.paths, false);
  const keyPaths = hasCycle(keyed) ? nodeKeys(input.paths, true) : keyed;
  const nodes = new Map<string, NodeData>();
  nodes.set(PROJECT_KEY, {
    key: PROJECT_KEY,
    name: input.project,
    label: input.project,
    role: 'project',
    source: false,
    level: null,
  });
  const links: { source: string; target: string; value: number; path: number }[] = [];
  input.paths.forEach((path, p) => {
    const keys = keyPaths[p] as string[];
    const offset = path.gap ? 1 : 0;
    if (path.gap) {
      nodes.set(keys[0] as string, {
        key: keys[0] as string,
        name: text.unknownOrigin,
        label: text.unknownOrigin,
        role: 'unknown',
        source: true,
        level: null,
      });
    }
    path.sites.forEach((site, i) => {
      const key = keys[i + offset] as string;
      if (!nodes.has(key))
        nodes.set(key, {
          key,
          name: site.name,
          label: site.label,
          role: 'site',
          source: site.kind === 'Quarry',
          level: site.level,
        });
    });
    keys.slice(1).forEach((target, i) => links.push({ source: keys[i] as string, target, value: path.share, path: p }));
  });

  const sources = [...nodes.values()].filter((node) => node.source).length;
  const height = Math.min(1400, Math.max(240, 40 + sources * 34));
  const layout = sankey<NodeData, LinkData>()
    .nodeId((node) => node.key)
    // Quarries (and unknown origins) on the left; every other node by its distance from the project.
    .nodeAlign((node, columns) => (node.source ? 0 : columns - 1 - (node.height ?? 0)))
    .nodeWidth(NODE_WIDTH)
    .nodePadding(NODE_PADDING)
    .extent([
      [1, TOP],
      [SANKEY_WIDTH - PROJECT_LABEL_ROOM, TOP + height],
    ]);
  const graph = layout({ nodes: [...nodes.values()].map((node) => ({ ...node })), links });
  return { nodes: graph.nodes, links: graph.links, width: SANKEY_WIDTH, height: TOP + height };
}

const levelColours: Record<RiskLevel, string> = {
  LOW: '#8cc084',
  MEDIUM: '#f2d15c',
  HIGH: '#f0963c',
  SEVERE: '#d64541',
};
const NO_LEVEL = '#b9b9b9';

const nodeFill = (node: LaidNode): string => {
  if (node.role === 'project') return '#2f3e4e';
  if (node.role === 'unknown') return '#ffffff';
  return node.level ? levelColours[node.level] : NO_LEVEL;
};

/** Words in lines of at most `width` characters (a longer word gets a line of its own). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** How many characters a label right of a node in each column may have per line, so it ends before the next column. */
function labelWidths(nodes: LaidNode[]): (node: LaidNode) => number {
  const columns = [...new Set(nodes.map((node) => node.x0 ?? 0))].sort((a, b) => a - b);
  const room = (x0: number): number => {
    const next = columns.find((x) => x > x0);
    return next === undefined ? PROJECT_LABEL_ROOM : next - x0 - NODE_WIDTH;
  };
  return (node) => Math.max(MIN_LABEL_CHARACTERS, Math.floor((room(node.x0 ?? 0) - 10) / CHARACTER_WIDTH));
}

/** A node and its name beside it, right of the node, in lines centred on it. */
function nodeSvg(node: LaidNode, characters: number): string {
  const [x0, x1, y0, y1] = [node.x0 ?? 0, node.x1 ?? 0, node.y0 ?? 0, node.y1 ?? 0];
  const lines = wrapWords(node.name, characters);
  const firstY = (y0 + y1) / 2 - ((lines.length - 1) * LINE_HEIGHT) / 2;
  const text = lines
    .map(
      (line, i) =>
        `<tspan x="${svgNumber(x1 + 5)}" y="${svgNumber(firstY + i * LINE_HEIGHT)}" dy="0.35em">${escapeHtml(line)}</tspan>`,
    )
    .join('');
  const level = node.level ? ` data-level="${node.level}"` : '';
  const rect = `<rect x="${svgNumber(x0)}" y="${svgNumber(y0)}" width="${svgNumber(x1 - x0)}" height="${svgNumber(Math.max(1, y1 - y0))}" fill="${nodeFill(node)}"/>`;
  return `<g class="node node-${node.role}"${level}><title>${escapeHtml(node.label)}</title>${rect}<text>${text}</text></g>`;
}

function legendSvg(text: ChainSankeyText, top: number): string {
  const keys = [
    ...riskLevels.map((level) => [levelColours[level], text.levels[level]] as const),
    [NO_LEVEL, text.noAssessment] as const,
  ];
  const swatches = keys
    .map(
      ([colour, words], i) =>
        `<rect x="${6 + i * 125}" y="${top + 20}" width="12" height="12" fill="${colour}" stroke="#555" stroke-width="0.5"/><text x="${22 + i * 125}" y="${top + 30}">${escapeHtml(words)}</text>`,
    )
    .join('');
  const bands =
    `<rect class="band-traced" x="6" y="${top + 42}" width="24" height="10"/><text x="36" y="${top + 51}">${escapeHtml(text.tracedBand)}</text>` +
    `<rect class="band-gap" x="256" y="${top + 42}" width="24" height="10"/><text x="286" y="${top + 51}">${escapeHtml(text.gapBand)}</text>`;
  return `<text class="legend-heading" x="6" y="${top + 12}">${escapeHtml(text.levelHeading)}</text>${swatches}${bands}`;
}

/** The SVG element, sized by its viewBox: it scales to the width of its container. */
export function renderChainSankey(input: ChainSankeyInput, text: ChainSankeyText): string {
  const layout = chainSankeyLayout(input, text);
  const link = sankeyLinkHorizontal<NodeData, LinkData>();
  const byPath = new Map<number, LaidLink[]>();
  for (const laid of layout.links) byPath.set(laid.path, [...(byPath.get(laid.path) ?? []), laid]);
  const bands = input.paths
    .map((path, p) => {
      const segments = (byPath.get(p) ?? []).map(
        (laid) => `<path d="${link(laid) ?? ''}" stroke-width="${svgNumber(Math.max(0.5, laid.width ?? 0))}"/>`,
      );
      return `<g class="band ${path.gap ? 'band-gap' : 'band-traced'}" data-path="${p}" data-share="${path.share}"><title>${escapeHtml(path.label)}</title>${segments.join('')}</g>`;
    })
    .join('');
  const characters = labelWidths(layout.nodes);
  const nodes = layout.nodes.map((node) => nodeSvg(node, characters(node))).join('');
  const height = layout.height + 8 + LEGEND_HEIGHT;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chain-sankey" viewBox="0 0 ${layout.width} ${height}" role="img" aria-labelledby="chain-sankey-title">
<title id="chain-sankey-title">${escapeHtml(text.title)}</title>
<style>
.chain-sankey text { font: 12px "Helvetica Neue", Arial, sans-serif; fill: #111; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
/* A band is a stroke as wide as its share; a fill would shade the curve's chord as well. */
.chain-sankey .band path { fill: none; stroke-opacity: 0.45; }
.chain-sankey .band-traced path { stroke: #3b6ea5; }
.chain-sankey .band-gap path { stroke: #b02828; stroke-dasharray: 6 3; }
.chain-sankey rect.band-traced { fill: #3b6ea5; fill-opacity: 0.45; stroke: #3b6ea5; }
.chain-sankey rect.band-gap { fill: #b02828; fill-opacity: 0.45; }
.chain-sankey .node rect { stroke: #333; stroke-width: 0.6; }
.chain-sankey .node-unknown rect { stroke: #b02828; stroke-dasharray: 3 2; }
.chain-sankey .node-project text { font-weight: bold; }
.chain-sankey .legend-heading { font-weight: bold; }
</style>
<g class="bands">${bands}</g>
<g class="nodes">${nodes}</g>
<g class="legend">${legendSvg(text, layout.height + 8)}</g>
</svg>`;
}
