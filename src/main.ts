import { buildApp } from './app.js';
import { ConfigError, loadConfig, type EnvConfig } from './config.js';
import { graphiqlSampleTokens, guardAgainstSampleKeys } from './seed/sampleKeys.js';
import { readDataset } from './seed/dataset.js';
import { isGraphEmpty, loadDataset } from './seed/load.js';

/**
 * `npm start` (and the container's command). Without NEO4J_URI it starts the project's embedded
 * Neo4j first and loads the sample data into an empty database.
 */

function readConfig(): EnvConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfig();
let stopEmbedded = async (): Promise<void> => {};
let neo4j = { ...config.neo4j, uri: config.neo4j.uri ?? '' };
if (!config.neo4j.uri) {
  const { startEmbeddedNeo4j } = await import('../neo4j/embedded.js');
  console.error(
    `starting the embedded Neo4j on port ${config.embeddedNeo4j.boltPort} (data in ${config.embeddedNeo4j.dataDir})...`,
  );
  const embedded = await startEmbeddedNeo4j({ ...config.embeddedNeo4j, log: console.error });
  neo4j = { ...neo4j, uri: embedded.uri, user: embedded.user, password: embedded.password };
  stopEmbedded = embedded.stop;
}

// Only the local sample set-up (loopback, see loadConfig) opens GraphiQL with its read-only demonstration key.
const sampleData = config.seedOnEmpty ? readDataset() : null;
const graphiqlTokens = sampleData ? graphiqlSampleTokens(config.host, sampleData) : {};
const app = await buildApp({ ...config, neo4j }, { warmUp: true, graphiqlTokens });

let shuttingDown = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // `on`, not `once`: a repeated signal must not fall back to Node's default, which kills at once.
  process.on(signal, () => {
    if (shuttingDown) {
      app.log.info({ signal }, 'already shutting down: waiting for the requests in flight');
      return;
    }
    shuttingDown = true;
    app.log.info({ signal }, 'shutting down');
    // Stop accepting requests, let in-flight ones finish, close the driver, then the embedded Neo4j.
    app
      .close()
      .then(stopEmbedded)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'unclean shutdown');
          process.exit(1);
        },
      );
  });
}

// On an address others can reach, nothing but the health checks is served until the database is known
// to hold no live sample key (the check waits for Neo4j; the service listens meanwhile).
guardAgainstSampleKeys(app, config.host, readDataset(), (refusal) => {
  app.log.fatal(refusal);
  console.error(refusal);
  void app
    .close()
    .then(stopEmbedded)
    .finally(() => process.exit(1));
});

await app.listen({ host: config.host, port: config.port });
const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
app.log.info(`stonetrace listening: GraphiQL at ${base}/graphiql, GraphQL at ${base}/graphql`);

// The sample data follows once Neo4j is there: the API listens (and /readyz says 503) meanwhile.
const seedRetryMs = 5_000;
async function seedWhenReady(dataset: NonNullable<typeof sampleData>): Promise<void> {
  await app.graphMigrated;
  try {
    if (!(await isGraphEmpty(app.graph))) return;
    const counts = await loadDataset(app.graph, dataset, config.capacity.importTimeoutMs);
    app.log.info({ counts }, 'loaded the sample data set into the empty database');
  } catch (error) {
    if (shuttingDown) return;
    // One transaction: a failed load left nothing behind, so trying again is safe.
    app.log.warn({ err: error }, `loading the sample data failed; retrying in ${seedRetryMs} ms`);
    setTimeout(() => void seedWhenReady(dataset), seedRetryMs).unref();
  }
}
if (sampleData) void seedWhenReady(sampleData);
