import type { FastifyPluginAsync } from 'fastify';

/** Liveness says the process answers; readiness says it can serve data (Neo4j reachable, schema migrated). */
export const healthPlugin: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const neo4jReachable = await app.graph.isReachable();
    const ready = neo4jReachable && app.isGraphMigrated();
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'unavailable',
      neo4j: neo4jReachable ? 'reachable' : 'unreachable',
      migrated: app.isGraphMigrated(),
    });
  });
};
