import type { FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { loadConfig, type AppConfig, type TraceSettings } from '../../src/config.js';

export function testConfig(overrides: { trace?: Partial<TraceSettings>; neo4jUri?: string } = {}): AppConfig {
  const env = loadConfig();
  const uri = overrides.neo4jUri ?? env.neo4j.uri;
  if (!uri) throw new Error('NEO4J_URI is unset: run the tests with `npm test`, which starts Neo4j');
  return { ...env, neo4j: { ...env.neo4j, uri }, trace: { ...env.trace, ...overrides.trace } };
}

/** A migrated app on the test Neo4j, closed when the test ends. */
export async function testApp(t: Test, overrides: Parameters<typeof testConfig>[0] = {}): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(overrides), { logger: false });
  t.teardown(() => app.close());
  await app.graphMigrated;
  return app;
}

export interface GraphqlResponse<T = Record<string, unknown>> {
  statusCode: number;
  data: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

export async function gql<T = Record<string, any>>(
  app: FastifyInstance,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphqlResponse<T>> {
  const response = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
  return { statusCode: response.statusCode, ...(response.json() as Omit<GraphqlResponse<T>, 'statusCode'>) };
}
