import { parseArgs } from 'node:util';
import { KeyStore } from '../auth/keys.js';
import { roles, type Role } from '../auth/viewer.js';
import { readEmbeddedPassword } from '../../neo4j/embedded.js';
import { loadConfig } from '../config.js';
import { Graph } from '../db/graph.js';
import { migrate } from '../db/migrations.js';

const usage = `usage:
  npm run keys -- issue --role ADMIN|ANALYST [--note TEXT]
  npm run keys -- issue --org <organisation id> --role MEMBER|BUYER [--note TEXT]
  npm run keys -- revoke <keyId>
  npm run keys -- list
Talks to NEO4J_URI, or to the embedded Neo4j of a running \`npm start\` (bolt://127.0.0.1:$NEO4J_BOLT_PORT,
with the password stored in its data directory).
\`issue\` prints the new token as the last line: it is shown once and stored only as a hash.`;

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

const { positionals, values } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: { role: { type: 'string' }, org: { type: 'string' }, note: { type: 'string' } },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();

const [command, argument] = positionals;
const config = loadConfig();
const graph = Graph.connect(
  config.neo4j.uri
    ? { ...config.neo4j, uri: config.neo4j.uri }
    : {
        ...config.neo4j,
        uri: `bolt://127.0.0.1:${config.embeddedNeo4j.boltPort}`,
        user: 'neo4j',
        password: (() => {
          try {
            return readEmbeddedPassword(config.embeddedNeo4j.dataDir);
          } catch (error) {
            return fail((error as Error).message);
          }
        })(),
      },
  config.capacity,
);
const keys = new KeyStore(graph);

try {
  await migrate(graph);
  switch (command) {
    case 'issue': {
      const role = values.role?.toUpperCase();
      if (!role || !(roles as readonly string[]).includes(role)) fail(`--role must be one of ${roles.join(', ')}`);
      const { keyId, token } = await keys
        .issue(role as Role, values.org ?? null, values.note ?? null)
        .catch((e: Error) => fail(e.message));
      console.log(
        `issued ${role} key ${keyId}${values.org ? ` for ${values.org}` : ''}; the token follows (shown once):`,
      );
      console.log(token);
      break;
    }
    case 'revoke': {
      if (!argument) fail('revoke needs a key id');
      const revokedAt = await keys.revoke(argument);
      if (!revokedAt) fail(`no key ${argument}`);
      console.log(`key ${argument} revoked at ${revokedAt}`);
      break;
    }
    case 'list':
      for (const key of await keys.list()) {
        console.log(
          [
            key.id,
            key.role,
            key.orgId ?? '-',
            key.createdAt,
            key.revokedAt ? `revoked ${key.revokedAt}` : 'active',
            key.note ?? '',
          ].join('\t'),
        );
      }
      break;
    default:
      fail(command ? `unknown command ${command}` : 'a command is needed');
  }
} finally {
  await graph.close();
}
