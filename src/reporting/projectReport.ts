import type { ChainNodeRecord, SupplyLinkRecord } from '../registry/records.js';
import type { ThemeRiskSummaryRecord } from '../risk/exposure.js';
import type { ActionPlanRecord, CertificateRecord, RiskAssessmentRecord } from '../risk/records.js';
import type { ActionPlanStatus, CertificateScheme, RiskLevel, RiskTheme } from '../shared/contract.generated.js';
import type { DueDiligenceRecord } from './dueDiligence.js';

/**
 * The due-diligence report as one self-contained HTML document (no scripts, no external assets) that a
 * buyer prints to PDF for a tender file. It answers the buyer's three questions in order: where the
 * stone comes from, which risks attach to it, and what the suppliers do about them.
 */

/** Markup built here from escaped parts; a plain string handed to `table` is text and gets escaped. */
interface Html {
  readonly html: string;
}
type Cell = string | Html;

const markup = (html: string): Html => ({ html });

const escape = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

const cellHtml = (cell: Cell): string => (typeof cell === 'string' ? escape(cell) : cell.html);

function table(headers: string[], rows: Cell[][], empty: string): string {
  if (rows.length === 0) return `<p>${escape(empty)}</p>`;
  const head = headers.map((header) => `<th scope="col">${escape(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${cellHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

const NONE = '—';

/** Citations often hold long URLs: they alone may break anywhere, so they never widen the page. */
const citation = (text: string): Html => markup(`<span class="citation">${escape(text)}</span>`);

const percent = (share: number): string => `${(share * 100).toFixed(1)}\u00a0%`;

const themeLabels: Record<RiskTheme, string> = {
  DISCRIMINATION_GENDER: 'Discrimination & gender',
  CHILD_LABOUR: 'Child labour',
  FORCED_LABOUR: 'Forced labour',
  LIVING_WAGE: 'Living wage',
  FREEDOM_OF_ASSOCIATION: 'Freedom of association',
  HEALTH_SAFETY: 'Health & safety',
  LAND_RIGHTS: 'Land rights',
  ENVIRONMENT: 'Environment',
  UNKNOWN_ORIGIN: 'Unknown origin',
};
const themes = (list: RiskTheme[]): string => list.map((theme) => themeLabels[theme]).join(', ');

const levelLabels: Record<RiskLevel, string> = { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High', SEVERE: 'Severe' };
const levelHtml = (level: RiskLevel): string =>
  `<span class="level level-${escape(level.toLowerCase())}">${escape(levelLabels[level])}</span>`;

const planStatusLabels: Record<ActionPlanStatus, string> = { PLANNED: 'Planned', IN_PROGRESS: 'In progress', DONE: 'Done' };
const schemeLabels: Record<CertificateScheme, string> = { FAIR_STONE: 'Fair Stone', XERTIFIX: 'XertifiX', IGEP: 'IGEP', OTHER: 'Other' };

const flag = (text: string): string => `<strong class="flag">${escape(text)}</strong>`;

const nodeName = (node: ChainNodeRecord | null): string => node?.name ?? NONE;
const linkName = (link: SupplyLinkRecord | null): string =>
  link ? `${link.supplier.name} → ${link.customer.name} (${link.stoneType})` : NONE;
/** A site, else a link: where a risk, plan or certificate sits. */
const where = (node: ChainNodeRecord | null, link: SupplyLinkRecord | null): string => (node ? node.name : linkName(link));

function headerSection({ project, generatedAt, referenceDate, dataVersion }: DueDiligenceRecord): string {
  const facts: [string, string][] = [
    ['Project kind', project.kind],
    ['City', project.city],
    ['Country', project.country],
    ['Buyer', project.buyer.name],
  ];
  return `<header>
<h1>Due-diligence report: ${escape(project.name)}</h1>
<dl>${facts.map(([term, value]) => `<dt>${escape(term)}</dt><dd>${escape(value)}</dd>`).join('')}</dl>
<p class="meta">Made on ${escape(generatedAt)} (reference date ${escape(referenceDate)}) from data version ${escape(dataVersion)}</p>
</header>`;
}

const untraced = 'No stone is traced back to a quarry.';

function originsSection({ origins }: DueDiligenceRecord): string {
  return `<section>
<h2>1. Where the stone comes from</h2>
<p class="lead">${escape(percent(origins.tracedShare))} traced back to a quarry</p>
<h3>Countries</h3>
${table(['Country', 'Share'], origins.countries.map((c) => [c.country, percent(c.share)]), untraced)}
<h3>Quarry areas</h3>
${table(['Country', 'Region', 'Share'], origins.areas.map((a) => [a.country, a.region, percent(a.share)]), untraced)}
<h3>Quarries</h3>
${table(
  ['Quarry', 'Country', 'Region', 'Share'],
  origins.quarries.map(({ quarry, share }) => [quarry.name, quarry.country, quarry.region, percent(share)]),
  untraced,
)}
</section>`;
}

function chainSection({ trace, gaps }: DueDiligenceRecord): string {
  const pathRows = trace.origins.flatMap(({ paths }) =>
    paths.map(({ nodes, share }) => [nodes.map((node, i) => (i === 0 ? `${node.name} (${node.country})` : node.name)).join(' → '), percent(share)]),
  );
  return `<section>
<h2>The chain</h2>
<p>One row per path from a quarry to the importer that delivered, with the share of the delivered mass along it.</p>
${table(['Path (quarry → importer)', 'Share'], pathRows, untraced)}
<h3>Gaps (unknown origin)</h3>
${table(
  ['Where tracing stops', 'Kind', 'Stone type', 'Share'],
  gaps.map(({ node, stoneType, share }) => [node.name, node.__typename, stoneType, percent(share)]),
  'No gaps: every tonne is traced back to a quarry.',
)}
</section>`;
}

function assessmentTarget(assessment: RiskAssessmentRecord): string {
  switch (assessment.targetKind) {
    case 'COUNTRY':
      return `Country: ${assessment.country ?? NONE}`;
    case 'QUARRY_AREA':
      return `Quarry area: ${assessment.region ?? NONE}, ${assessment.country ?? NONE}`;
    case 'SITE':
      return `Site: ${nodeName(assessment.site)}`;
    case 'LINK':
      return `Link: ${linkName(assessment.link)}`;
  }
}

const evidenceRow = (assessment: RiskAssessmentRecord): Cell[] => [
  themeLabels[assessment.theme],
  markup(
    `${levelHtml(assessment.level)} <span class="detail">(severity ${escape(levelLabels[assessment.severity])}, likelihood ${escape(levelLabels[assessment.likelihood])})</span>`,
  ),
  assessmentTarget(assessment),
  assessment.description,
  citation(assessment.source),
  assessment.assessedOn,
];

const summaryRow = (summary: ThemeRiskSummaryRecord): Cell[] => [
  themeLabels[summary.theme],
  markup(levelHtml(summary.highestResidualLevel)),
  summary.locations.map((location) => where(location.node, location.link)).join('; '),
  percent(summary.share),
];

function risksSection({ risks }: DueDiligenceRecord): string {
  return `<section>
<h2>2. Which risks attach to it</h2>
${table(['Theme', 'Highest residual level', 'Where', 'Share of mass'], risks.map(summaryRow), 'No risks are recorded on this chain.')}
<h3>Evidence</h3>
${table(
  ['Theme', 'Level', 'Basis / target', 'Description', 'Source', 'Assessed on'],
  risks.flatMap((summary) => summary.evidence.map(evidenceRow)),
  'No risk assessments recorded.',
)}
</section>`;
}

const planRow = (plan: ActionPlanRecord): Cell[] => [
  plan.company?.name ?? 'another company',
  themes(plan.themes),
  where(plan.site, plan.link),
  plan.description,
  planStatusLabels[plan.status],
  plan.overdue ? markup(`${escape(plan.dueDate ?? NONE)} ${flag('overdue')}`) : (plan.dueDate ?? NONE),
  plan.collective ? 'yes' : 'no',
  plan.evidence === null ? NONE : citation(plan.evidence),
];

function certificateScope(certificate: CertificateRecord): string {
  switch (certificate.scope) {
    case 'SITE':
      return `Site: ${nodeName(certificate.site)}`;
    case 'LINK':
      return `Link: ${linkName(certificate.link)}`;
    case 'DELIVERY':
      return `Delivery: ${certificate.delivery ? `${certificate.delivery.deliveredOn}, ${certificate.delivery.stoneType}` : NONE}`;
  }
}

function certificateState({ status, daysToExpiry }: CertificateRecord): Cell {
  switch (status) {
    case 'VALID':
      return 'valid';
    case 'NOT_YET_VALID':
      return 'not yet valid';
    case 'EXPIRED':
      return markup(flag('expired'));
    case 'EXPIRING_SOON':
      return markup(flag(`⚠ Expiring: ${daysToExpiry === 0 ? 'expires today' : `expires in ${daysToExpiry} day${daysToExpiry === 1 ? '' : 's'}`}`));
  }
}

const certificateRow = (certificate: CertificateRecord): Cell[] => [
  schemeLabels[certificate.scheme],
  certificate.holder?.name ?? NONE,
  certificateScope(certificate),
  `${certificate.validFrom} – ${certificate.validTo}`,
  themes(certificate.themes),
  certificate.reference,
  certificateState(certificate),
];

function measuresSection({ measures }: DueDiligenceRecord): string {
  return `<section>
<h2>3. What the suppliers do</h2>
<h3>Action plans</h3>
${table(
  ['Company', 'Themes', 'Where', 'Description', 'Status', 'Due', 'Collective', 'Evidence'],
  measures.actionPlans.map(planRow),
  'No action plans recorded.',
)}
<h3>Certificates</h3>
${table(
  ['Scheme', 'Holder', 'Scope', 'Valid', 'Themes', 'Reference', 'Status'],
  measures.certificates.map(certificateRow),
  'No certificates recorded.',
)}
</section>`;
}

const footer = `<footer>
<p>Residual level: one step lower where a completed action plan or a valid certificate covers the theme at that site or link.
Shares are fractions of the project's delivered mass.</p>
</footer>`;

const style = `<style>
body { margin: 0 auto; max-width: 190mm; padding: 8mm; color: #000; background: #fff; font: 10pt/1.4 "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 16pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 1px solid #000; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm; margin: 0 0 2mm; }
dt { font-weight: bold; }
dd { margin: 0; }
.meta, .detail { color: #333; font-size: 9pt; }
.lead { font-size: 11pt; font-weight: bold; }
table { width: 100%; border-collapse: collapse; margin: 0 0 3mm; }
th, td { border: 1px solid #000; padding: 1mm 1.5mm; text-align: left; vertical-align: top; overflow-wrap: break-word; }
.citation { overflow-wrap: anywhere; }
th { background: #eee; }
.level { padding: 0 1mm; font-weight: bold; }
.level-low { background: #e6f4e6; }
.level-medium { background: #fff4cc; }
.level-high { background: #ffe0c2; }
.level-severe { background: #f9cccc; }
.flag { white-space: nowrap; }
footer { margin-top: 8mm; border-top: 1px solid #000; font-size: 9pt; }
@media print {
  @page { size: A4; margin: 15mm 12mm; }
  body { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
}
</style>`;

export function renderProjectReport(report: DueDiligenceRecord): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Due-diligence report: ${escape(report.project.name)}</title>
${style}
</head>
<body>
${headerSection(report)}
${originsSection(report)}
${chainSection(report)}
${risksSection(report)}
${measuresSection(report)}
${footer}
</body>
</html>
`;
}
