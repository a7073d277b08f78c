import neo4j from 'neo4j-driver';
import type { Graph } from '../../src/db/graph.js';

/**
 * The baseline of the API figures: one statement through the driver the way its documentation
 * shows it, `executeQuery` with READ routing (a transaction function: BEGIN, RUN and COMMIT), and
 * nothing of the service's own (`Graph.read` sends a read as one auto-commit statement, with its
 * deadline and cancellation around it). Resolves to the rows as objects.
 */
export async function driverRead(
  graph: Graph,
  database: string | undefined,
  text: string,
  params: object,
): Promise<Record<string, unknown>[]> {
  const { records } = await graph.driver.executeQuery(text, params, { database, routing: neo4j.routing.READ });
  return records.map((record) => record.toObject());
}

/** The same statement as one auto-commit query (RUN and PULL, no BEGIN or COMMIT), as `Graph.read` sends it. */
export async function driverAutoCommitRead(
  graph: Graph,
  database: string | undefined,
  text: string,
  params: object,
): Promise<void> {
  const session = graph.driver.session({ database, defaultAccessMode: neo4j.session.READ });
  try {
    await session.run(text, params);
  } finally {
    await session.close();
  }
}
