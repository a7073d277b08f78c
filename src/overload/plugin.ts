import underPressure from '@fastify/under-pressure';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { CapacitySettings } from '../config.js';
import { Overloaded } from '../shared/errors.js';
import { ConcurrencyGate } from './gate.js';

/** Probes must answer whatever the load: an orchestrator would restart a busy instance otherwise. */
const exempt = new Set(['/healthz', '/readyz']);
const isExempt = (request: FastifyRequest): boolean => exempt.has(request.routeOptions.url ?? '');

/**
 * Load shedding, in two layers. Most requests wait on Neo4j, not on the CPU, so an event-loop
 * measure alone never trips while the database queue grows: a concurrency gate bounds the
 * requests in progress (and a short queue absorbs bursts). @fastify/under-pressure covers the
 * other case, CPU-bound work that stalls the event loop. Both refuse with 503, OVERLOADED and
 * Retry-After before the route's own work starts.
 */
export const overloadPlugin = fp<{ capacity: CapacitySettings }>(
  async (app, { capacity }) => {
    const gate = new ConcurrencyGate(
      capacity.maxConcurrentRequests,
      capacity.maxQueuedRequests,
      capacity.maxQueueWaitMs,
    );

    const measuring = capacity.maxEventLoopDelayMs > 0;
    if (measuring) {
      // It measures; the hook below decides, so that the probes stay exempt and the answer has our shape.
      await app.register(underPressure, {
        maxEventLoopDelay: capacity.maxEventLoopDelayMs,
        pressureHandler: () => undefined,
      });
    }

    // Before anything else, and cheap: a stalled event loop refuses at once.
    app.addHook('onRequest', async (request) => {
      if (isExempt(request) || !measuring || !app.isUnderPressure()) return;
      request.log.warn('shedding a request: the event loop is stalled');
      throw new Overloaded(`event loop delayed ${Math.round(app.memoryUsage().eventLoopDelay)} ms`);
    });

    // A slot is taken once the request has arrived (its JSON body read), so clients that send their
    // bodies slowly, or never, hold a socket but no slot; a streamed CSV upload holds one while it
    // arrives, as it is work already under way.
    app.addHook('preHandler', async (request, reply) => {
      if (isExempt(request)) return;
      let release: (() => void) | undefined;
      let finished = false;
      // 'close' comes when the answer is out or the client has gone, whichever is first.
      reply.raw.once('close', () => {
        finished = true;
        release?.();
      });
      try {
        release = await gate.enter();
      } catch (error) {
        if (error instanceof Overloaded)
          request.log.warn({ inUse: gate.inUse, queued: gate.queued }, 'shedding a request: at the concurrency limit');
        // Thrown, not sent: each route's error handler gives the refusal its shape (GraphQL's on /graphql).
        throw error;
      }
      // A client gone before the hook ran never fires 'close' again: its slot goes back now.
      if (finished || request.raw.socket?.destroyed === true) release();
    });
  },
  { name: 'overload' },
);
