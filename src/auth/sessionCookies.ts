import type { SigninNotice } from './signinPage.js';

/** The cookie that holds a browser's session id. */
export const sessionCookie = 'stonetrace_session';

/** The cookie that holds a browser's CSRF secret (@fastify/csrf-protection's double submit). */
export const csrfCookie = 'stonetrace_csrf';

/**
 * Both cookies: never readable by scripts, never sent with a request another site starts, and
 * Secure whenever the request came over TLS (request.protocol, which believes a proxy's
 * X-Forwarded-Proto only under TRUST_PROXY). Without Max-Age they go when the browser closes.
 */
export const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict', secure: 'auto' } as const;

/** Where `next` may lead after signing in: a path on this server, never another origin. */
export function localPath(next: unknown): string | null {
  if (typeof next !== 'string' || next.length > 2048 || !/^\/(?![/\\])/.test(next) || /[\\\p{Cc}]/u.test(next))
    return null;
  const base = 'http://stonetrace.invalid';
  const url = new URL(next, base);
  return url.origin === base ? `${url.pathname}${url.search}` : null;
}

/** The sign-in form's address, with where to go next and what to tell the person. */
export const signinPath = (next: string | null, notice: SigninNotice | null): string => {
  const query = new URLSearchParams();
  if (next) query.set('next', next);
  if (notice) query.set('notice', notice);
  const text = query.toString();
  return text ? `/signin?${text}` : '/signin';
};
