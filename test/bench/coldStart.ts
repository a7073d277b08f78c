import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { buildApp } from '../../src/app.js';
import type { KeyStore } from '../../src/auth/keys.js';
import type { Role } from '../../src/auth/viewer.js';
import type { AppConfig } from '../../src/config.js';
import { cypher, cypherChannel, type CypherEvent, type Graph } from '../../src/db/graph.js';
import { ms, percentile, ratio, table } from './stats.js';

/**
 * Cold start: a fresh app with the query-plan warm-up on, against Neo4j with its plan cache
 * emptied (`db.clearQueryCaches()`, only on a Neo4j the bench owns: elsewhere other users' plans
 * would go too). Times how long `/readyz` takes to say 200, then the first trace of each role
 * against that role's warm p50 (target <= 3x).
 */

const ROLES = ['ADMIN', 'ANALYST', 'BUYER', 'MEMBER'] as const satisfies readonly Role[];
const WARM_TRACES = 30;
const READY_TIMEOUT_MS = 300_000;

const clearQueryCaches = cypher<Record<string, never>, unknown>(
  'bench_clear_query_caches',
  'CALL db.clearQueryCaches()',
);
const importerOfProject = cypher<{ id: string }, { importerId: string }>(
  'bench_importer_of_project',
  'MATCH (:Project {id: $id})<-[:FOR_PROJECT]-(:Delivery)-[:DELIVERED_BY]->(importer:ChainNode) RETURN importer.id AS importerId LIMIT 1',
);
const projectsOfImporter = cypher<{ id: string }, { projectId: string }>(
  'bench_projects_of_importer',
  `MATCH (:ChainNode {id: $id})<-[:DELIVERED_BY]-(:Delivery)-[:FOR_PROJECT]->(project:Project) RETURN DISTINCT project.id AS projectId LIMIT ${WARM_TRACES}`,
);

interface RoleCaller {
  role: Role;
  authorization: string;
  projects: string[];
}

async function callers(
  graph: Graph,
  keys: KeyStore,
  sample: string[],
  buyerOfProject: Map<string, string>,
): Promise<RoleCaller[]> {
  const first = sample[0];
  if (!first) throw new Error('no projects to trace');
  const result: RoleCaller[] = [];
  for (const role of ROLES) {
    let orgId: string | null = null;
    let projects = sample.slice(0, WARM_TRACES);
    if (role === 'BUYER') {
      orgId = buyerOfProject.get(first) ?? null;
      projects = [...buyerOfProject.entries()]
        .filter(([, buyer]) => buyer === orgId)
        .map(([id]) => id)
        .slice(0, WARM_TRACES);
    } else if (role === 'MEMBER') {
      const [row] = await graph.read(importerOfProject, { id: first });
      if (!row) throw new Error(`project ${first} has no delivery`);
      orgId = row.importerId;
      projects = (await graph.read(projectsOfImporter, { id: orgId })).map((r) => r.projectId);
      // The first trace is of the same project for every role.
      projects = [first, ...projects.filter((id) => id !== first)];
    }
    const { token } = await keys.issue(role, orgId, 'stonetrace-bench');
    result.push({ role, authorization: `Bearer ${token}`, projects });
  }
  return result;
}

async function trace(url: string, query: string, caller: RoleCaller, projectId: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: caller.authorization },
    body: JSON.stringify({ query, variables: { id: projectId } }),
  });
  const text = await response.text();
  const elapsed = performance.now() - start;
  if (response.status !== 200 || text.includes('"errors":'))
    throw new Error(`${caller.role} trace of ${projectId}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return elapsed;
}

export async function benchColdStart(options: {
  config: AppConfig;
  graph: Graph;
  keys: KeyStore;
  sample: string[];
  buyerOfProject: Map<string, string>;
  traceQuery: string;
  /** Whether the bench owns Neo4j, so its plan cache may be emptied. */
  ownsNeo4j: boolean;
}): Promise<string> {
  const { config, graph, keys, sample, buyerOfProject, traceQuery, ownsNeo4j } = options;
  const roleCallers = await callers(graph, keys, sample, buyerOfProject);
  if (ownsNeo4j) await graph.write(clearQueryCaches, {});
  const started = performance.now();
  const app = await buildApp(config, { logger: false, warmUp: true });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address !== 'object') throw new Error('the API is not listening on a TCP port');
    const base = `http://127.0.0.1:${address.port}`;
    let readyMs = Number.NaN;
    while (performance.now() - started < READY_TIMEOUT_MS) {
      if ((await fetch(`${base}/readyz`)).status === 200) {
        readyMs = performance.now() - started;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (!Number.isFinite(readyMs)) throw new Error(`/readyz did not say 200 within ${READY_TIMEOUT_MS / 1000} s`);

    const rows: string[][] = [];
    for (const caller of roleCallers) {
      const [firstProject] = caller.projects;
      if (!firstProject) continue;
      // What the first trace sends to Neo4j: a statement the warm-up did not plan shows up here.
      const sent: string[] = [];
      const record = (message: unknown): void => void sent.push((message as CypherEvent).name);
      subscribe(cypherChannel.name, record);
      const first = await trace(`${base}/graphql`, traceQuery, caller, firstProject).finally(() =>
        unsubscribe(cypherChannel.name, record),
      );
      const warm: number[] = [];
      for (let i = 0; i < WARM_TRACES; i++) {
        warm.push(
          await trace(`${base}/graphql`, traceQuery, caller, caller.projects[i % caller.projects.length] as string),
        );
      }
      const p50 = percentile(warm, 50);
      rows.push([caller.role, String(caller.projects.length), ms(first), ms(p50), ratio(first, p50), sent.join(', ')]);
    }
    return [
      `\ncold start: ${ownsNeo4j ? 'plan cache emptied, ' : 'external Neo4j, plan cache NOT emptied (plans may be warm), '}` +
        `fresh app with warm-up: /readyz 200 after ${(readyMs / 1000).toFixed(1)} s; first trace of each role after that (target <= 3x its warm p50)`,
      table([
        [
          'role',
          'projects',
          'first trace (ms)',
          `warm p50 (ms, ${WARM_TRACES} traces)`,
          'first / warm p50',
          'statements of the first trace',
        ],
        ...rows,
      ]),
    ].join('\n');
  } finally {
    await app.close();
  }
}
