import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { EdgeSettings } from '../config.js';
import { sendRefusal } from '../errors/plugin.js';
import { ClientError } from '../shared/errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Counts a refused token against the caller's address. Once the address has spent its budget of
     * failed authentications it answers 429 itself and resolves to true; otherwise the caller answers 401.
     */
    refuseRepeatedAuthFailure(request: FastifyRequest, reply: FastifyReply): Promise<boolean>;
    /**
     * Counts a complaint against the caller's address, whoever files it (with a key or without, by
     * the API or the form). Past the budget it resolves to the RATE_LIMITED refusal, with
     * Retry-After already set on the reply; else to null.
     */
    chargeComplaint(request: FastifyRequest, reply: FastifyReply): Promise<ClientError | null>;
  }
}

type Verdict = Awaited<ReturnType<ReturnType<FastifyInstance['createRateLimit']>>>;
type Counted = Extract<Verdict, { isAllowed: false }>;

/**
 * Health probes are never limited: an orchestrator or load balancer must always see whether the
 * instance is up and ready, even when its probes share an address with limited traffic.
 */
const unlimitedRoutes = new Set(['/healthz', '/readyz']);

/** A client's budget, sent with every counted answer so it can pace itself before it is refused. */
function sendBudget(reply: FastifyReply, verdict: Counted): void {
  reply
    .header('x-ratelimit-limit', verdict.max)
    .header('x-ratelimit-remaining', verdict.remaining)
    .header('x-ratelimit-reset', verdict.ttlInSeconds);
}

/** The RATE_LIMITED refusal of a verdict, logged, with Retry-After set on the reply. */
function refusal(request: FastifyRequest, reply: FastifyReply, verdict: Counted, what: string): ClientError {
  const seconds = Math.max(1, verdict.ttlInSeconds);
  const message = `rate limit exceeded: ${verdict.max} ${what} per ${verdict.timeWindow / 1000} s; retry after ${seconds} s`;
  request.log.info(
    { limit: verdict.key.split(':')[0], max: verdict.max, keyId: request.viewer?.keyId, url: request.url },
    'rate limited',
  );
  reply.header('retry-after', seconds);
  return new ClientError('RATE_LIMITED', message, { limit: verdict.max, retryAfterSeconds: seconds });
}

/** 429 with Retry-After; GraphQL clients get a GraphQL error, other routes the `{error, code}` body. */
const refuse = (request: FastifyRequest, reply: FastifyReply, verdict: Counted, what: string): FastifyReply =>
  sendRefusal(request, reply, refusal(request, reply, verdict, what));

/**
 * Fair use: every request counts against its API key's budget, or, without a key, against its
 * address's; refused tokens count against a separate, smaller budget of the address. Keys and
 * addresses never share a counter, so one office gateway whose anonymous traffic or bad tokens
 * are being limited does not stop the valid keys behind it. Counters live in this instance's
 * memory (@fastify/rate-limit's LRU store): behind N instances a client gets up to N times each budget.
 */
export const rateLimitPlugin = fp<EdgeSettings['rateLimits']>(
  async (app, limits) => {
    // An LRU store of this size holds every active key and address; the least recent ones go first.
    await app.register(rateLimit, { global: false, cache: 20_000 });
    // IPv6 clients own whole /64 networks: one counter per network, as the plugin's default does.
    const addressOf = (request: FastifyRequest): string => normalizeIP(request.ip);

    const requests = app.createRateLimit({
      timeWindow: limits.windowMs,
      keyGenerator: (request) => (request.viewer ? `key:${request.viewer.keyId}` : `address:${addressOf(request)}`),
      max: (request) => (request.viewer ? limits.perKey : limits.perAddress),
      allowList: (request) => unlimitedRoutes.has(request.routeOptions.url ?? ''),
    });
    const authFailures = app.createRateLimit({
      timeWindow: limits.windowMs,
      keyGenerator: (request) => `auth-failure:${addressOf(request)}`,
      max: limits.authFailuresPerAddress,
    });
    const complaints = app.createRateLimit({
      timeWindow: limits.complaintsWindowMs,
      keyGenerator: (request) => `complaints:${addressOf(request)}`,
      max: limits.complaintsPerAddress,
    });

    // After every onRequest hook (so the API key is known), before the body is read.
    app.addHook('preParsing', async (request, reply) => {
      const verdict = await requests(request);
      if (verdict.isAllowed) return;
      sendBudget(reply, verdict);
      if (verdict.isExceeded)
        await refuse(
          request,
          reply,
          verdict,
          request.viewer ? 'requests for this API key' : 'requests without an API key from this address',
        );
    });

    app.decorate('refuseRepeatedAuthFailure', async (request: FastifyRequest, reply: FastifyReply) => {
      const verdict = await authFailures(request);
      if (verdict.isAllowed) return false;
      sendBudget(reply, verdict);
      if (!verdict.isExceeded) return false;
      await refuse(request, reply, verdict, 'refused API tokens from this address');
      return true;
    });

    app.decorate('chargeComplaint', async (request: FastifyRequest, reply: FastifyReply) => {
      const verdict = await complaints(request);
      // The request's own x-ratelimit-* headers stay those of its general budget: a refusal says Retry-After.
      if (verdict.isAllowed || !verdict.isExceeded) return null;
      return refusal(request, reply, verdict, 'complaints from this address');
    });
  },
  { name: 'rate-limits' },
);
