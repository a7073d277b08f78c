import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { KeyStore } from '../../src/auth/keys.js';
import type { AppConfig } from '../../src/config.js';
import { cypher, type CypherEvent, type Graph } from '../../src/db/graph.js';
import { driverAutoCommitRead, driverRead } from './driverRead.js';
import { postTrace, withCypherEvents, type ApiRequest } from './http.js';
import { ms, ratio, summarize, table, type Summary } from './stats.js';

/**
 * API latency against the driver per role: for an origins-only trace and for `dueDiligence`, as
 * ADMIN, as the project's own BUYER and as a MEMBER (an importer that delivered to the project),
 * the API is timed beside the very Cypher it sends for that request, replayed through the driver.
 *
 * The API column is measured twice, on two apps over the same Neo4j: one as configured (with the
 * trace cache on, every request is a hit: each was asked once before) and one with the trace cache
 * off (every request a miss).
 */

export const ORIGINS_GRAPHQL = `query Origins($id: ID!) { trace(projectId: $id) { tracedShare origins { share quarry { id } } } }`;

const DUE_DILIGENCE_SUMMARY_GRAPHQL = `query DueDiligenceSummary($id: ID!) {
  dueDiligence(projectId: $id) {
    dataVersion
    origins { tracedShare countries { country share } }
    risks { theme highestResidualLevel share }
    gaps { share node { id } }
    measures { actionPlans { id status } certificates { id status } }
  }
}`;

const kinds = [
  { name: 'origins-only trace', query: ORIGINS_GRAPHQL, field: 'trace' },
  { name: 'dueDiligence', query: DUE_DILIGENCE_SUMMARY_GRAPHQL, field: 'dueDiligence' },
] as const;

const roles = ['ADMIN', 'BUYER', 'MEMBER'] as const;
type MeasuredRole = (typeof roles)[number];

/** The targets: API at most this many times the driver. */
const TARGET = { p50: 1.2, p99: 1.5 };

export interface RoleKeys {
  /** The Authorization header of `role` for tracing `projectId`. */
  authorization(role: MeasuredRole, projectId: string): string;
}

const deliveringImporters = cypher<{ projectIds: string[] }, { projectId: string; importerId: string }>(
  'bench_delivering_importer',
  `UNWIND $projectIds AS projectId
   MATCH (:Project {id: projectId})<-[:FOR_PROJECT]-(:Delivery)-[:DELIVERED_BY]->(importer:Importer)
   RETURN projectId, min(importer.id) AS importerId`,
);

/** One ADMIN key, a BUYER key per buyer and a MEMBER key per delivering importer of the sample. */
export async function issueRoleKeys(
  graph: Graph,
  sample: string[],
  buyerOfProject: Map<string, string>,
  note: string,
): Promise<RoleKeys> {
  const keys = new KeyStore(graph);
  const tokens = new Map<string, string>();
  const tokenOf = async (role: MeasuredRole, orgId: string | null): Promise<string> => {
    const id = `${role} ${orgId ?? ''}`;
    let token = tokens.get(id);
    if (!token) {
      token = `Bearer ${(await keys.issue(role, orgId, note)).token}`;
      tokens.set(id, token);
    }
    return token;
  };
  const importerOf = new Map(
    (await graph.read(deliveringImporters, { projectIds: sample })).map((row) => [row.projectId, row.importerId]),
  );
  const byProject = new Map<string, Record<MeasuredRole, string>>();
  for (const id of sample) {
    const buyer = buyerOfProject.get(id);
    const importer = importerOf.get(id);
    if (!buyer || !importer) throw new Error(`project ${id} has no buyer or no delivering importer`);
    byProject.set(id, {
      ADMIN: await tokenOf('ADMIN', null),
      BUYER: await tokenOf('BUYER', buyer),
      MEMBER: await tokenOf('MEMBER', importer),
    });
  }
  console.log(`   ${tokens.size} key(s) for ADMIN, BUYER and MEMBER`);
  return {
    authorization(role, projectId) {
      const token = byProject.get(projectId)?.[role];
      if (!token) throw new Error(`no ${role} key for ${projectId}`);
      return token;
    },
  };
}

