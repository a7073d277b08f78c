import type { ChainNodeRecord } from '../registry/records.js';
import { rank } from '../risk/vocabulary.js';
import type { RiskLevel } from '../shared/contract.generated.js';
import { renderChainSankey, type ChainSite } from './chainSankey.js';
import type { DueDiligenceRecord } from './dueDiligence.js';
import type { Words } from './i18n/language.js';
import { renderOriginMap } from './originMap.js';

/** The map and the Sankey diagram of a report, in the reader's language: shared by the page and the printable report. */

export function originMapSvg(report: DueDiligenceRecord, words: Words): string {
  const { text } = words;
  return renderOriginMap(
    {
      quarries: report.origins.quarries.map(({ quarry, share }) => ({
        name: quarry.name,
        country: quarry.country,
        location: quarry.location,
        share,
        label: text.origins.mapQuarry(quarry.name, quarry.region, words.country(quarry.country), words.percent(share)),
      })),
      gaps: report.gaps.map(({ node, share }) => ({
        name: node.name,
        country: node.country,
        share,
        label: text.origins.mapGap(
          node.name,
          text.nodeKinds[node.__typename],
          words.country(node.country),
          words.percent(share),
        ),
      })),
    },
    { ...text.origins.map, countryName: (code) => words.country(code) },
  );
}

/** The highest residual level at each node of the trace. */
function levelsAtNodes(report: DueDiligenceRecord): Map<string, RiskLevel> {
  const levels = new Map<string, RiskLevel>();
  for (const { node, risks } of report.sites) {
    if (!node) continue;
    for (const { residualLevel } of risks) {
      const current = levels.get(node.id);
      if (!current || rank(residualLevel) > rank(current)) levels.set(node.id, residualLevel);
    }
  }
  return levels;
}

export function chainSankeySvg(report: DueDiligenceRecord, words: Words): string {
  const { text } = words;
  const levels = levelsAtNodes(report);
  const site = (node: ChainNodeRecord): ChainSite => {
    const level = levels.get(node.id) ?? null;
    return {
      id: node.id,
      name: node.name,
      kind: node.__typename,
      level,
      label: text.chain.site(
        node.name,
        text.nodeKinds[node.__typename],
        words.country(node.country),
        level ? text.levels[level] : text.chain.sankey.noAssessment,
      ),
    };
  };
  return renderChainSankey(
    {
      project: report.project.name,
      paths: report.paths.map((path) => ({
        sites: path.nodes.map(site),
        share: path.share,
        gap: path.gap,
        label: `${[...(path.gap ? [text.chain.sankey.unknownOrigin] : []), ...path.nodes.map((node) => node.name), report.project.name].join(' → ')}: ${words.percent(path.share)}`,
      })),
    },
    { ...text.chain.sankey, levels: text.levels },
  );
}
