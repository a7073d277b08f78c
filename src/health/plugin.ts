import type { FastifyPluginAsync } from 'fastify';

export interface HealthOptions {
  /**
   * Work to finish before the instance takes traffic, run concurrently once Neo4j is migrated
   * (planning the read queries: a request that meets an unplanned query waits seconds for the planner).
   */
  warmUp: (() => Promise<unknown>)[];
}

/**
 * Liveness says the process answers; readiness says it can serve data fast (Neo4j reachable,
 * schema migrated, read queries planned).
 */
export const healthPlugin: FastifyPluginAsync<HealthOptions> = async (app, { warmUp }) => {
  let warmedUp = warmUp.length === 0;
  if (warmUp.length > 0) {
    app.addHook('onReady', async () => {
      void app.graphMigrated.then(async () => {
        const started = Date.now();
        const results = await Promise.allSettled(warmUp.map((task) => task()));
        // A failed part does not hold readiness back: requests still get answers, only the first
        // of each query it did not plan waits for the planner.
        for (const result of results) {
          if (result.status === 'rejected')
            app.log.warn({ err: result.reason as unknown }, 'query plan warm-up stopped');
        }
        app.log.info({ ms: Date.now() - started }, 'query plans warmed up');
        warmedUp = true;
      });
    });
  }

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const neo4jReachable = await app.graph.isReachable();
    const migrated = app.isGraphMigrated();
    const ready = neo4jReachable && migrated && warmedUp;
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : neo4jReachable && migrated ? 'warming up' : 'unavailable',
      neo4j: neo4jReachable ? 'reachable' : 'unreachable',
      migrated,
      warmedUp,
    });
  });
};
