import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

/**
 * What browsers may do with our answers. Every route, the 404 answer included, carries
 * `X-Content-Type-Options: nosniff` and a Content-Security-Policy that forbids framing; API answers
 * are data, so their policy allows nothing else. GraphiQL and the report, the two HTML pages,
 * set their own policy per route (`pagePolicy`). Cross-origin calls from browsers are off unless
 * origins are listed: tokens travel in a header, so CORS never needs credentials.
 */

const apiDirectives = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

/** A page's route option: its own Content-Security-Policy, never frameable. */
export const pagePolicy = (directives: Record<string, string[]>) => ({
  helmet: {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...directives, frameAncestors: ["'none'"], baseUri: ["'none'"] },
    },
  },
});

export const browserPolicyPlugin = fp<{ corsOrigins: string[] }>(
  async (app, { corsOrigins }) => {
    await app.register(helmet, {
      global: true,
      contentSecurityPolicy: { useDefaults: false, directives: apiDirectives },
      frameguard: { action: 'deny' },
      // Sent over HTTP too, where browsers ignore it; behind TLS it keeps browsers on HTTPS.
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
    });
    if (corsOrigins.length > 0) {
      await app.register(cors, {
        origin: corsOrigins,
        methods: ['GET', 'POST'],
        allowedHeaders: ['Authorization', 'Content-Type'],
        exposedHeaders: ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
        maxAge: 600,
      });
    }
  },
  { name: 'browser-policy' },
);
