import type { ZodError } from 'zod';
import { RiskTheme } from '../shared/contract.generated.js';
import { escapeHtml, htmlPage } from '../shared/html.js';
import type { ComplaintText } from './i18n/catalogue.js';
import type { ComplaintReceipt } from './commands.js';
import type { ComplaintStatusView } from './service.js';

/** A posted form as it came: each field's text, the themes ticked. */
export type FormValues = Record<string, string | string[] | undefined>;

type Problem = keyof ComplaintText['problems']['fields'];

/** The words of one page: its catalogue, the theme names and the page's language. */
export interface PageWords {
  text: ComplaintText;
  themes: Record<RiskTheme, string>;
  language: string;
}

const textOf = (values: FormValues, name: string): string => {
  const value = values[name];
  return typeof value === 'string' ? value.trim() : '';
};

/** The form's fields as fileComplaint's input: an empty field is an absent one. */
export function inputOf(values: FormValues): unknown {
  const field = (name: string): string | null => textOf(values, name) || null;
  const [country, area, place] = ['country', 'area', 'place'].map(field);
  return {
    siteId: field('siteId'),
    companyId: field('companyId'),
    place: country || area || place ? { country: country ?? '', area: area ?? '', place: place ?? '' } : null,
    themes: [values.themes ?? []].flat(),
    description: textOf(values, 'description'),
    occurredOn: field('occurredOn'),
    contact: { name: field('name'), email: field('email'), phone: field('phone') },
  };
}

/** What to check, once per part of the form, in the form's order. */
export function problemsOf(error: ZodError): Problem[] {
  const parts = error.issues.map((issue): Problem => {
    const top = String(issue.path[0] ?? 'siteId');
    return top === 'siteId' || top === 'companyId' || top === 'place' ? 'where' : (top as Problem);
  });
  const order: Problem[] = ['where', 'themes', 'description', 'occurredOn', 'contact'];
  return order.filter((part) => parts.includes(part));
}

const input = (values: FormValues, name: string, label: string, type = 'text', extra = ''): string =>
  `<label for="${name}">${escapeHtml(label)}</label>
<input id="${name}" name="${name}" type="${type}" value="${escapeHtml(textOf(values, name))}"${extra}>`;

const whereFields = ({ where }: ComplaintText, values: FormValues): string => `<fieldset>
<legend>${escapeHtml(where.legend)}</legend>
<p class="hint">${escapeHtml(where.hint)}</p>
${input(values, 'siteId', where.siteId, 'text', ' maxlength="100" autocomplete="off"')}
${input(values, 'companyId', where.companyId, 'text', ' maxlength="100" autocomplete="off"')}
${input(values, 'country', where.country, 'text', ' maxlength="2" autocomplete="country"')}
${input(values, 'area', where.area, 'text', ' maxlength="100"')}
${input(values, 'place', where.place, 'text', ' maxlength="500"')}
</fieldset>`;

function themeFields(words: PageWords, values: FormValues): string {
  const ticked = new Set([values.themes ?? []].flat());
  const boxes = Object.values(RiskTheme).map(
    (theme) =>
      `<label class="choice"><input type="checkbox" name="themes" value="${theme}"${ticked.has(theme) ? ' checked' : ''}> ${escapeHtml(words.themes[theme])}</label>`,
  );
  return `<fieldset>\n<legend>${escapeHtml(words.text.themes)}</legend>\n${boxes.join('\n')}\n</fieldset>`;
}

const contactFields = ({ contact }: ComplaintText, values: FormValues): string => `<fieldset>
<legend>${escapeHtml(contact.legend)}</legend>
<p class="hint">${escapeHtml(contact.hint)}</p>
${input(values, 'name', contact.name, 'text', ' maxlength="200" autocomplete="name"')}
${input(values, 'email', contact.email, 'email', ' maxlength="254" autocomplete="email"')}
${input(values, 'phone', contact.phone, 'tel', ' maxlength="40" autocomplete="tel"')}
</fieldset>`;

/** Why the form is shown again, if it is: what to check, the form having expired, or the limit. */
export type FormNotice =
  { kind: 'problems'; problems: Problem[] } | { kind: 'expired' } | { kind: 'limited'; minutes: number };

function noticeHtml({ problems: words }: ComplaintText, notice: FormNotice | null): string {
  if (!notice) return '';
  const body =
    notice.kind === 'problems'
      ? `${escapeHtml(words.intro)}</p>\n<ul>${notice.problems.map((p) => `<li>${escapeHtml(words.fields[p])}</li>`).join('')}</ul>`
      : `${escapeHtml(notice.kind === 'expired' ? words.formExpired : words.rateLimited(notice.minutes))}</p>`;
  return `<div class="problem" role="alert"><p>${body}</div>\n`;
}

