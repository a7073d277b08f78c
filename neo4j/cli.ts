import { loadConfig } from '../src/config.js';
import { embeddedPasswordFile, ensureLauncherBuilt, startEmbeddedNeo4j } from './embedded.js';

// `npm run neo4j`: a long-running development Neo4j, e.g. to run tests against with NEO4J_URI set.
// `npm run neo4j -- --build-only`: fetch and compile the launcher only (CI's install step).
if (process.argv.includes('--build-only')) {
  ensureLauncherBuilt(console.error);
  process.exit(0);
}
const { embeddedNeo4j } = loadConfig();
const neo4j = await startEmbeddedNeo4j({ ...embeddedNeo4j, log: console.error, onOutput: console.error });
console.log(
  `Neo4j ready at ${neo4j.uri} (data in ${embeddedNeo4j.dataDir}); user ${neo4j.user}, password in ${embeddedPasswordFile(embeddedNeo4j.dataDir)}; Ctrl-C stops it.`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void neo4j.stop().then(() => process.exit(0)));
}
