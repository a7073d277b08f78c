import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** The cookies a response sets, by name, with their attributes as written. */
export function setCookies(response: LightMyRequestResponse): Map<string, { value: string; attributes: string[] }> {
  const header = response.headers['set-cookie'];
  const lines = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return new Map(
    lines.map((line) => {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair!.indexOf('=');
      return [pair!.slice(0, at), { value: decodeURIComponent(pair!.slice(at + 1)), attributes }];
    }),
  );
}

/** The value of a hidden form field in an HTML page. */
export const hiddenField = (html: string, name: string): string | undefined =>
  new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html)?.[1];

/** What a browser holds after opening the sign-in form: its CSRF cookie and the form's token. */
export interface SigninForm {
  cookie: string;
  csrfToken: string;
}

export async function openSigninForm(app: FastifyInstance, cookie = ''): Promise<SigninForm> {
  const page = await app.inject({ url: '/signin', headers: cookie ? { cookie } : {} });
  const csrf = setCookies(page).get('stonetrace_csrf')?.value;
  const csrfToken = hiddenField(page.body, '_csrf');
  if (!csrfToken) throw new Error(`no CSRF token on the sign-in page (${page.statusCode})`);
  return { cookie: [cookie, csrf ? `stonetrace_csrf=${csrf}` : ''].filter(Boolean).join('; '), csrfToken };
}

export const postForm = (app: FastifyInstance, url: string, fields: Record<string, string>, cookie: string) =>
  app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    payload: new URLSearchParams(fields).toString(),
  });

/**
 * Signs in with `token` as a browser would (the form, then its POST) and returns the cookie header
 * the browser then sends: the CSRF cookie and the session.
 */
export async function signIn(
  app: FastifyInstance,
  token: string,
  next?: string,
): Promise<{ cookie: string; response: LightMyRequestResponse; csrfToken: string }> {
  const form = await openSigninForm(app);
  const response = await postForm(
    app,
    '/signin',
    { _csrf: form.csrfToken, token, ...(next ? { next } : {}) },
    form.cookie,
  );
  const session = setCookies(response).get('stonetrace_session')?.value;
  return {
    cookie: session ? `${form.cookie}; stonetrace_session=${session}` : form.cookie,
    response,
    csrfToken: form.csrfToken,
  };
}
