import type { FastifyInstance } from 'fastify';
import { parseToken } from '../auth/tokens.js';
import type { Role } from '../auth/viewer.js';
import { cypher, type Graph } from '../db/graph.js';
import { ServiceUnavailable } from '../shared/errors.js';
import { isLoopbackHost } from '../shared/loopback.js';
import type { Dataset } from './dataset.js';

/**
 * The sample data's API keys have published tokens (README, "Sample keys"), so they may only ever
 * be live on a database that nothing outside this machine can reach: the development set-up of
 * `npm start`, which listens on loopback.
 */

export const sampleKeyIds = (dataset: Dataset): string[] =>
  (dataset.apiKeys ?? []).map((key) => parseToken(key.token)?.keyId).filter((id): id is string => id !== undefined);

/** The keys GraphiQL's tabs start with, by role: the sample ANALYST and MEMBER keys, and only on loopback. */
export const graphiqlSampleTokens = (host: string, dataset: Dataset): Partial<Record<Role, string>> =>
  isLoopbackHost(host)
    ? Object.fromEntries(
        (dataset.apiKeys ?? [])
          .filter((key) => key.role === 'ANALYST' || key.role === 'MEMBER')
          .map((key) => [key.role, key.token]),
      )
    : {};

const activeKeysAmong = cypher<{ ids: string[] }, { id: string; role: string }>(
  'api_keys_active_among',
  `MATCH (key:ApiKey) WHERE key.id IN $ids AND key.revokedAt IS NULL
   RETURN key.id AS id, key.role AS role ORDER BY id`,
);

export const activeSampleKeys = (graph: Graph, dataset: Dataset): Promise<{ id: string; role: string }[]> =>
  graph.read(activeKeysAmong, { ids: sampleKeyIds(dataset) });

/** Why the service must not listen on `host` with these sample keys live, or null when it may. */
export function sampleKeysRefusal(host: string, activeKeys: { id: string; role: string }[]): string | null {
  if (isLoopbackHost(host) || activeKeys.length === 0) return null;
  return [
    `refusing to listen on ${host}: the database holds the sample data's API keys, whose tokens are published in the README,`,
    `so anyone who can reach this address could act with them (${activeKeys.map((key) => `${key.role} ${key.id}`).join(', ')}).`,
    'Revoke them first (the sample data itself carries no further secrets):',
    ...activeKeys.map((key) => `  npm run keys -- revoke ${key.id}`),
    '(in the container image: node dist/src/cli/keys.js revoke <key id>),',
    'or listen on loopback only (HOST=127.0.0.1) for local development.',
  ].join('\n');
}

/** Runs the check against the database: the message to stop with, or null. */
export async function checkSampleKeys(graph: Graph, host: string, dataset: Dataset): Promise<string | null> {
  if (isLoopbackHost(host)) return null;
  return sampleKeysRefusal(host, await activeSampleKeys(graph, dataset));
}

const recheckDelayMs = 5_000;

/**
 * Serves nothing but the health checks on a non-loopback `host` until the database is known to hold
 * no live sample key: 503 meanwhile, as while Neo4j is away. `refuse` gets the message when some are
 * live. The check waits for Neo4j (and tries again after a failure), so the service can listen first.
 */
export function guardAgainstSampleKeys(
  app: FastifyInstance,
  host: string,
  dataset: Dataset,
  refuse: (message: string) => void,
): void {
  if (isLoopbackHost(host)) return;
  let cleared = false;
  app.addHook('onRequest', async (request) => {
    if (!cleared && request.url !== '/healthz' && request.url !== '/readyz') throw new ServiceUnavailable();
  });
  const check = (): void => {
    app.graphMigrated
      .then(() => checkSampleKeys(app.graph, host, dataset))
      .then(
        (refusal) => (refusal ? refuse(refusal) : (cleared = true)),
        (error: unknown) => {
          app.log.warn({ err: error }, `checking for live sample keys failed; retrying in ${recheckDelayMs} ms`);
          setTimeout(check, recheckDelayMs).unref();
        },
      );
  };
  check();
}
