import cookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sendRefusal } from '../errors/plugin.js';
import { clientError } from '../shared/errors.js';
import { bearerChallenge } from './guard.js';
import { cookieOptions, csrfCookie, sessionCookie, signinPath } from './sessionCookies.js';
import { SessionStore } from './sessions.js';
import { signinRoutes, type SessionLookup, type SigninRouteOptions } from './signinRoutes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Who calls a route outside GraphQL (an `onRequest` hook; routes take it through `requireKey`):
     * the API key of the Authorization header or, on a page (GET), of the browser's session. Without
     * either, a browser is sent to the sign-in form and any other client gets 401.
     */
    requireViewer: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

const isPageRequest = (request: FastifyRequest): boolean => request.method === 'GET' || request.method === 'HEAD';
const wantsHtml = (request: FastifyRequest): boolean => /\btext\/html\b/.test(request.headers.accept ?? '');

const sessionLookup =
  (sessions: SessionStore): SessionLookup =>
  async (request, reply) => {
    const id = request.cookies[sessionCookie];
    if (!id) return { viewer: null, ended: false };
    const viewer = await sessions.resume(id);
    if (!viewer) reply.clearCookie(sessionCookie, cookieOptions);
    return { viewer, ended: !viewer };
  };

/** Sessions open pages only: a request that changes state needs the header, so no form elsewhere can send one. */
const viewerGuard = (lookup: SessionLookup) => async (request: FastifyRequest, reply: FastifyReply) => {
  if (request.viewer) return;
  let ended = false;
  if (isPageRequest(request)) {
    const session = await lookup(request, reply);
    if (session.viewer) {
      request.viewer = session.viewer;
      return;
    }
    ended = session.ended;
    if (wantsHtml(request))
      return void (await reply.redirect(signinPath(request.url, ended ? 'session-ended' : null), 303));
  }
  const message = ended
    ? 'the browser session has ended (idle too long, signed out, or its key revoked): sign in again at /signin'
    : `this needs an API key: send Authorization: Bearer <token>${isPageRequest(request) ? ', or sign in at /signin' : ''}`;
  await sendRefusal(
    request,
    reply.header('www-authenticate', bearerChallenge),
    clientError('UNAUTHENTICATED', message),
  );
};

export interface SessionOptions {
  idleTimeoutMs: number;
  /** Handed down by the app: what the signed-in page lists. */
  pagesOf: SigninRouteOptions['pagesOf'];
}

/**
 * Browser sign-in: `GET /signin` (a form where a person pastes an API key), `POST /signin` (opens a
 * session) and `POST /signout`, both protected against cross-site requests by a double-submit
 * CSRF token (@fastify/csrf-protection) besides the SameSite=Strict cookies; and the guard with
 * which every route outside GraphQL authenticates. GraphQL itself never reads the session: it
 * takes the Authorization header only, so no page of another site can make a browser call it.
 */
export const sessionPlugin = fp<SessionOptions>(
  async (app, { idleTimeoutMs, pagesOf }) => {
    const sessions = new SessionStore(app.graph, idleTimeoutMs);
    await app.register(cookie);
    await app.register(csrfProtection, { cookieKey: csrfCookie, cookieOpts: cookieOptions });
    const lookup = sessionLookup(sessions);
    app.decorate('requireViewer', viewerGuard(lookup));
    await app.register(signinRoutes, { sessions, lookup, pagesOf, idleMinutes: Math.round(idleTimeoutMs / 60_000) });
  },
  { name: 'sessions', dependencies: ['graph', 'auth', 'rate-limits', 'browser-policy'] },
);
