import { escapeHtml, htmlPage } from '../shared/html.js';
import type { ReportLinkRecord } from './records.js';

const askAgain = '<p>Ask the buyer who gave you the link for a new one.</p>';

/** What a link that no longer opens its report says (with 410 Gone). */
export function goneLinkPage(link: ReportLinkRecord): string {
  const reason =
    link.status === 'REVOKED'
      ? `was withdrawn by its buyer on ${escapeHtml((link.revokedAt ?? '').slice(0, 10))}`
      : `expired at the end of ${escapeHtml(link.expiresOn)} (UTC)`;
  return htmlPage(
    'Report link no longer valid',
    `<h1>This report link is no longer valid</h1>
<p class="problem" role="alert">This link to a due-diligence report ${reason}, so it no longer opens the report.</p>
${askAgain}`,
  );
}

/** What a token that was never a link's says (with 404). */
export const unknownLinkPage = (): string =>
  htmlPage(
    'No such report link',
    `<h1>There is no report at this link</h1>
<p class="problem" role="alert">Check that the whole address was copied: the part after <code>/reports/shared/</code> is 43 characters long.</p>
${askAgain}`,
  );
