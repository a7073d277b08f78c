import type { DueDiligencePageRecord } from './dueDiligence.js';
import type { Words } from './i18n/language.js';
import {
  chainSection,
  complaintsSection,
  deliveriesSection,
  footer,
  gapsSection,
  hasDeliveries,
  headerSection,
  htmlDocument,
  measuresSection,
  nothingDeliveredSection,
  originMismatchSection,
  originsSection,
  risksSection,
} from './sections.js';

/**
 * The due-diligence report as one self-contained HTML document (no scripts, no external assets) that a
 * buyer prints to PDF for a tender file. After the deliveries it answers the buyer's three questions
 * in order: where the stone comes from, which risks attach to it (with the complaints admitted about
 * sites of the chain), and what the suppliers do about them. A project without deliveries gets a report that says so and claims nothing else.
 */
export function renderProjectReport(report: DueDiligencePageRecord, words: Words): string {
  const title = words.text.reportTitle(report.project.name);
  const body = hasDeliveries(report)
    ? `${originMismatchSection(report, words)}${deliveriesSection(report, words)}
${originsSection(report, words, true)}
${chainSection(report, words, true)}
${gapsSection(report, words, 'h3')}
${risksSection(report, words, true)}
${complaintsSection(report, words)}${measuresSection(report, words)}
${footer(words)}`
    : nothingDeliveredSection(words);
  return htmlDocument(words, title, `${headerSection(report, words, title)}\n${body}`);
}
