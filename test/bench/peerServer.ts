import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import neo4j, { type Driver, type ManagedTransaction, type SessionConfig } from 'neo4j-driver';
import { visibilityOf } from '../../src/auth/visibility.js';
import { computeShares, type ShareDelivery, type ShareResult } from '../../src/trace/compute.js';
import { traceTraversal } from '../../src/trace/query.js';

/**
 * The peer of the comparison with `@neo4j/graphql`: what a developer would build with it for the
 * trace, run by peer.ts in a child process (`fork`) so its CPU is measured apart from the API's and
 * it never shares an event loop with it.
 *
 * `trace(projectId)` is a `@cypher` field running stonetrace's own trace Cypher (the ADMIN text of
 * `traceQuery`, imported), whose rows the library projects into GraphQL types; `tracedShare` and
 * `origins` are `@customResolver` fields that run stonetrace's `computeShares` on what the Cypher
 * field returned, the split the library's documentation recommends for computed values. Served by
 * Apollo Server's standalone HTTP server. No authentication: every caller sees what an ADMIN sees.
 */

export interface PeerTask {
  neo4j: { uri: string; user: string; password: string; database?: string };
  maxDepth: number;
  maxPaths: number;
  leadTimeDays: number;
}

/** What the peer answers once it listens. */
export type PeerMessage = { ok: true; url: string } | { ok: false; error: string } | { cypher: string[] };

/** peer.ts forks this file with this argument; anything else (the test runner, say) gets a skip. */
const PEER_CHILD_FLAG = '--stonetrace-bench-peer';

/** The fields `computeShares` needs; the library reads only these from the Cypher field's rows. */
const SHARE_INPUT = 'deliveries quarryIds';

function typeDefs(maxDepth: number): string {
  // Our query traces a list of projects; the peer's field takes one.
  const traversal = traceTraversal(maxDepth, visibilityOf('ADMIN', maxDepth)).replaceAll('$projectIds', '[$projectId]');
  // The trace's sub-graph, reshaped into the GraphQL types below (the library maps maps onto them).
  const statement = `CALL () {
  ${traversal}
  RETURN deliveries, suppliers
}
RETURN {
  deliveries: [d IN deliveries | {
    importerId: d.importer.id, stoneType: d.delivery.stoneType, massTonnes: d.delivery.massTonnes,
    links: [l IN d.links | {id: l.link.id, supplierId: l.supplierId, customerId: l.customerId, annualVolumeTonnes: l.link.annualVolumeTonnes}]
  }],
  quarryIds: [s IN suppliers WHERE s:Quarry | s.id]
} AS trace`;
  return `
    "The trace's rows as Cypher returns them (lists of maps): the input of the share computation."
    scalar ShareInput
    type QuarryRef { id: ID! }
    type Origin { share: Float! quarry: QuarryRef! }
    type Trace @node @query(read: false, aggregate: false) @mutation(operations: []) {
      deliveries: ShareInput
      quarryIds: [ID!]!
      tracedShare: Float! @customResolver(requires: ${JSON.stringify(SHARE_INPUT)})
      origins: [Origin!]! @customResolver(requires: ${JSON.stringify(SHARE_INPUT)})
    }
    type Query {
      trace(projectId: ID!): Trace @cypher(statement: ${JSON.stringify(statement)}, columnName: "trace")
    }`;
}

interface TraceSource {
  deliveries: ShareDelivery[];
  quarryIds: string[];
}

/** The driver, except that the text of every query run in a read transaction is reported. */
function reportingDriver(driver: Driver, report: (text: string) => void): Driver {
  return new Proxy(driver, {
    get(target, property) {
      if (property === 'session') {
        return (config: SessionConfig) => {
          const session = target.session(config);
          const executeRead = session.executeRead.bind(session);
          session.executeRead = (work, transactionConfig) =>
            executeRead((tx) => {
              const reporting: ManagedTransaction = Object.create(tx) as ManagedTransaction;
              reporting.run = ((text: string, params?: Record<string, unknown>) => {
                report(text);
                return tx.run(text, params);
              }) as ManagedTransaction['run'];
              return work(reporting);
            }, transactionConfig);
          return session;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function startPeer(task: PeerTask, report: (text: string) => void): Promise<string> {
  const driver = neo4j.driver(task.neo4j.uri, neo4j.auth.basic(task.neo4j.user, task.neo4j.password), {
    disableLosslessIntegers: true,
  });
  // Both custom fields of one trace share one computation.
  const shares = new WeakMap<TraceSource, ShareResult>();
  const sharesOf = (trace: TraceSource): ShareResult => {
    let result = shares.get(trace);
    if (!result) {
      const quarries = new Set(trace.quarryIds);
      result = computeShares(trace.deliveries, (id) => quarries.has(id), {
        maxDepth: task.maxDepth,
        maxPaths: task.maxPaths,
      });
      shares.set(trace, result);
    }
    return result;
  };
  const schema = await new Neo4jGraphQL({
    typeDefs: typeDefs(task.maxDepth),
    driver: reportingDriver(driver, report),
    resolvers: {
      Trace: {
        tracedShare: (trace: TraceSource) => sharesOf(trace).tracedShare,
        origins: (trace: TraceSource) =>
          sharesOf(trace).origins.map((origin) => ({ share: origin.share, quarry: { id: origin.quarryId } })),
      },
    },
  }).getSchema();
  const server = new ApolloServer({ schema });
  const sessionConfig = task.neo4j.database ? { database: task.neo4j.database } : {};
  const cypherParams = { asOf: null, leadTimeDays: task.leadTimeDays };
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: 0 },
    context: () => Promise.resolve({ sessionConfig, cypherParams }),
  });
  return url;
}

function isPeerTask(value: unknown): value is PeerTask {
  const task = value as Partial<PeerTask> | null;
  return (
    typeof task?.neo4j?.uri === 'string' && typeof task.maxDepth === 'number' && typeof task.leadTimeDays === 'number'
  );
}

const send = process.send?.bind(process);
if (!send || !process.argv.includes(PEER_CHILD_FLAG)) {
  console.log('1..0 # SKIP peer server of the benchmark; run it with `npm run bench`');
} else {
  // The first query texts the peer sends, kept for the report; later ones are the same texts again.
  const sent = new Set<string>();
  const report = (text: string): void => {
    if (sent.size < 10) sent.add(text);
  };
  process.on('message', (message: unknown) => {
    if (message === 'cypher') {
      send({ cypher: [...sent] } satisfies PeerMessage);
      return;
    }
    if (!isPeerTask(message)) {
      send(
        { ok: false, error: `unexpected message ${JSON.stringify(message).slice(0, 200)}` } satisfies PeerMessage,
        () => process.exit(1),
      );
      return;
    }
    startPeer(message, report).then(
      (url) => send({ ok: true, url } satisfies PeerMessage),
      (error: unknown) =>
        send(
          {
            ok: false,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          } satisfies PeerMessage,
          () => process.exit(1),
        ),
    );
  });
}
