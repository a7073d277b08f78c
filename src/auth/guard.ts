import type { preHandlerAsyncHookHandler } from 'fastify';
import { sendRefusal } from '../errors/plugin.js';
import { requireRole, roles, unauthenticated, type Role } from './viewer.js';

/** The challenge every 401 carries, as HTTP asks of it: the API takes Bearer tokens. */
export const bearerChallenge = 'Bearer realm="stonetrace"';

/**
 * The guard of every route outside GraphQL that needs an API key, as the route's preHandler. A
 * request without a key is refused with 401 and the challenge (one with a wrong token never gets
 * here: the auth plugin refuses it so); with `only`, a key of another role is refused with 403,
 * as `requireRole` refuses a resolver's caller. The handler can then rely on `request.viewer`.
 */
export function requireKey(only?: { roles: readonly Role[]; action: string }): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    if (!request.viewer) return sendRefusal(request, reply.header('www-authenticate', bearerChallenge), unauthenticated());
    requireRole(request, only?.roles ?? roles, only?.action ?? '');
  };
}