/** The configuration with the trace cache off: every request reads its trace. */
export function withoutTraceCache(config: AppConfig): AppConfig {
  return { ...config, trace: { ...config.trace, cache: { ...config.trace.cache, maxEntries: 0 } } };
}

/** An app of its own on a loopback port. */
export async function listening(config: AppConfig): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp(config, { logger: false });
  await app.graphMigrated;
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('the API is not listening on a TCP port');
  return { app, url: `http://127.0.0.1:${address.port}/graphql` };
}

/** Why an answer is not a good one, or null. */
function problemOf(label: string, field: string, status: number, text: string): string | null {
  if (status !== 200) return `${label}: HTTP ${status} ${text.slice(0, 300)}`;
  const parsed = JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: unknown[] };
  if (parsed.errors?.length || !parsed.data?.[field]) return `${label}: ${text.slice(0, 300)}`;
  return null;
}

interface Case {
  role: MeasuredRole;
  kind: (typeof kinds)[number];
  projectId: string;
  request: ApiRequest;
  /** The reads the API sends for this request, apart from authenticating the key. */
  reads: CypherEvent[];
}

interface Timings {
  driver: number[];
  autoCommit: number[];
  hit: number[];
  miss: number[];
  /** How many of the timed API requests looked their key up in Neo4j (a key is trusted for a while after). */
  keyLookups: { hit: number; miss: number };
}

