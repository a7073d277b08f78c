import type { FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { KeyStore } from '../../src/auth/keys.js';
import type { Role } from '../../src/auth/viewer.js';
import type { EmbeddedNeo4j } from '../../neo4j/embedded.js';
import {
  loadConfig,
  type AppConfig,
  type CapacitySettings,
  type ReportSettings,
  type TraceSettings,
  type WebhookSettings,
} from '../../src/config.js';
import { cypher } from '../../src/db/graph.js';

/**
 * `server`: a Neo4j of the test's own (started with startEmbeddedNeo4j) instead of the suite's.
 * The webhook delivery worker is off unless `webhooks.worker` turns it on: elsewhere its polling
 * would only add round trips to tests that count them.
 */
export function testConfig(
  overrides: {
    trace?: Partial<TraceSettings>;
    capacity?: Partial<CapacitySettings>;
    report?: Partial<ReportSettings>;
    webhooks?: Partial<WebhookSettings>;
    server?: Pick<EmbeddedNeo4j, 'uri' | 'user' | 'password'>;
  } = {},
): AppConfig {
  const env = loadConfig();
  const server = overrides.server ?? { ...env.neo4j };
  if (!server.uri) throw new Error('NEO4J_URI is unset: run the tests with `npm test`, which starts Neo4j');
  return {
    ...env,
    neo4j: { ...env.neo4j, uri: server.uri, user: server.user, password: server.password },
    trace: { ...env.trace, ...overrides.trace },
    capacity: { ...env.capacity, ...overrides.capacity },
    report: { ...env.report, ...overrides.report },
    webhooks: { ...env.webhooks, worker: false, ...overrides.webhooks },
  };
}

/** A migrated app on the test Neo4j, closed when the test ends. */
export async function testApp(t: Test, overrides: Parameters<typeof testConfig>[0] = {}): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(overrides), { logger: false });
  t.teardown(() => app.close());
  await app.graphMigrated;
  return app;
}

/** Issues a real API key (through the same store as `npm run keys`) and returns its token. */
export async function issueToken(app: FastifyInstance, role: Role, orgId: string | null = null): Promise<string> {
  return (await new KeyStore(app.graph).issue(role, orgId, 'test')).token;
}

const analystTokens = new WeakMap<FastifyInstance, Promise<string>>();

/** An ANALYST token for this app (issued once): reads everything, writes nothing. */
export function analystToken(app: FastifyInstance): Promise<string> {
  let token = analystTokens.get(app);
  if (!token) {
    token = issueToken(app, 'ANALYST');
    analystTokens.set(app, token);
  }
  return token;
}

export interface GraphqlResponse<T = Record<string, unknown>> {
  statusCode: number;
  data: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

export async function gql<T = Record<string, any>>(
  app: FastifyInstance,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphqlResponse<T>> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query, variables },
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { statusCode: response.statusCode, ...response.json<Omit<GraphqlResponse<T>, 'statusCode'>>() };
}

/** Every node with one of `ids` and everything around it: what "the database is as before" means in a test. */
export const footprint = cypher<{ ids: string[] }, { nodes: number; rels: number; props: unknown[] }>(
  'test_footprint',
  `MATCH (n) WHERE n.id IN $ids
   OPTIONAL MATCH (n)-[r]-(m)
   WITH n, collect(DISTINCT [type(r), labels(m), properties(m)]) AS around
   ORDER BY n.id
   RETURN count(n) AS nodes, sum(size(around)) AS rels, collect([labels(n), properties(n), around]) AS props`,
);
