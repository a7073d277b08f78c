import formbody from '@fastify/formbody';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { pagePolicy } from '../edge/browserPolicy.js';
import { pageStyleSource } from '../shared/html.js';
import { KeyStore } from './keys.js';
import { cookieOptions, localPath, sessionCookie, signinPath } from './sessionCookies.js';
import type { SessionStore } from './sessions.js';
import { signedInPage, signinForm, type PageLink, type SigninNotice } from './signinPage.js';
import type { Viewer } from './viewer.js';

/** The session a request's cookie opens, if any, and whether the cookie held one that has ended. */
export type SessionLookup = (
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<{ viewer: Viewer | null; ended: boolean }>;

export interface SigninRouteOptions {
  sessions: SessionStore;
  lookup: SessionLookup;
  idleMinutes: number;
  /** The pages the signed-in page lists for a caller, and how many more there are. */
  pagesOf: (viewer: Viewer) => Promise<{ pages: PageLink[]; more: number }>;
}

/** Notices that a redirect may ask the form to show; the others follow a POST of the form itself. */
const redirectNotices = new Set<SigninNotice>(['session-ended', 'signed-out']);

const pageOptions = pagePolicy({ defaultSrc: ["'none'"], styleSrc: [pageStyleSource], formAction: ["'self'"] });

const sendPage = (reply: FastifyReply, status: number, html: string): FastifyReply =>
  reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);

/**
 * `GET /signin`, `POST /signin` and `POST /signout`. Both posts carry the form's CSRF token; a
 * post without a valid one gets a fresh form (403) instead of an error in JSON.
 */
export const signinRoutes: FastifyPluginAsync<SigninRouteOptions> = async (
  pages,
  { sessions, lookup, idleMinutes, pagesOf },
) => {
  // Signing in is rare: every attempt asks Neo4j, so a key revoked a moment ago is refused at once.
  const keys = new KeyStore(pages.graph);
  // Form posts are small: a key, a path and a token.
  await pages.register(formbody, { bodyLimit: 4096 });
  // The token travels in the form's body, so it is checked once the body is parsed.
  const checkCsrf: preHandlerHookHandler = (request, reply, done) => pages.csrfProtection(request, reply, done);
  const sendForm = (reply: FastifyReply, status: number, next: string | null, notice: SigninNotice | null) =>
    sendPage(reply, status, signinForm({ csrfToken: reply.generateCsrf(), next, notice, idleMinutes }));

  pages.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (!error.code.startsWith('FST_CSRF_')) throw error;
    request.log.warn({ url: request.url }, 'form refused: no valid CSRF token');
    return sendForm(reply, 403, localPath((request.body as Record<string, unknown> | undefined)?.next), 'form-expired');
  });

  pages.get<{ Querystring: { next?: string; notice?: string } }>('/signin', pageOptions, async (request, reply) => {
    const { viewer } = await lookup(request, reply);
    if (!viewer) {
      const notice = request.query.notice as SigninNotice | undefined;
      return sendForm(reply, 200, localPath(request.query.next), notice && redirectNotices.has(notice) ? notice : null);
    }
    const { pages: links, more } = await pagesOf(viewer);
    return sendPage(reply, 200, signedInPage({ viewer, csrfToken: reply.generateCsrf(), pages: links, more }));
  });

  pages.post<{ Body: Record<string, unknown> | undefined }>(
    '/signin',
    { ...pageOptions, preHandler: checkCsrf },
    async (request, reply) => {
      const next = localPath(request.body?.next);
      const result = await keys.authenticate(typeof request.body?.token === 'string' ? request.body.token.trim() : '');
      if (!result.ok) {
        request.log.warn({ reason: result.reason, keyId: result.keyId, url: request.url }, 'sign-in refused');
        if (await pages.refuseRepeatedAuthFailure(request, reply)) return reply;
        return sendForm(reply, 401, next, result.reason);
      }
      const previous = request.cookies[sessionCookie];
      if (previous) await sessions.end(previous);
      reply.setCookie(sessionCookie, await sessions.start(result.viewer), cookieOptions);
      request.log.info({ keyId: result.viewer.keyId }, 'signed in');
      return reply.redirect(next ?? '/signin', 303);
    },
  );

  pages.post('/signout', { ...pageOptions, preHandler: checkCsrf }, async (request, reply) => {
    const id = request.cookies[sessionCookie];
    if (id) await sessions.end(id);
    reply.clearCookie(sessionCookie, cookieOptions);
    return reply.redirect(signinPath(null, 'signed-out'), 303);
  });
};
