import type { onRequestAsyncHookHandler } from 'fastify';
import { requireRole, type Role } from './viewer.js';

/** The challenge every 401 carries, as HTTP asks of it: the API takes Bearer tokens. */
export const bearerChallenge = 'Bearer realm="stonetrace"';

/**
 * The guard of every route outside GraphQL that needs an API key, as the route's `onRequest` hook,
 * so nothing of the request is read before the caller is known. The caller is the key of the
 * Authorization header or, on a page, of the browser's session (`app.requireViewer`, from the
 * sessions plugin): without either, a browser is sent to the sign-in form and any other client
 * gets 401 with the challenge. With `only`, a key of another role is refused with 403, as
 * `requireRole` refuses a resolver's caller. The handler can then rely on `request.viewer`.
 */
export function requireKey(only?: { roles: readonly Role[]; action: string }): onRequestAsyncHookHandler {
  return async (request, reply) => {
    await request.server.requireViewer(request, reply);
    // Without a caller the answer (a redirect or a 401) has been sent.
    if (request.viewer && only) requireRole(request, only.roles, only.action);
  };
}