export async function benchRoleLatency(options: {
  config: AppConfig;
  /** Where the driver baseline replays the API's reads. */
  graph: Graph;
  sample: string[];
  keys: RoleKeys;
  rounds: number;
}): Promise<{ report: string; problems: string[] }> {
  const { graph, sample, keys, rounds } = options;
  const { database } = options.config.neo4j;
  const cached = await listening(options.config);
  const uncached = await listening(withoutTraceCache(options.config)).catch(async (error: unknown) => {
    await cached.app.close();
    throw error;
  });
  const problems: string[] = [];
  try {
    // What authenticating a key reads, per role: not part of the trace, so not replayed.
    const authReads = new Set<string>();
    for (const role of roles) {
      const request = {
        body: JSON.stringify({ query: '{ __typename }' }),
        authorization: keys.authorization(role, sample[0] as string),
      };
      for (const event of (await withCypherEvents(() => postTrace(uncached.url, request))).events)
        authReads.add(event.name);
    }

    // Each request once to the app without the cache, recording what it reads; once to the cached one, filling the cache.
    const cases: Case[] = [];
    for (const projectId of sample) {
      for (const role of roles) {
        for (const kind of kinds) {
          const request = {
            body: JSON.stringify({ query: kind.query, variables: { id: projectId } }),
            authorization: keys.authorization(role, projectId),
          };
          const { result, events } = await withCypherEvents(() => postTrace(uncached.url, request));
          const problem = problemOf(`${role} ${kind.name} ${projectId}`, kind.field, result.status, result.text);
          if (problem) problems.push(problem);
          await postTrace(cached.url, request);
          cases.push({
            role,
            kind,
            projectId,
            request,
            reads: events.filter((event) => event.routing === 'READ' && !authReads.has(event.name)),
          });
        }
      }
    }
    // A request the cached app answers without reading the trace again is a hit.
    let hits = 0;
    for (const c of cases) {
      const { events } = await withCypherEvents(() => postTrace(cached.url, c.request));
      if (!events.some((event) => c.reads.some((read) => read.name === event.name))) hits++;
    }
    const replayed = [...new Set(cases.flatMap((c) => c.reads.map((read) => read.name)))];

    const timings = new Map<string, Timings>();
    const timingsOf = (c: Case): Timings => {
      const id = `${c.role} ${c.kind.name}`;
      let found = timings.get(id);
      if (!found) {
        found = { driver: [], autoCommit: [], hit: [], miss: [], keyLookups: { hit: 0, miss: 0 } };
        timings.set(id, found);
      }
      return found;
    };
    const time = async (c: Case, served: 'hit' | 'miss'): Promise<void> => {
      const { result, events } = await withCypherEvents(() =>
        postTrace(served === 'hit' ? cached.url : uncached.url, c.request),
      );
      const problem = problemOf(`${c.role} ${c.kind.name} ${c.projectId}`, c.kind.field, result.status, result.text);
      if (problem) return void problems.push(problem);
      const into = timingsOf(c);
      into[served].push(result.ms);
      if (events.some((event) => authReads.has(event.name))) into.keyLookups[served]++;
    };
    const replay = async (
      c: Case,
      send: (graph: Graph, database: string | undefined, text: string, params: object) => Promise<unknown>,
      into: number[],
    ): Promise<void> => {
      const t0 = performance.now();
      for (const read of c.reads) await send(graph, database, read.text, read.params);
      into.push(performance.now() - t0);
    };
    for (let round = 0; round < rounds; round++) {
      for (const [i, c] of cases.entries()) {
        const into = timingsOf(c);
        const steps = [
          () => replay(c, driverRead, into.driver),
          () => replay(c, driverAutoCommitRead, into.autoCommit),
          () => time(c, 'hit'),
          () => time(c, 'miss'),
        ];
        // Taking turns going first, so whatever one leaves behind (GC, JIT) hits all alike.
        for (let k = 0; k < steps.length; k++) await (steps[(i + round + k) % steps.length] as () => Promise<void>)();
      }
    }

    const verdict = (value: number, driver: number, target: number): string =>
      `${ratio(value, driver)}${value / driver <= target ? '' : ' (over)'}`;
    const rows = [...timings.entries()].map(([label, t]) => {
      const [driver, autoCommit, hit, miss] = [t.driver, t.autoCommit, t.hit, t.miss].map(summarize) as [
        Summary,
        Summary,
        Summary,
        Summary,
      ];
      return [
        label,
        ms(driver.p50),
        ms(autoCommit.p50),
        ms(miss.p50),
        verdict(miss.p50, driver.p50, TARGET.p50),
        ms(hit.p50),
        verdict(hit.p50, driver.p50, TARGET.p50),
        ms(driver.p99),
        ms(miss.p99),
        verdict(miss.p99, driver.p99, TARGET.p99),
        ms(hit.p99),
        verdict(hit.p99, driver.p99, TARGET.p99),
        `${t.keyLookups.miss} / ${t.keyLookups.hit} of ${t.miss.length}`,
      ];
    });
    return {
      problems,
      report: [
        `\nAPI against the driver per role (ms; ${sample.length} projects x ${rounds} round(s), interleaved; targets: API/driver <= ${TARGET.p50}x at p50, <= ${TARGET.p99}x at p99)`,
        table([
          [
            'role, query',
            'driver p50',
            'auto-commit p50',
            'miss p50',
            'miss/driver',
            'hit p50',
            'hit/driver',
            'driver p99',
            'miss p99',
            'miss/driver',
            'hit p99',
            'hit/driver',
            'key looked up (miss / hit)',
          ],
          ...rows,
        ]),
        `driver: the reads the API sent for that very request, replayed with the driver's executeQuery (a transaction function); auto-commit: the same reads as auto-commit queries, as the API sends them (${replayed.join(', ') || 'none'}; key lookups ${[...authReads].join(', ') || 'none'} left out); ` +
          `key looked up: requests that also read their API key from Neo4j (a key is trusted ${options.config.edge.keyCacheTtlMs} ms; with a key per buyer and per importer in rotation, most BUYER and MEMBER requests come after that); ` +
          `miss: an app with the trace cache off; hit: an app as configured, each request asked once before (${hits} of ${cases.length} answered without reading the trace` +
          `${hits === 0 ? ': no trace cache is on, so this column measures misses too' : ''})`,
      ].join('\n'),
    };
  } finally {
    await Promise.all([cached.app.close(), uncached.app.close()]);
  }
}
