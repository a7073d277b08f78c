import type { DueDiligenceRecord } from './dueDiligence.js';
import { escape } from './html.js';
import type { Words } from './i18n/language.js';
import {
  chainSection,
  deliveriesSection,
  gapsSection,
  hasDeliveries,
  headerSection,
  htmlDocument,
  measuresSection,
  nothingDeliveredSection,
  originsSection,
  risksSection,
} from './sections.js';

/** Where the page's links lead: built by the route, which knows the URLs. */
export interface ProjectPageLinks {
  report: string;
  geojson: string;
  /** The same page in each other language. */
  otherLanguages: { href: string; language: string; name: string }[];
}

const link = (href: string, text: string, attributes = ''): string => `<a href="${escape(href)}"${attributes}>${escape(text)}</a>`;

/**
 * A project's page for a buyer at a laptop: the deliveries, the origins on a map, the chain as a
 * Sankey diagram, the risks per theme with why they apply, the measures and the gaps, and links to
 * the printable report and the origins as GeoJSON. Plain HTML with inline SVG: it needs no script,
 * loads nothing, and prints as it is.
 */
export function renderProjectPage(report: DueDiligenceRecord, words: Words, links: ProjectPageLinks): string {
  const { text } = words;
  const nav = `<nav>${[
    link(links.report, text.page.links.report),
    link(links.geojson, text.page.links.geojson, ' type="application/geo+json" download'),
    ...links.otherLanguages.map(({ href, language, name }) => link(href, name, ` hreflang="${escape(language)}" lang="${escape(language)}"`)),
  ].join(' · ')}</nav>\n`;
  const body = hasDeliveries(report)
    ? `${deliveriesSection(report, words)}
${originsSection(report, words, false)}
${chainSection(report, words, false)}
${risksSection(report, words, false)}
${measuresSection(report, words)}
${gapsSection(report, words, 'h2')}`
    : nothingDeliveredSection(words);
  const shareLinks = `<section class="share-links" id="share-links">
<h2>${escape(text.page.shareLinks.heading)}</h2>
<p>${escape(text.page.shareLinks.none)}</p>
</section>`;
  const title = text.pageTitle(report.project.name);
  return htmlDocument(
    words,
    title,
    `${headerSection(report, words, title, nav)}\n${body}\n${shareLinks}`,
    `
@media screen {
  body { max-width: 1100px; font-size: 11pt; }
  nav { margin: 2mm 0 0; font-size: 11pt; }
}`,
  );
}
