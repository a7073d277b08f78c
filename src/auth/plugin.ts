import fp from 'fastify-plugin';
import { KeyStore, type Authentication } from './keys.js';
import { RefusedKeyIds } from './refusedKeyIds.js';
import type { Viewer } from './viewer.js';
import { sendRefusal } from '../errors/plugin.js';
import { bearerChallenge } from './guard.js';
import { ClientError } from '../shared/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller behind the request's API key; null without an Authorization header. */
    viewer: Viewer | null;
    /** The data version read while authenticating this request, when its key was looked up. */
    dataVersion: number | null;
  }
}

const messages = {
  malformed: 'malformed Authorization header: expected "Bearer stk_<key id>.<secret>"',
  unknown: 'invalid API token',
  revoked: 'this API token has been revoked',
} as const;

/**
 * Resolves `Authorization: Bearer <token>` on every request. No header means anonymous (public data
 * only); a header that does not hold a valid, unrevoked token is refused with 401, never
 * downgraded to anonymous. A valid key is trusted for `keyCacheTtlMs` without another lookup (so a
 * revocation takes up to that long to bite). Refusals are logged with the key id, never the token. A key id found
 * not to exist, or revoked, is refused without asking Neo4j again for `unknownKeyTtlMs`; an address
 * that keeps sending refused tokens gets 429 (rate-limits plugin).
 */
export const authPlugin = fp<{ unknownKeyTtlMs: number; keyCacheTtlMs: number }>(
  async (app, { unknownKeyTtlMs, keyCacheTtlMs }) => {
    const keys = new KeyStore(app.graph, new RefusedKeyIds(unknownKeyTtlMs), keyCacheTtlMs);
    app.decorateRequest('viewer', null);
    app.decorateRequest('dataVersion', null);

    app.addHook('onRequest', async (request, reply) => {
      const header = request.headers.authorization;
      if (header === undefined) return;
      const token = /^Bearer +(\S+)$/i.exec(header)?.[1];
      const result: Authentication = token ? await keys.authenticate(token) : { ok: false, reason: 'malformed' };
      if (result.ok) {
        request.viewer = result.viewer;
        request.dataVersion = result.dataVersion ?? null;
        return;
      }
      request.log.warn({ reason: result.reason, keyId: result.keyId, url: request.url }, 'authentication refused');
      if (await app.refuseRepeatedAuthFailure(request, reply)) return;
      await sendRefusal(
        request,
        reply.header('www-authenticate', bearerChallenge),
        new ClientError('UNAUTHENTICATED', messages[result.reason]),
      );
    });
  },
  { name: 'auth', dependencies: ['graph', 'rate-limits'] },
);
