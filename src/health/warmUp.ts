import { KeyStore } from '../auth/keys.js';
import { newToken } from '../auth/tokens.js';
import { roles, type Role, type Viewer } from '../auth/viewer.js';
import { cypher, type CypherQuery, type Graph, type TransactionOptions } from '../db/graph.js';
import type { TraceService } from '../trace/service.js';

/** How long a warm-up read may take: its first run is mostly planning, seconds per role and query. */
export const warmUpReadTimeoutMs = 120_000;

/**
 * The graph, its reads allowed `timeoutMs` unless the caller sets a limit: for the query-plan
 * warm-up. On a busy Neo4j, planning a visibility-laden query can outlast a request's time limit,
 * and a read cancelled that way leaves no plan in the cache, so the first request plans it again.
 */
export function withReadTimeout(graph: Graph, timeoutMs: number): Graph {
  const patient = Object.create(graph) as Graph;
  patient.read = <P extends object, R>(query: CypherQuery<P, R>, params: P, options: TransactionOptions = {}) =>
    graph.read(query, params, { timeoutMs, ...options });
  return patient;
}

const deliveredProject = cypher<Record<string, never>, { projectId: string; buyerId: string; importerId: string }>(
  'warm_up_delivered_project',
  `MATCH (project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer), (project)<-[:FOR_PROJECT]-(:Delivery)-[:DELIVERED_BY]->(importer:ChainNode)
   RETURN project.id AS projectId, buyer.id AS buyerId, importer.id AS importerId
   LIMIT 1`,
);

/**
 * Traces one delivered project as every role (as its buyer, as its importer), with and without
 * risks, and drops the answers. Planning is not all: a role's first trace that reaches data took
 * about 1 s more than the next ones (of other projects too), also with the plan cached, while a
 * trace of an id that matches nothing does not get that far. On an empty database the trace
 * queries are only planned.
 */
export async function warmUpTraces(graph: Graph, traces: TraceService): Promise<void> {
  const [sample] = await graph.read(deliveredProject, {});
  if (!sample) return traces.warmUp();
  const orgOf: Record<Role, string | null> = { ADMIN: null, ANALYST: null, BUYER: sample.buyerId, MEMBER: sample.importerId };
  await Promise.all(
    roles.map(async (role) => {
      const viewer: Viewer = { keyId: 'warm-up', role, orgId: orgOf[role] };
      // A trace that fails has still been planned; the others go on.
      for (const withRisks of [false, true]) await traces.trace(viewer, sample.projectId, null, withRisks).catch(() => undefined);
    }),
  );
}

/** Plans the API-key lookup every request makes, with a well-formed key id that exists nowhere. */
export async function warmUpKeyLookup(graph: Graph): Promise<void> {
  await new KeyStore(graph).authenticate(newToken().token);
}
