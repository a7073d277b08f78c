import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { InjectOptions } from 'fastify';
import { buildApp } from '../../src/app.js';
import { newToken } from '../../src/auth/tokens.js';
import type { AppConfig } from '../../src/config.js';
import { cypherChannel } from '../../src/db/graph.js';

const ROUNDS = 500;

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

/**
 * What refusals cost: a request refused for its key's budget (429), a token whose key id is known
 * to be bad (401 from memory) and one whose key id is new (401 after one Neo4j lookup), with the
 * Neo4j round trips each made. Through `inject` on an app of its own, so the figures are the
 * service's own cost, without sockets.
 */
export async function benchFairUseRefusals(config: AppConfig): Promise<void> {
  const app = await buildApp(
    {
      ...config,
      edge: {
        ...config.edge,
        rateLimits: { ...config.edge.rateLimits, perAddress: 1, authFailuresPerAddress: Number.MAX_SAFE_INTEGER },
      },
    },
    { logger: false },
  );
  let roundTrips = 0;
  const count = (): void => void roundTrips++;
  subscribe(cypherChannel.name, count);
  try {
    await app.graphMigrated;
    const measure = async (name: string, request: () => InjectOptions, expected: number): Promise<void> => {
      const times: number[] = [];
      roundTrips = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const options = request();
        const t0 = performance.now();
        const response = await app.inject(options);
        times.push(performance.now() - t0);
        if (response.statusCode !== expected)
          throw new Error(`${name}: HTTP ${response.statusCode}, expected ${expected}`);
      }
      times.sort((a, b) => a - b);
      console.log(
        `   ${name}: p50 ${percentile(times, 0.5).toFixed(2)} ms, p99 ${percentile(times, 0.99).toFixed(2)} ms, ` +
          `${(roundTrips / ROUNDS).toFixed(2)} Neo4j round trips each (${ROUNDS} requests)`,
      );
    };
    const post = (token?: string): InjectOptions => ({
      method: 'POST' as const,
      url: '/graphql',
      payload: { query: '{ __typename }' },
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    await app.inject(post());
    await measure('anonymous request over its address budget (429)', () => post(), 429);
    const known = newToken().token;
    await measure('token with a known-bad key id (401)', () => post(known), 401);
    await measure('token with a new unknown key id (401)', () => post(newToken().token), 401);
  } finally {
    unsubscribe(cypherChannel.name, count);
    await app.close();
  }
}
