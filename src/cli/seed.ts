import { loadConfig } from '../config.js';
import { Graph } from '../db/graph.js';
import { migrate } from '../db/migrations.js';
import { readDataset } from '../seed/dataset.js';
import { loadDataset } from '../seed/load.js';

/**
 * `npm run seed`: loads seeds/sample.json idempotently (a second run changes nothing). Uses the
 * Neo4j at NEO4J_URI, or starts the embedded one for the duration of the load.
 */
const config = loadConfig();
let stopEmbedded = async (): Promise<void> => {};
let connection = { ...config.neo4j, uri: config.neo4j.uri ?? '' };
if (!config.neo4j.uri) {
  const { startEmbeddedNeo4j } = await import('../../neo4j/embedded.js');
  const embedded = await startEmbeddedNeo4j({ ...config.embeddedNeo4j, log: console.error });
  connection = { ...connection, uri: embedded.uri, user: embedded.user, password: embedded.password };
  stopEmbedded = embedded.stop;
}
const { uri } = connection;

const graph = Graph.connect(connection, config.capacity);
try {
  await migrate(graph);
  const counts = await loadDataset(graph, readDataset(), config.capacity.importTimeoutMs);
  console.log(`sample data loaded into ${uri}: ${JSON.stringify(counts)}`);
} finally {
  await graph.close();
  await stopEmbedded();
}
