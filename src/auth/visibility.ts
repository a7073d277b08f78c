import { checkDepth, makingFor } from '../db/graph.js';
import type { Role } from './viewer.js';

/**
 * Who sees what, as Cypher predicates, so confidentiality is enforced where data is read, in the
 * same query, and counts never include what the caller may not see:
 *
 * - ADMIN, ANALYST: everything.
 * - MEMBER (an importer or processor): its own organisation, the nodes it registered, and
 *   everything upstream of itself over supply links (its chain) and the links of that chain; the
 *   projects it delivered to or is authorised to deliver to, and their buyers, with its own
 *   deliveries and authorisation only.
 * - BUYER: itself, its own projects and all their deliveries and authorised importers; upstream of
 *   each delivery's importer, the nodes and links of the delivered stone type (what its traces can show).
 *
 * Each role gets its own query texts: one query with every role's rule OR-ed together takes the
 * Cypher planner ten times longer to plan, and every plan is cached per text anyway. The fragments
 * are composed once at start-up from constants and the configured depth limit (the trace's, so a
 * trace never shows what a lookup would deny); request input only arrives as parameters
 * (`$viewer.orgId`). Inner variables are prefixed `vis_` so they never capture outer ones.
 */
export interface Visibility {
  chainNode(variable: string): string;
  supplyLink(variable: string): string;
  /**
   * Clauses that bind `variable` to every supply link (or chain node with `label`) the viewer may
   * see, once each: for lists. Testing each link or node of the graph with `supplyLink` or
   * `chainNode` would walk the viewer's chain once per record (seconds as a BUYER on a graph of
   * 25,000 links); these walk it once.
   */
  supplyLinks(variable: string): string;
  chainNodes(variable: string, label: ChainNodeLabel): string;
  /** Clauses that bind `variable` to every buyer the viewer may see, once each: those of the projects it sees. */
  buyers(variable: string): string;
  project(variable: string): string;
  delivery(variable: string): string;
  importerAuthorisation(variable: string): string;
}

export type ChainNodeLabel = 'Quarry' | 'Processor' | 'Importer';

const everything: Visibility = {
  chainNode: () => 'true',
  supplyLink: () => 'true',
  supplyLinks: (l) => `MATCH (${l}:SupplyLink)`,
  chainNodes: (n, label) => `MATCH (${n}:${label})`,
  buyers: (b) => `MATCH (${b}:Buyer)`,
  project: () => 'true',
  delivery: () => 'true',
  importerAuthorisation: () => 'true',
};

// A link is visible when it lies on a chain of at most maxDepth links from the organisation (or
// delivery), so its supplier is always visible with it, and the trace never shows more.
const hops = (count: number, stoneTypeCheck = '') =>
  `((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)${stoneTypeCheck}){0,${count}}`;

function memberVisibility(maxDepth: number): Visibility {
  const org = '(:ChainNode {id: $viewer.orgId})';
  return {
    chainNode: (n) =>
      `(EXISTS { MATCH ${org} ${hops(maxDepth)} (${n}) }
        OR EXISTS { MATCH (${n})-[:REGISTERED_BY]->${org} })`,
    supplyLink: (l) => `EXISTS { MATCH ${org} ${hops(maxDepth - 1)} (:ChainNode)<-[:CUSTOMER]-(${l}) }`,
    supplyLinks: (l) =>
      `CALL () {
         MATCH ${org} ${hops(maxDepth - 1)} (vis_customer:ChainNode)
         WITH DISTINCT vis_customer
         MATCH (vis_customer)<-[:CUSTOMER]-(vis_link:SupplyLink)
         RETURN vis_link AS ${l}
       }`,
    // The label is tested after the walk: with it in the pattern, the planner starts from every
    // node of a small label (importers) and walks towards the organisation instead.
    chainNodes: (n, label) =>
      `CALL () {
         MATCH ${org} ${hops(maxDepth)} (vis_node:ChainNode)
         WITH DISTINCT vis_node WHERE vis_node:${label}
         RETURN vis_node AS ${n}
         UNION
         MATCH (vis_node:${label})-[:REGISTERED_BY]->${org} RETURN vis_node AS ${n}
       }`,
    // The buyers of the projects `project` lets it see: those it delivered to or may deliver to.
    buyers: (b) =>
      `CALL () {
         MATCH ${org}<-[:DELIVERED_BY]-(:Delivery)-[:FOR_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(vis_buyer:Buyer) RETURN vis_buyer AS ${b}
         UNION
         MATCH ${org}<-[:AUTHORISES]-(vis_a:ImporterAuthorisation)-[:ON_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(vis_buyer:Buyer)
         WHERE vis_a.withdrawnAt IS NULL
         RETURN vis_buyer AS ${b}
       }`,
    project: (p) =>
      `(EXISTS { MATCH (${p})<-[:FOR_PROJECT]-(:Delivery)-[:DELIVERED_BY]->${org} }
        OR EXISTS { MATCH (${p})<-[:ON_PROJECT]-(vis_a:ImporterAuthorisation)-[:AUTHORISES]->${org} WHERE vis_a.withdrawnAt IS NULL })`,
    delivery: (d) => `EXISTS { MATCH (${d})-[:DELIVERED_BY]->${org} }`,
    importerAuthorisation: (a) => `EXISTS { MATCH (${a})-[:AUTHORISES]->${org} }`,
  };
}

