import { roles, type Role, type Viewer } from '../auth/viewer.js';
import { cypher, type Graph } from '../db/graph.js';
import type { TraceService } from './service.js';

const deliveredProject = cypher<Record<string, never>, { projectId: string; buyerId: string; importerId: string }>(
  'warm_up_delivered_project',
  `MATCH (project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer), (project)<-[:FOR_PROJECT]-(:Delivery)-[:DELIVERED_BY]->(importer:ChainNode)
   RETURN project.id AS projectId, buyer.id AS buyerId, importer.id AS importerId
   LIMIT 1`,
);

/** A trace as clients ask for it, sent through the GraphQL layer at start-up (see warmUpGraphqlLayer). */
export const traceWarmUpRequest = {
  document: 'query WarmUp($id: ID!) { trace(projectId: $id) { tracedShare origins { share quarry { id } } } }',
  variables: { id: 'warm-up' },
};

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
  const orgOf: Record<Role, string | null> = {
    ADMIN: null,
    ANALYST: null,
    BUYER: sample.buyerId,
    MEMBER: sample.importerId,
  };
  await Promise.all(
    roles.map(async (role) => {
      const viewer: Viewer = { keyId: 'warm-up', role, orgId: orgOf[role] };
      // A trace that fails has still been planned; the others go on.
      for (const withRisks of [false, true])
        await traces.trace(viewer, sample.projectId, null, withRisks).catch(() => undefined);
    }),
  );
}
