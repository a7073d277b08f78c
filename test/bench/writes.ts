import { randomUUID } from 'node:crypto';
import type { KeyStore } from '../../src/auth/keys.js';
import { loadConfig } from '../../src/config.js';
import type { Viewer } from '../../src/auth/viewer.js';
import { cypher, type CypherQuery, type Graph, type GraphTransaction } from '../../src/db/graph.js';
import { RegistryCommands } from '../../src/registry/commands.js';
import { withProcessorKeys, withQuarryKeys } from '../../src/registry/writes.js';
import type { DeliveryFields } from '../../src/registry/validation.js';
import type { StoneType } from '../../src/shared/contract.generated.js';
import { bulkWrites } from '../../src/seed/load.js';
import type { LoadReport, LoadTask } from './load.js';
import { ms, percentile, ratio, table } from './stats.js';

/**
 * Writes through the API beside the same write Cypher through the driver: `registerSupplyLink` and
 * `recordDelivery` as an ADMIN, one at a time (p50, p99) and at `connections` connections
 * (requests/s). The driver side replays, in one write transaction, exactly the statements the
 * service sent in its transaction for the same kind of write (recorded in-process), with fresh ids.
 *
 * The writes go to nodes of their own (ids `bench-write-...`) that no project's trace reaches, so
 * the other phases trace the same graph; the links and deliveries made are deleted at the end.
 */

const PREFIX = 'bench-write';
const QUARRIES = 50;
const PROCESSORS = 200;
const PROJECTS = 10;
const STONE_TYPE: StoneType = 'GRANITE';
/** Recorded transactions replayed by the driver (each write of a kind sends the same statements). */
const RECORDINGS = 20;
/** Distinct request bodies the load generator rotates through. */
const LOAD_BODIES = 20_000;
const adminViewer: Viewer = { keyId: 'bench-write', role: 'ADMIN', orgId: null };

const LINK_MUTATION = 'mutation Link($input: SupplyLinkInput!) { registerSupplyLink(input: $input) { id } }';
const DELIVERY_MUTATION = 'mutation Delivery($input: DeliveryInput!) { recordDelivery(input: $input) { id } }';

interface Statement {
  query: CypherQuery<object, unknown>;
  params: object;
}

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.parse('1990-01-01T00:00:00Z') / DAY_MS;

/**
 * The i-th distinct link: every (quarry, processor) pair once, then again on a later one-day
 * validity (links of one triple must not overlap, or the registration returns the existing one).
 */
function linkInput(i: number): Record<string, unknown> {
  const pairs = QUARRIES * PROCESSORS;
  const day = new Date((FIRST_DAY + Math.floor(i / pairs)) * DAY_MS).toISOString().slice(0, 10);
  return {
    supplierId: `${PREFIX}-quarry-${i % QUARRIES}`,
    customerId: `${PREFIX}-processor-${Math.floor(i / QUARRIES) % PROCESSORS}`,
    stoneType: STONE_TYPE,
    validFrom: day,
    validTo: day,
    annualVolumeTonnes: 100 + (i % 900),
  };
}

function deliveryInput(i: number): DeliveryFields {
  const quantity = 10 + (i % 1000);
  return {
    projectId: `${PREFIX}-project-${i % PROJECTS}`,
    importerId: `${PREFIX}-importer-0`,
    stoneType: STONE_TYPE,
    quantity,
    unit: 'T',
    massTonnes: quantity,
    deliveredOn: '2024-06-03',
    declaredOriginCountry: null,
    declaredOriginArea: null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The parameters with every generated id (a UUID) replaced by a fresh one, the same one wherever it recurs. */
function withFreshIds(params: unknown, fresh = new Map<string, string>()): unknown {
  if (typeof params === 'string' && UUID.test(params)) {
    let replacement = fresh.get(params);
    if (!replacement) fresh.set(params, (replacement = randomUUID()));
    return replacement;
  }
  if (Array.isArray(params)) return params.map((item) => withFreshIds(item, fresh));
  if (params !== null && typeof params === 'object' && Object.getPrototypeOf(params) === Object.prototype) {
    return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, withFreshIds(value, fresh)]));
  }
  return params;
}

