import type { ChainNodeRecord, SupplyLinkRecord } from '../registry/records.js';
import type { RiskLocationRecord, RiskRecord, ThemeRiskSummaryRecord } from '../risk/exposure.js';
import type { ActionPlanRecord, CertificateRecord, RiskAssessmentRecord } from '../risk/records.js';
import type { RiskLevel, RiskTheme } from '../shared/contract.generated.js';
import type { DueDiligencePageRecord, DueDiligenceRecord } from './dueDiligence.js';
import { chainSankeySvg, originMapSvg } from './figures.js';
import { escapeHtml } from '../shared/html.js';
import { cellHtml, markup, type Cell, type Html } from './html.js';
import type { Words } from './i18n/language.js';

/**
 * The sections the project page and the printable report are made of, each a function of the
 * report and the reader's words. User-written text is escaped; the documents carry no script and
 * load nothing, so a page can be saved or printed as it is.
 */

const NONE = '—';

export function table(headers: string[], rows: Cell[][], empty: string): string {
  if (rows.length === 0) return `<p>${escapeHtml(empty)}</p>`;
  const head = headers.map((header) => `<th scope="col">${escapeHtml(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${cellHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** Citations often hold long URLs: they alone may break anywhere, so they never widen the page. */
const citation = (text: string): Html => markup(`<span class="citation">${escapeHtml(text)}</span>`);
const flag = (text: string): string => `<strong class="flag">${escapeHtml(text)}</strong>`;
const list = (items: string[]): Html =>
  markup(items.length === 0 ? NONE : `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`);

const levelHtml = (words: Words, level: RiskLevel): string =>
  `<span class="level level-${escapeHtml(level.toLowerCase())}">${escapeHtml(words.text.levels[level])}</span>`;
const themes = (words: Words, list: RiskTheme[]): string => list.map((theme) => words.text.themes[theme]).join(', ');

const nodeName = (node: ChainNodeRecord | null): string => node?.name ?? NONE;
const linkName = (words: Words, link: SupplyLinkRecord | null): string =>
  link ? `${link.supplier.name} → ${link.customer.name} (${words.stoneType(link.stoneType)})` : NONE;
/** A site, else a link: where a risk, plan or certificate sits. */
const where = (words: Words, node: ChainNodeRecord | null, link: SupplyLinkRecord | null): string =>
  node ? node.name : linkName(words, link);

/** A risk's location: a site, a link, or a delivery (by its day and stone type). */
const locationName = (words: Words, location: RiskLocationRecord): string =>
  location.delivery
    ? `${words.text.targets.DELIVERY}: ${words.shortDate(location.delivery.deliveredOn)}, ${words.stoneType(location.delivery.stoneType)}`
    : where(words, location.node, location.link);

export const hasDeliveries = (report: DueDiligenceRecord): boolean => report.deliveries.length > 0;

/**
 * The deliveries whose declared origin the trace contradicts, first thing after the header: it
 * may be origin fraud, which the buyer must take up before anything else. Nothing when there are none.
 */
export function originMismatchSection({ originMismatches }: DueDiligenceRecord, words: Words): string {
  if (originMismatches.length === 0) return '';
  const m = words.text.originMismatches;
  const rows = originMismatches.map((mismatch): Cell[] => [
    m.delivery(
      words.shortDate(mismatch.delivery.deliveredOn),
      words.stoneType(mismatch.delivery.stoneType),
      words.tonnes(mismatch.delivery.massTonnes),
      mismatch.delivery.importer.name,
    ),
    m.declared(words.country(mismatch.declaredCountry), mismatch.declaredArea),
    list(
      (mismatch.declaredArea === null
        ? mismatch.tracedCountries.map(({ country, share }) => m.tracedTo(words.country(country), words.percent(share)))
        : mismatch.tracedAreas.map(({ country, region, share }) =>
            m.tracedTo(m.declared(words.country(country), region), words.percent(share)),
          )
      ).map(escapeHtml),
    ),
    markup(flag(words.percent(mismatch.share))),
    words.percent(mismatch.untracedShare),
  ]);
  return `<section class="origin-mismatches" id="origin-mismatches">
<h2>${escapeHtml(m.heading)}</h2>
<p class="lead">${escapeHtml(m.intro)}</p>
${table([m.columns.delivery, m.columns.declared, m.columns.traced, m.columns.elsewhere, m.columns.untraced], rows, '')}
<p class="detail">${escapeHtml(m.limits)}</p>
</section>
`;
}

export function headerSection(report: DueDiligenceRecord, words: Words, title: string, after = ''): string {
  const { project, generatedAt, referenceDate, dataVersion } = report;
  const { facts } = words.text;
  const rows: [string, string][] = [
    [facts.kind, words.projectKind(project.kind)],
    [facts.city, project.city],
    [facts.country, words.country(project.country)],
    [facts.buyer, project.buyer.name],
  ];
  return `<header>
<h1>${escapeHtml(title)}</h1>
<dl>${rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>
<p class="meta">${escapeHtml(words.text.madeOn(words.dateTime(generatedAt), words.date(referenceDate), dataVersion))}</p>
${after}</header>`;
}

export function nothingDeliveredSection(words: Words): string {
  const { heading, text } = words.text.nothingDelivered;
  return `<section class="nothing-delivered">
<h2>${escapeHtml(heading)}</h2>
<p class="lead">${escapeHtml(text)}</p>
</section>`;
}

export function deliveriesSection({ deliveries }: DueDiligenceRecord, words: Words): string {
  const { heading, summary, columns } = words.text.deliveries;
  const total = deliveries.reduce((sum, delivery) => sum + delivery.massTonnes, 0);
  return `<section class="deliveries">
<h2>${escapeHtml(heading)}</h2>
<p>${escapeHtml(summary(deliveries.length, words.tonnes(total)))}</p>
${table(
  [columns.deliveredOn, columns.stoneType, columns.quantity, columns.mass, columns.importer],
  deliveries.map((delivery) => [
    words.shortDate(delivery.deliveredOn),
    words.stoneType(delivery.stoneType),
    words.quantity(delivery.quantity, delivery.unit),
    words.tonnes(delivery.massTonnes),
    delivery.importer.name,
  ]),
  '',
)}
</section>`;
}

const figure = (kind: string, svg: string, caption: string): string =>
  `<figure class="${kind}">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;

function tracedLead(report: DueDiligenceRecord, words: Words): string {
  const { origins } = words.text;
  const untraced = 1 - report.origins.tracedShare;
  return `<p class="lead">${escapeHtml(origins.traced(words.percent(report.origins.tracedShare)))}${
    report.gaps.length > 0 ? ` ${escapeHtml(origins.untracedRest(words.percent(untraced)))}` : ''
  }</p>`;
}

/** The origins: the traced share and the map; with `tables`, the shares per country, area and quarry too. */
export function originsSection(report: DueDiligenceRecord, words: Words, tables: boolean): string {
  const { origins } = words.text;
  const { columns } = origins;
  const detail = tables
    ? `<h3>${escapeHtml(origins.countries)}</h3>
${table(
  [columns.country, columns.share],
  report.origins.countries.map((c) => [words.country(c.country), words.percent(c.share)]),
  NONE,
)}
<h3>${escapeHtml(origins.areas)}</h3>
${table(
  [columns.country, columns.region, columns.share],
  report.origins.areas.map((a) => [words.country(a.country), a.region, words.percent(a.share)]),
  NONE,
)}
<h3>${escapeHtml(origins.quarries)}</h3>
${table(
  [columns.quarry, columns.country, columns.region, columns.share],
  report.origins.quarries.map(({ quarry, share }) => [
    quarry.name,
    words.country(quarry.country),
    quarry.region,
    words.percent(share),
  ]),
  NONE,
)}`
    : '';
  return `<section class="origins">
<h2>${escapeHtml(origins.heading)}</h2>
${tracedLead(report, words)}
${figure('map', originMapSvg(report, words), origins.map.title)}
${detail}
</section>`;
}

/** The chain: the Sankey diagram; with `pathTable`, one row per path as well. */
export function chainSection(report: DueDiligenceRecord, words: Words, pathTable: boolean): string {
  const { chain } = words.text;
  const paths = pathTable
    ? `<h3>${escapeHtml(chain.pathsHeading)}</h3>
${table(
  [chain.pathColumns.path, chain.pathColumns.share],
  report.paths
    .filter((path) => !path.gap)
    .map(({ nodes, share }) => [
      nodes.map((node, i) => (i === 0 ? `${node.name} (${words.country(node.country)})` : node.name)).join(' → '),
      words.percent(share),
    ]),
  NONE,
)}`
    : '';
  return `<section class="chain">
<h2>${escapeHtml(chain.heading)}</h2>
<p>${escapeHtml(chain.intro)}</p>
${figure('sankey', chainSankeySvg(report, words), chain.sankey.title)}
${paths}
</section>`;
}

export function gapsSection({ gaps }: DueDiligenceRecord, words: Words, heading: 'h2' | 'h3'): string {
  const { chain } = words.text;
  return `<section class="gaps">
<${heading}>${escapeHtml(chain.gapsHeading)}</${heading}>
${table(
  [chain.gapColumns.node, chain.gapColumns.kind, chain.gapColumns.stoneType, chain.gapColumns.share],
  gaps.map(({ node, stoneType, share }) => [
    node.name,
    words.text.nodeKinds[node.__typename],
    words.stoneType(stoneType),
    words.percent(share),
  ]),
  chain.noGaps,
)}
</section>`;
}

function assessmentTarget(words: Words, assessment: RiskAssessmentRecord): string {
  const { targets } = words.text;
  switch (assessment.targetKind) {
    case 'COUNTRY':
      return `${targets.COUNTRY}: ${assessment.country ? words.country(assessment.country) : NONE}`;
    case 'QUARRY_AREA':
      return `${targets.QUARRY_AREA}: ${assessment.region ?? NONE}, ${assessment.country ? words.country(assessment.country) : NONE}`;
    case 'SITE':
      return `${targets.SITE}: ${nodeName(assessment.site)}`;
    case 'LINK':
      return `${targets.LINK}: ${linkName(words, assessment.link)}`;
  }
}

const riskOf = (location: RiskLocationRecord, theme: RiskTheme): RiskRecord | undefined =>
  location.risks.find((risk) => risk.theme === theme);

/**
 * Why a theme's highest level applies: the descriptions of the assessments that set it, each with
 * what it is about; for a gap, where tracing stops; for an admitted complaint, where; for an
 * unknown origin beside a complete trace, that the risk is origin fraud, not a gap.
 */
function whyItApplies(summary: ThemeRiskSummaryRecord, words: Words): Html {
  const { risks } = words.text;
  const atHighest = summary.locations.flatMap((location) => {
    const risk = riskOf(location, summary.theme);
    return risk ? [{ location, risk }] : [];
  });
  const reasons: string[] = [];
  const declared = atHighest.filter(({ risk }) => risk.basis === 'DECLARED_ORIGIN');
  if (declared.length > 0)
    reasons.push(
      escapeHtml(risks.declaredOriginReason(declared.map(({ location }) => locationName(words, location)).join(', '))),
    );
  const gaps = atHighest.filter(({ risk }) => risk.gapShare !== null);
  if (gaps.length > 0) {
    const gapShare = gaps.reduce((sum, { risk }) => sum + (risk.gapShare ?? 0), 0);
    reasons.push(
      escapeHtml(
        risks.gapReason(gaps.map(({ location }) => locationName(words, location)).join(', '), words.percent(gapShare)),
      ),
    );
  }
  const complained = atHighest.filter(({ risk }) => risk.basis === 'COMPLAINT');
  if (complained.length > 0)
    reasons.push(
      escapeHtml(
        risks.complaintReason(complained.map(({ location }) => where(words, location.node, location.link)).join(', ')),
      ),
    );
  if (
    summary.theme === 'UNKNOWN_ORIGIN' &&
    atHighest.some(({ risk }) => risk.gapShare === null && risk.basis !== 'DECLARED_ORIGIN')
  )
    reasons.push(escapeHtml(risks.originFraud));
  const assessments = new Map(
    atHighest.flatMap(({ risk }) => (risk.assessment ? [[risk.assessment.id, risk.assessment] as const] : [])),
  );
  const described = new Map<string, RiskAssessmentRecord>();
  for (const assessment of assessments.values())
    if (!described.has(assessment.description)) described.set(assessment.description, assessment);
  for (const assessment of described.values()) {
    reasons.push(
      `<span class="detail">${escapeHtml(assessmentTarget(words, assessment))}:</span> ${escapeHtml(assessment.description)}`,
    );
  }
  return list(reasons);
}

const summaryRow =
  (words: Words) =>
  (summary: ThemeRiskSummaryRecord): Cell[] => [
    words.text.themes[summary.theme],
    markup(levelHtml(words, summary.highestResidualLevel)),
    summary.locations.map((location) => locationName(words, location)).join('; '),
    words.percent(summary.share),
    whyItApplies(summary, words),
  ];

function riskSummary({ risks }: DueDiligenceRecord, words: Words): string {
  const { columns, none } = words.text.risks;
  return table(
    [columns.theme, columns.level, columns.where, columns.share, columns.why],
    risks.map(summaryRow(words)),
    none,
  );
}

function riskLine(words: Words, risk: RiskRecord): string {
  const { risks, themes, bases } = words.text;
  const lowered = [
    ...(risk.actionPlans.some((plan) => plan.status === 'DONE') ? [risks.loweredBy.plan] : []),
    ...(risk.certificates.length > 0 ? [risks.loweredBy.certificate] : []),
  ];
  const because = risk.residualLevel !== risk.level && lowered.length > 0 ? `; ${lowered.join(', ')}` : '';
  const [theme, level, residual] = ['\u0000theme', '\u0000level', '\u0000residual'];
  // The catalogue orders the parts; the levels are coloured markup, so they are put in after escaping.
  return escapeHtml(risks.levelToResidual(theme, level, residual))
    .replace(theme, escapeHtml(themes[risk.theme]))
    .replace(level, levelHtml(words, risk.level))
    .replace(residual, levelHtml(words, risk.residualLevel))
    .concat(` <span class="detail">(${escapeHtml(bases[risk.basis])}${escapeHtml(because)})</span>`);
}

/** Every site and link with a risk, and each risk's level and residual level. */
function sitesSection({ sites }: DueDiligenceRecord, words: Words): string {
  const { risks } = words.text;
  const rows = sites
    .filter((location) => location.risks.length > 0)
    .map((location): Cell[] => [
      location.node
        ? `${location.node.name} (${words.text.nodeKinds[location.node.__typename]}, ${words.country(location.node.country)})`
        : locationName(words, location),
      words.percent(location.share),
      list(location.risks.map((risk) => riskLine(words, risk))),
    ]);
  return `<h3>${escapeHtml(risks.sitesHeading)}</h3>
<p>${escapeHtml(risks.sitesIntro)}</p>
${table([risks.siteColumns.site, risks.siteColumns.share, risks.siteColumns.risks], rows, risks.noSiteRisks)}`;
}

const evidenceRow =
  (words: Words) =>
  (assessment: RiskAssessmentRecord): Cell[] => [
    words.text.themes[assessment.theme],
    markup(
      `${levelHtml(words, assessment.level)} <span class="detail">${escapeHtml(
        words.text.risks.severityLikelihood(
          words.text.levels[assessment.severity],
          words.text.levels[assessment.likelihood],
        ),
      )}</span>`,
    ),
    assessmentTarget(words, assessment),
    assessment.description,
    citation(assessment.source),
    words.shortDate(assessment.assessedOn),
  ];

function evidenceSection({ risks }: DueDiligenceRecord, words: Words): string {
  const { evidenceHeading, evidenceColumns: c, noEvidence } = words.text.risks;
  return `<h3>${escapeHtml(evidenceHeading)}</h3>
${table(
  [c.theme, c.level, c.target, c.description, c.source, c.assessedOn],
  risks.flatMap((summary) => summary.evidence.map(evidenceRow(words))),
  noEvidence,
)}`;
}

/** The per-theme summary, each theme with why it applies; with `detail`, the risks at each site and the evidence too. */
export function risksSection(report: DueDiligenceRecord, words: Words, detail: boolean): string {
  return `<section class="risks">
<h2>${escapeHtml(words.text.risks.heading)}</h2>
${riskSummary(report, words)}
${detail ? `${sitesSection(report, words)}\n${evidenceSection(report, words)}` : ''}
</section>`;
}

const planRow =
  (words: Words) =>
  (plan: ActionPlanRecord): Cell[] => [
    plan.company?.name ?? words.text.anotherCompany,
    themes(words, plan.themes),
    where(words, plan.site, plan.link),
    plan.description,
    words.text.planStatuses[plan.status],
    plan.dueDate === null
      ? NONE
      : plan.overdue
        ? markup(`${escapeHtml(words.shortDate(plan.dueDate))} ${flag(words.text.measures.overdue)}`)
        : words.shortDate(plan.dueDate),
    plan.collective ? words.text.yes : words.text.no,
    plan.evidence === null ? NONE : citation(plan.evidence),
  ];

function certificateScope(words: Words, certificate: CertificateRecord): string {
  const { targets } = words.text;
  switch (certificate.scope) {
    case 'SITE':
      return `${targets.SITE}: ${nodeName(certificate.site)}`;
    case 'LINK':
      return `${targets.LINK}: ${linkName(words, certificate.link)}`;
    case 'DELIVERY':
      return `${targets.DELIVERY}: ${certificate.delivery ? `${words.shortDate(certificate.delivery.deliveredOn)}, ${words.stoneType(certificate.delivery.stoneType)}` : NONE}`;
  }
}

function certificateState(words: Words, { status, daysToExpiry }: CertificateRecord): Cell {
  switch (status) {
    case 'VALID':
    case 'NOT_YET_VALID':
      return words.text.certificateStatuses[status];
    case 'EXPIRED':
      return markup(flag(words.text.certificateStatuses.EXPIRED));
    case 'EXPIRING_SOON':
      return markup(flag(words.text.expiresIn(daysToExpiry)));
  }
}

const certificateRow =
  (words: Words) =>
  (certificate: CertificateRecord): Cell[] => [
    (words.text.certificateSchemes as Record<string, string>)[certificate.scheme] ?? certificate.scheme,
    certificate.holder?.name ?? NONE,
    certificateScope(words, certificate),
    `${words.shortDate(certificate.validFrom)} – ${words.shortDate(certificate.validTo)}`,
    themes(words, certificate.themes),
    certificate.reference,
    certificateState(words, certificate),
  ];

/** The complaints admitted about sites of the chain, when there are any: a project without says nothing of them. */
export function complaintsSection({ complaints }: DueDiligencePageRecord, words: Words): string {
  if (complaints.length === 0) return '';
  const c = words.text.complaints;
  const rows = complaints.map((complaint): Cell[] => [
    markup(`<code>${escapeHtml(complaint.reference)}</code>`),
    themes(words, complaint.themes),
    complaint.site
      ? `${complaint.site.name} (${words.text.nodeKinds[complaint.site.__typename]}, ${words.country(complaint.site.country)})`
      : c.unknown,
    c.statuses[complaint.status],
    complaint.share === null ? c.unknown : words.percent(complaint.share),
  ]);
  return `<section class="complaints" id="complaints">
<h2>${escapeHtml(c.heading)}</h2>
<p>${escapeHtml(c.intro)}</p>
${table([c.columns.reference, c.columns.themes, c.columns.site, c.columns.status, c.columns.share], rows, NONE)}
</section>
`;
}

export function measuresSection({ measures }: DueDiligenceRecord, words: Words): string {
  const m = words.text.measures;
  const p = m.planColumns;
  const c = m.certificateColumns;
  return `<section class="measures">
<h2>${escapeHtml(m.heading)}</h2>
<h3>${escapeHtml(m.plansHeading)}</h3>
${table([p.company, p.themes, p.where, p.description, p.status, p.due, p.collective, p.evidence], measures.actionPlans.map(planRow(words)), m.noPlans)}
<h3>${escapeHtml(m.certificatesHeading)}</h3>
${table([c.scheme, c.holder, c.scope, c.valid, c.themes, c.reference, c.status], measures.certificates.map(certificateRow(words)), m.noCertificates)}
</section>`;
}

export const footer = (words: Words): string => `<footer>
<p>${escapeHtml(words.text.footer)}</p>
</footer>`;

const style = `
body { margin: 0 auto; max-width: 190mm; padding: 8mm; color: #000; background: #fff; font: 10pt/1.4 "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 16pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 1px solid #000; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm; margin: 0 0 2mm; }
dt { font-weight: bold; }
dd { margin: 0; }
.meta, .detail { color: #333; font-size: 9pt; }
.complaints code { white-space: nowrap; }
.lead { font-size: 11pt; font-weight: bold; }
table { width: 100%; border-collapse: collapse; margin: 0 0 3mm; }
th, td { border: 1px solid #000; padding: 1mm 1.5mm; text-align: left; vertical-align: top; overflow-wrap: break-word; }
td ul { margin: 0; padding-left: 4mm; }
.citation { overflow-wrap: anywhere; }
th { background: #eee; }
.level { padding: 0 1mm; font-weight: bold; }
.level-low { background: #e6f4e6; }
.level-medium { background: #fff4cc; }
.level-high { background: #ffe0c2; }
.level-severe { background: #f9cccc; }
.flag { white-space: nowrap; }
.origin-mismatches h2 { color: #8b0000; border-color: #8b0000; }
.origin-mismatches .flag { color: #8b0000; }
figure { margin: 2mm 0 4mm; }
figure svg { display: block; width: 100%; height: auto; }
figure.map svg { max-width: 180mm; }
figcaption { color: #333; font-size: 9pt; margin-top: 1mm; }
footer { margin-top: 8mm; border-top: 1px solid #000; font-size: 9pt; }
@media print {
  @page { size: A4; margin: 15mm 12mm; }
  body { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead { display: table-header-group; }
  tr, figure { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  nav { display: none; }
}`;

/** A whole document: `extraStyle` adapts the shared style to the page or the report. */
export function htmlDocument(words: Words, title: string, body: string, extraStyle = ''): string {
  return `<!DOCTYPE html>
<html lang="${escapeHtml(words.text.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}${extraStyle}
</style>
</head>
<body>
${body}
</body>
</html>
`;
}
