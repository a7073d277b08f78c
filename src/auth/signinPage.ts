import { escapeHtml, htmlPage } from '../shared/html.js';
import type { Viewer } from './viewer.js';

/** A page the signed-in person may open, listed on the signed-in page. */
export interface PageLink {
  href: string;
  label: string;
}

/** What the sign-in form says above the form, if anything. */
export type SigninNotice = 'session-ended' | 'signed-out' | 'form-expired' | 'malformed' | 'unknown' | 'revoked';

const notices: Record<SigninNotice, { problem: boolean; text: string }> = {
  'session-ended': { problem: false, text: 'Your session has ended. Sign in again to go on.' },
  'signed-out': { problem: false, text: 'You have signed out.' },
  'form-expired': { problem: true, text: 'The form had expired. Paste the key again.' },
  malformed: {
    problem: true,
    text: 'That is not an API key. A key looks like stk_ followed by 16 characters, a dot and 43 more.',
  },
  unknown: { problem: true, text: 'This API key is not valid.' },
  revoked: { problem: true, text: 'This API key has been revoked. Ask the secretariat for a new one.' },
};

const noticeHtml = (notice: SigninNotice | null): string => {
  if (!notice) return '';
  const { problem, text } = notices[notice];
  return `<p class="${problem ? 'problem' : 'notice'}" role="${problem ? 'alert' : 'status'}">${escapeHtml(text)}</p>\n`;
};

const hidden = (name: string, value: string): string =>
  `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;

/** The form: POSTed with its CSRF token; `next` is where to go once signed in. */
export function signinForm(options: {
  csrfToken: string;
  next: string | null;
  notice: SigninNotice | null;
  idleMinutes: number;
}): string {
  return htmlPage(
    'Sign in',
    `<h1>Sign in to stonetrace</h1>
${noticeHtml(options.notice)}<p>Paste the API key your organisation was given. The browser then keeps a session, never the key itself.</p>
<form method="post" action="/signin">
${hidden('_csrf', options.csrfToken)}
${options.next ? hidden('next', options.next) : ''}
<label for="token">API key</label>
<input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required autofocus>
<button type="submit">Sign in</button>
</form>
<p class="hint">The session ends when you sign out, after ${options.idleMinutes} minutes without use, or when the key is revoked.</p>`,
  );
}

/** Who is signed in, the pages to go to, and the sign-out button. */
export function signedInPage(options: { viewer: Viewer; csrfToken: string; pages: PageLink[]; more: number }): string {
  const { viewer, pages, more } = options;
  const list = pages.length
    ? `<h2>Projects</h2>\n<ul>\n${pages.map((page) => `<li><a href="${escapeHtml(page.href)}">${escapeHtml(page.label)}</a></li>`).join('\n')}\n</ul>\n${
        more > 0 ? `<p class="hint">and ${more} more, listed by the <code>projects</code> query.</p>\n` : ''
      }`
    : '<p>This key sees no project yet.</p>\n';
  return htmlPage(
    'Signed in',
    `<h1>Signed in</h1>
<p class="notice" role="status">You are signed in with the ${escapeHtml(viewer.role)} key ${escapeHtml(viewer.keyId)}.</p>
${list}<form method="post" action="/signout">
${hidden('_csrf', options.csrfToken)}
<button type="submit" class="secondary">Sign out</button>
</form>`,
  );
}
