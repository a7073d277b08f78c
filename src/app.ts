import Fastify, { type FastifyInstance } from 'fastify';
import type { AppConfig } from './config.js';
import { graphPlugin } from './db/plugin.js';
import { graphiqlPlugin } from './graphiql/plugin.js';
import { graphqlPlugin } from './graphql/plugin.js';
import { healthPlugin } from './health/plugin.js';
import { registryResolvers } from './registry/resolvers.js';
import { RegistryService } from './registry/service.js';
import { exampleTraceQuery } from './trace/example.js';
import { traceResolvers } from './trace/resolvers.js';
import { TraceService } from './trace/service.js';

export interface BuildOptions {
  /** Pino logger options or false; tests pass false. */
  logger?: boolean | { level: string };
}

/** The whole service as a Fastify instance, one plugin per concern; tests drive it with `app.inject`. */
export async function buildApp(config: AppConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: 1_048_576,
  });

  await app.register(graphPlugin, { neo4j: config.neo4j });
  await app.register(healthPlugin);
  await app.register(graphqlPlugin, {
    modules: [registryResolvers(new RegistryService(app.graph)), { resolvers: traceResolvers(new TraceService(app.graph, config.trace)) }],
  });
  await app.register(graphiqlPlugin, { endpoint: '/graphql', defaultQuery: exampleTraceQuery });
  return app;
}
