import type { CypherQuery, Graph, TransactionOptions } from '../db/graph.js';

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