function buyerVisibility(maxDepth: number): Visibility {
  const deliveries = `MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)`;
  const sameStone = ' WHERE vis_l.stoneType = vis_d.stoneType';
  return {
    chainNode: (n) => `EXISTS { ${deliveries} MATCH (vis_imp) ${hops(maxDepth, sameStone)} (${n}) }`,
    supplyLink: (l) =>
      `EXISTS { ${deliveries} MATCH (vis_imp) ${hops(maxDepth - 1, sameStone)} (:ChainNode)<-[:CUSTOMER]-(${l}) WHERE ${l}.stoneType = vis_d.stoneType }`,
    supplyLinks: (l) =>
      `CALL () {
         ${deliveries} MATCH (vis_imp) ${hops(maxDepth - 1, sameStone)} (vis_customer:ChainNode)
         WITH DISTINCT vis_customer, vis_d.stoneType AS vis_stoneType
         MATCH (vis_customer)<-[:CUSTOMER]-(vis_link:SupplyLink {stoneType: vis_stoneType})
         RETURN DISTINCT vis_link AS ${l}
       }`,
    chainNodes: (n, label) =>
      `CALL () { ${deliveries} MATCH (vis_imp) ${hops(maxDepth, sameStone)} (vis_node:${label}) RETURN DISTINCT vis_node AS ${n} }`,
    buyers: (b) => `MATCH (${b}:Buyer {id: $viewer.orgId})`,
    project: (p) => `EXISTS { MATCH (${p})-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId}) }`,
    delivery: (d) =>
      `EXISTS { MATCH (${d})-[:FOR_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId}) }`,
    importerAuthorisation: (a) =>
      `EXISTS { MATCH (${a})-[:ON_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId}) }`,
  };
}

export function visibilityOf(role: Role, maxDepth: number): Visibility {
  checkDepth(maxDepth);
  switch (role) {
    case 'ADMIN':
    case 'ANALYST':
      return everything;
    case 'MEMBER':
      return memberVisibility(maxDepth);
    case 'BUYER':
      return buyerVisibility(maxDepth);
  }
}

/**
 * Builds a set of queries once per role; `byRole[viewer.role]` picks the caller's. Each statement is
 * recorded as made for its roles (see `statementsMadeSoFar`), so every role's text can be reviewed.
 */
export function perRole<T>(maxDepth: number, build: (visible: Visibility) => T): Record<Role, T> {
  const shared = makingFor(['ADMIN', 'ANALYST'], () => build(everything));
  return {
    ADMIN: shared,
    ANALYST: shared,
    MEMBER: makingFor(['MEMBER'], () => build(visibilityOf('MEMBER', maxDepth))),
    BUYER: makingFor(['BUYER'], () => build(visibilityOf('BUYER', maxDepth))),
  };
}