/** The complaint form, posted to /complaints with its CSRF token and language; `values` fill it in again. */
export function complaintForm(
  words: PageWords,
  options: { csrfToken: string; values: FormValues; notice: FormNotice | null },
): string {
  const { text } = words;
  const { values } = options;
  return htmlPage(
    text.title,
    `<h1>${escapeHtml(text.title)}</h1>
${noticeHtml(text, options.notice)}<p>${escapeHtml(text.intro)}</p>
<p class="hint">${escapeHtml(text.confidential)}</p>
<form method="post" action="/complaints">
<input type="hidden" name="_csrf" value="${escapeHtml(options.csrfToken)}">
<input type="hidden" name="lang" value="${escapeHtml(words.language)}">
${whereFields(text, values)}
${themeFields(words, values)}
<label for="description">${escapeHtml(text.description)}</label>
<textarea id="description" name="description" rows="7" maxlength="5000" required>${escapeHtml(textOf(values, 'description'))}</textarea>
<p class="hint">${escapeHtml(text.descriptionHint)}</p>
${input(values, 'occurredOn', text.occurredOn, 'date')}
${contactFields(text, values)}
<button type="submit">${escapeHtml(text.submit)}</button>
</form>`,
    words.language,
  );
}

/** The receipt, shown once: the reference and the follow-up code. */
export function receiptPage(words: PageWords, receipt: ComplaintReceipt): string {
  const { receipt: text } = words.text;
  return htmlPage(
    text.title,
    `<h1>${escapeHtml(text.title)}</h1>
<p class="notice" role="status">${escapeHtml(text.intro)}</p>
<dl>
<dt>${escapeHtml(text.reference)}</dt>
<dd><span class="secret" id="reference">${escapeHtml(receipt.reference)}</span></dd>
<dt>${escapeHtml(text.followUpCode)}</dt>
<dd><span class="secret" id="follow-up-code">${escapeHtml(receipt.followUpCode)}</span></dd>
</dl>
<p><strong>${escapeHtml(text.keep)}</strong></p>
<p><a href="/complaints/status?lang=${escapeHtml(words.language)}">${escapeHtml(text.next)}</a></p>
<p><a href="/complaints/new?lang=${escapeHtml(words.language)}">${escapeHtml(text.another)}</a></p>`,
    words.language,
  );
}

/** The status form: the reference and the code, posted to /complaints/status; `notFound` when they opened nothing. */
export function statusForm(
  words: PageWords,
  options: { csrfToken: string; reference: string; notFound: boolean },
): string {
  const { status: text } = words.text;
  return htmlPage(
    text.title,
    `<h1>${escapeHtml(text.title)}</h1>
${options.notFound ? `<p class="problem" role="alert">${escapeHtml(text.notFound)}</p>\n` : ''}<p>${escapeHtml(text.intro)}</p>
<form method="post" action="/complaints/status">
<input type="hidden" name="_csrf" value="${escapeHtml(options.csrfToken)}">
<input type="hidden" name="lang" value="${escapeHtml(words.language)}">
${input({ reference: options.reference }, 'reference', text.reference, 'text', ' maxlength="40" autocomplete="off" required')}
${input({}, 'followUpCode', text.followUpCode, 'password', ' maxlength="100" autocomplete="off" required')}
<button type="submit">${escapeHtml(text.submit)}</button>
</form>`,
    words.language,
  );
}

/** Where a complaint stands, and the committee's public notes: what complaintStatus shows. */
export function statusPage(words: PageWords, view: ComplaintStatusView): string {
  const { status: text } = words.text;
  const notes = view.publicNotes.length
    ? `<ul>${view.publicNotes
        .map(
          (note) => `<li><span class="hint">${escapeHtml(note.at.slice(0, 10))}</span> ${escapeHtml(note.text)}</li>`,
        )
        .join('\n')}</ul>`
    : `<p class="hint">${escapeHtml(text.noNotes)}</p>`;
  return htmlPage(
    text.title,
    `<h1>${escapeHtml(text.title)}</h1>
<p><span class="secret">${escapeHtml(view.reference)}</span></p>
<h2>${escapeHtml(text.current)}</h2>
<p class="notice" role="status" id="status">${escapeHtml(text.names[view.status])}</p>
<h2>${escapeHtml(text.notes)}</h2>
${notes}`,
    words.language,
  );
}
