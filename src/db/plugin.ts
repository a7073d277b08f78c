import fp from 'fastify-plugin';
import type { CapacitySettings, Neo4jConnection } from '../config.js';
import { Graph } from './graph.js';
import { migrate } from './migrations.js';

declare module 'fastify' {
  interface FastifyInstance {
    graph: Graph;
    /** Resolves once constraints and indexes exist; retried in the background while Neo4j is away. */
    graphMigrated: Promise<void>;
    isGraphMigrated(): boolean;
  }
}

const retryDelayMs = 2_000;

/**
 * Owns the driver for the app's lifetime. The app starts even while Neo4j is unreachable (an
 * orchestrator may start both at once): `/readyz` says 503 until the migration has run.
 */
export const graphPlugin = fp<{ neo4j: Neo4jConnection; capacity: CapacitySettings }>(
  async (app, { neo4j, capacity }) => {
    const graph = Graph.connect(neo4j, capacity);
    let migrated = false;
    let closing = false;
    let retryTimer: NodeJS.Timeout | undefined;

    const graphMigrated = new Promise<void>((resolve) => {
      const attempt = (): void => {
        migrate(graph).then(
          () => {
            migrated = true;
            resolve();
          },
          (error: unknown) => {
            if (closing) return;
            app.log.warn({ err: error }, `Neo4j migration failed; retrying in ${retryDelayMs} ms`);
            retryTimer = setTimeout(attempt, retryDelayMs);
            retryTimer.unref();
          },
        );
      };
      attempt();
    });

    app.decorate('graph', graph);
    app.decorate('graphMigrated', graphMigrated);
    app.decorate('isGraphMigrated', () => migrated);
    app.addHook('onClose', async () => {
      closing = true;
      clearTimeout(retryTimer);
      await graph.close();
    });
  },
  { name: 'graph' },
);
