import type { DueDiligencePageRecord } from './dueDiligence.js';
import { escapeHtml } from '../shared/html.js';
import { markup } from './html.js';
import type { Words } from './i18n/language.js';
import {
  chainSection,
  complaintsSection,
  deliveriesSection,
  gapsSection,
  hasDeliveries,
  headerSection,
  htmlDocument,
  measuresSection,
  nothingDeliveredSection,
  originMismatchSection,
  originsSection,
  risksSection,
  table,
} from './sections.js';

/** A share link as the project page lists it; the address itself is never stored, so never shown. */
export interface ShareLinkView {
  id: string;
  createdAt: string;
  expiresOn: string;
  revokedAt: string | null;
  status: 'ACTIVE' | 'EXPIRED' | 'REVOKED';
}

/** The newest of a project's share links, and how many it has in all. */
export interface ShareLinkList {
  nodes: ShareLinkView[];
  totalCount: number;
}

/** Where the page's links lead: built by the route, which knows the URLs. */
export interface ProjectPageLinks {
  report: string;
  geojson: string;
  /** The same page in each other language. */
  otherLanguages: { href: string; language: string; name: string }[];
}

function linkStatus(words: Words, link: ShareLinkView): string {
  const { shareLinks } = words.text.page;
  if (link.status === 'REVOKED') return shareLinks.revokedOn(words.shortDate(link.revokedAt ?? link.expiresOn));
  return link.status === 'ACTIVE' ? shareLinks.active : shareLinks.expired;
}

/** The buyer's share links of the project: which still open the report, and how to make or revoke one. */
function shareLinksSection(list: ShareLinkList, words: Words): string {
  const { shareLinks } = words.text.page;
  const { columns } = shareLinks;
  const rows = list.nodes.map((link) => [
    markup(`<code>${escapeHtml(link.id)}</code>`),
    words.shortDate(link.createdAt),
    words.shortDate(link.expiresOn),
    markup(`<span class="link-${link.status.toLowerCase()}">${escapeHtml(linkStatus(words, link))}</span>`),
  ]);
  const more = list.totalCount - list.nodes.length;
  return `<section class="share-links" id="share-links">
<h2>${escapeHtml(shareLinks.heading)}</h2>
${table([columns.id, columns.created, columns.expiresOn, columns.status], rows, shareLinks.none)}
${more > 0 ? `<p>${escapeHtml(shareLinks.more(more))}</p>\n` : ''}<p class="hint">${escapeHtml(shareLinks.howTo)}</p>
</section>`;
}

const link = (href: string, text: string, attributes = ''): string =>
  `<a href="${escapeHtml(href)}"${attributes}>${escapeHtml(text)}</a>`;

/**
 * A project's page for a buyer at a laptop: the deliveries, the origins on a map, the chain as a
 * Sankey diagram, the risks per theme with why they apply, the complaints admitted about sites of
 * the chain, the measures and the gaps, and links to
 * the printable report and the origins as GeoJSON; for the project's buyer (and ADMIN), its share
 * links (`shareLinks`, null for anyone else). Plain HTML with inline SVG: it needs no script,
 * loads nothing, and prints as it is.
 */
export function renderProjectPage(
  report: DueDiligencePageRecord,
  words: Words,
  links: ProjectPageLinks,
  shareLinks: ShareLinkList | null,
): string {
  const { text } = words;
  const nav = `<nav>${[
    link(links.report, text.page.links.report),
    link(links.geojson, text.page.links.geojson, ' type="application/geo+json" download'),
    ...links.otherLanguages.map(({ href, language, name }) =>
      link(href, name, ` hreflang="${escapeHtml(language)}" lang="${escapeHtml(language)}"`),
    ),
  ].join(' · ')}</nav>\n`;
  const body = hasDeliveries(report)
    ? `${originMismatchSection(report, words)}${deliveriesSection(report, words)}
${originsSection(report, words, false)}
${chainSection(report, words, false)}
${risksSection(report, words, false)}
${complaintsSection(report, words)}${measuresSection(report, words)}
${gapsSection(report, words, 'h2')}`
    : nothingDeliveredSection(words);
  const title = text.pageTitle(report.project.name);
  return htmlDocument(
    words,
    title,
    `${headerSection(report, words, title, nav)}\n${body}${shareLinks ? `\n${shareLinksSection(shareLinks, words)}` : ''}`,
    `
@media screen {
  body { max-width: 1100px; font-size: 11pt; }
  nav { margin: 2mm 0 0; font-size: 11pt; }
}
.share-links .link-active { color: #1d5e2f; font-weight: 600; }
.share-links .hint { color: #555; }`,
  );
}
