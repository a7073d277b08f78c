import fp from 'fastify-plugin';
import { KeyStore, type Authentication } from './keys.js';
import type { Viewer } from './viewer.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller behind the request's API key; null without an Authorization header. */
    viewer: Viewer | null;
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
 * downgraded to anonymous. Refusals are logged with the key id, never the token.
 */
export const authPlugin = fp(
  async (app) => {
    const keys = new KeyStore(app.graph);
    app.decorateRequest('viewer', null);

    app.addHook('onRequest', async (request, reply) => {
      const header = request.headers.authorization;
      if (header === undefined) return;
      const token = /^Bearer +(\S+)$/i.exec(header)?.[1];
      const result: Authentication = token ? await keys.authenticate(token) : { ok: false, reason: 'malformed' };
      if (result.ok) {
        request.viewer = result.viewer;
        return;
      }
      request.log.warn({ reason: result.reason, keyId: result.keyId, url: request.url }, 'authentication refused');
      await reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="stonetrace"')
        .send({ errors: [{ message: messages[result.reason], extensions: { code: 'UNAUTHENTICATED' } }] });
    });
  },
  { name: 'auth', dependencies: ['graph'] },
);