/** The graph, except that the statements of each write transaction are reported when it commits. */
function recordingWrites(graph: Graph, onTransaction: (statements: Statement[]) => void): Graph {
  return new Proxy(graph, {
    get(target, property) {
      if (property === 'writeTransaction') {
        return async <T>(
          work: (tx: GraphTransaction) => Promise<T>,
          options?: Parameters<Graph['writeTransaction']>[1],
        ): Promise<T> => {
          let statements: Statement[] = [];
          const result = await target.writeTransaction((tx) => {
            // A retried transaction starts over.
            statements = [];
            const recording = new Proxy(tx, {
              get(inner, name) {
                if (name === 'run') {
                  return (query: CypherQuery<object, unknown>, params: object) => {
                    statements.push({ query, params });
                    return inner.run(query, params);
                  };
                }
                const value: unknown = Reflect.get(inner, name, inner);
                return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(inner) : value;
              },
            });
            return work(recording);
          }, options);
          onTransaction(statements);
          return result;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const replay = (graph: Graph, statements: Statement[]): Promise<void> =>
  graph.writeTransaction(async (tx) => {
    const fresh = new Map<string, string>();
    for (const { query, params } of statements) await tx.run(query, withFreshIds(params, fresh) as object);
  });

async function post(url: string, authorization: string, body: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body,
  });
  const text = await response.text();
  const elapsed = performance.now() - start;
  if (response.status !== 200 || text.includes('"errors":'))
    throw new Error(`write failed: HTTP ${response.status} ${text.slice(0, 300)}`);
  return elapsed;
}

/** `connections` loops replaying recorded transactions for `durationS`: requests/s and latencies. */
async function driverLoad(
  graph: Graph,
  recordings: Statement[][],
  connections: number,
  durationS: number,
): Promise<{ rps: number; latencies: number[] }> {
  const latencies: number[] = [];
  const until = performance.now() + durationS * 1000;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        await replay(graph, recordings[next++ % recordings.length] as Statement[]);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { rps: latencies.length / ((performance.now() - started) / 1000), latencies };
}

async function setUp(graph: Graph, commands: RegistryCommands): Promise<void> {
  await graph.write(bulkWrites.quarries, {
    rows: Array.from({ length: QUARRIES }, (_, i) => ({
      id: `${PREFIX}-quarry-${i}`,
      name: `Bench write quarry ${i}`,
      country: 'PT',
      region: 'Write region',
      lat: 38.5,
      lon: -7.9,
      stoneTypes: [STONE_TYPE],
    })).map(withQuarryKeys),
  });
  await graph.write(bulkWrites.processors, {
    rows: Array.from({ length: PROCESSORS }, (_, i) => ({
      id: `${PREFIX}-processor-${i}`,
      name: `Bench write processor ${i}`,
      country: 'PT',
      city: null,
    })).map(withProcessorKeys),
  });
  await graph.write(bulkWrites.importers, {
    rows: [{ id: `${PREFIX}-importer-0`, name: 'Bench write importer', country: 'NL', covenantMember: true }],
  });
  await graph.write(bulkWrites.buyers, {
    rows: [{ id: `${PREFIX}-buyer-0`, name: 'Bench write municipality', country: 'NL' }],
  });
  await graph.write(bulkWrites.projects, {
    rows: Array.from({ length: PROJECTS }, (_, i) => ({
      id: `${PREFIX}-project-${i}`,
      name: `Bench write project ${i}`,
      kind: 'PLAZA',
      city: 'Town',
      country: 'NL',
      buyerId: `${PREFIX}-buyer-0`,
    })),
  });
  for (let i = 0; i < PROJECTS; i++)
    await commands.authoriseImporter(adminViewer, `${PREFIX}-project-${i}`, `${PREFIX}-importer-0`);
}

/** Deletes the links and deliveries the phase made (and its nodes), in batches. */
async function tearDown(graph: Graph): Promise<void> {
  // Each: what to delete (bound to `doomed`), at most 10,000 at a time.
  const batch = (name: string, match: string) =>
    cypher<{ prefix: string }, { deleted: number }>(
      `bench_write_delete_${name}`,
      `${match} WITH doomed LIMIT 10000 DETACH DELETE doomed RETURN count(*) AS deleted`,
    );
  const batches = [
    batch(
      'links',
      'MATCH (:ChainNode)<-[:CUSTOMER]-(doomed:SupplyLink)-[:SUPPLIER]->(supplier:ChainNode) WHERE supplier.id STARTS WITH $prefix',
    ),
    batch(
      'deliveries',
      'MATCH (doomed:Delivery)-[:FOR_PROJECT]->(project:Project) WHERE project.id STARTS WITH $prefix',
    ),
    batch(
      'authorisations',
      'MATCH (doomed:ImporterAuthorisation)-[:ON_PROJECT]->(project:Project) WHERE project.id STARTS WITH $prefix',
    ),
    batch(
      'nodes',
      'MATCH (doomed) WHERE (doomed:ChainNode OR doomed:Project OR doomed:Buyer) AND doomed.id STARTS WITH $prefix',
    ),
  ];
  for (const remove of batches) {
    for (;;) {
      const [row] = await graph.write(remove, { prefix: `${PREFIX}-` });
      if (!row || row.deleted === 0) break;
    }
  }
}

interface WriteKind {
  label: string;
  mutation: string;
  input: (i: number) => unknown;
  inProcess: (commands: RegistryCommands, i: number) => Promise<unknown>;
  dataField: string;
}

const kinds: WriteKind[] = [
  {
    label: 'registerSupplyLink',
    mutation: LINK_MUTATION,
    input: linkInput,
    inProcess: (commands, i) =>
      commands.registerSupplyLink(
        adminViewer,
        linkInput(i) as Parameters<RegistryCommands['registerSupplyLink']>[1],
        null,
      ),
    dataField: 'registerSupplyLink',
  },
  {
    label: 'recordDelivery',
    mutation: DELIVERY_MUTATION,
    input: deliveryInput,
    inProcess: (commands, i) => commands.recordDelivery(adminViewer, deliveryInput(i), null),
    dataField: 'recordDelivery',
  },
];

export async function benchWrites(options: {
  url: string;
  graph: Graph;
  keys: KeyStore;
  maxDepth: number;
  sequential: number;
  connections: number;
  durationS: number;
  runLoad: (task: LoadTask) => Promise<LoadReport>;
}): Promise<string> {
  const { url, graph, keys, maxDepth, sequential, connections, durationS, runLoad } = options;
  const commands = new RegistryCommands(graph, maxDepth, loadConfig().registry);
  await tearDown(graph);
  await setUp(graph, commands);
  const { token } = await keys.issue('ADMIN', null, 'stonetrace-bench');
  const authorization = `Bearer ${token}`;
  // Indexes 0.. are the load generator's, the sequential requests and recordings come after them.
  let nextIndex = LOAD_BODIES;
  const rows: string[][] = [];
  try {
    for (const kind of kinds) {
      const recordings: Statement[][] = [];
      const recorder = new RegistryCommands(
        recordingWrites(graph, (statements) => recordings.push(statements)),
        maxDepth,
        loadConfig().registry,
      );
      for (let r = 0; r < RECORDINGS; r++) await kind.inProcess(recorder, nextIndex++);
      const statementNames = (recordings[0] ?? []).map((statement) => statement.query.name);

      // Taking turns, so whatever one leaves behind hits both alike.
      const api: number[] = [];
      const driver: number[] = [];
      for (let i = 0; i < sequential; i++) {
        const body = JSON.stringify({ query: kind.mutation, variables: { input: kind.input(nextIndex++) } });
        const driverStep = async (): Promise<void> => {
          const t0 = performance.now();
          await replay(graph, recordings[i % recordings.length] as Statement[]);
          driver.push(performance.now() - t0);
        };
        const apiStep = async (): Promise<void> => void api.push(await post(url, authorization, body));
        if (i % 2 === 0) {
          await apiStep();
          await driverStep();
        } else {
          await driverStep();
          await apiStep();
        }
      }

      const requests = Array.from({ length: LOAD_BODIES }, (_, i) => ({
        body: JSON.stringify({ query: kind.mutation, variables: { input: kind.input(i) } }),
        authorization,
      }));
      const load = await runLoad({ url, requests, connections, durationS, timeoutS: 60, dataField: kind.dataField });
      const failed =
        load.result.non2xx + load.result.errors + load.result.timeouts + load.graphqlErrors + load.missingTrace;
      if (failed > 0) throw new Error(`${kind.label} under load: ${failed} failed, first: ${load.firstProblem}`);
      const driverLoaded = await driverLoad(graph, recordings, connections, durationS);
      const apiRps = load.result.requests.mean;
      rows.push([
        `${kind.label} (${statementNames.length} statements in one transaction: ${statementNames.join(', ')})`,
        `${ms(percentile(api, 50))} / ${ms(percentile(api, 99))}`,
        `${ms(percentile(driver, 50))} / ${ms(percentile(driver, 99))}`,
        `${ratio(percentile(api, 50), percentile(driver, 50))} / ${ratio(percentile(api, 99), percentile(driver, 99))}`,
        `${apiRps.toFixed(1)} / ${driverLoaded.rps.toFixed(1)}`,
        ratio(driverLoaded.rps, apiRps),
      ]);
    }
  } finally {
    await tearDown(graph);
  }
  return [
    `\nwrites as ADMIN: API beside the same write transaction through the driver (${sequential} sequential each, then ${connections} connections for ${durationS} s; target <= 1.5x)`,
    table([
      [
        '',
        'API p50 / p99 (ms)',
        'driver p50 / p99 (ms)',
        'API/driver p50 / p99',
        `requests/s at ${connections}: API / driver`,
        'driver/API requests/s',
      ],
      ...rows,
    ]),
  ].join('\n');
}
