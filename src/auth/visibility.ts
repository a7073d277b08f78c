/**
 * Who sees what, as Cypher predicates over `$viewer` ({role, orgId}), so confidentiality is enforced
 * where data is read, in the same query, and counts never include what the caller may not see:
 *
 * - ADMIN, ANALYST: everything.
 * - MEMBER (an importer or processor): its own organisation, the nodes it registered, and
 *   everything upstream of itself over supply links (its chain); links whose customer is in that
 *   chain; the projects it delivered to, with its own deliveries only.
 * - BUYER: its own projects and all their deliveries; upstream of each delivery's importer, the
 *   nodes and links of the delivered stone type (what its traces can show).
 *
 * The fragments are composed once at start-up from constants and the configured depth limit (the
 * same limit the trace uses, so a trace never shows what a lookup would deny); request input only
 * ever arrives as parameters. Inner variables are prefixed `vis_` so they never capture outer ones.
 */
export interface Visibility {
  chainNode(variable: string): string;
  supplyLink(variable: string): string;
  project(variable: string): string;
  delivery(variable: string): string;
}

export function visibility(maxDepth: number): Visibility {
  if (!Number.isInteger(maxDepth) || maxDepth < 1) throw new Error(`invalid depth ${maxDepth}`);
  const seesAll = `$viewer.role IN ['ADMIN', 'ANALYST']`;
  const isMember = `$viewer.role = 'MEMBER'`;
  const isBuyer = `$viewer.role = 'BUYER'`;
  const upstream = (stoneTypeCheck: string) =>
    `((:ChainNode)<-[:CUSTOMER]-(vis_l:SupplyLink)-[:SUPPLIER]->(:ChainNode)${stoneTypeCheck}){0,${maxDepth}}`;
  const buyerDeliveries = `MATCH (:Buyer {id: $viewer.orgId})<-[:COMMISSIONED_BY]-(:Project)<-[:FOR_PROJECT]-(vis_d:Delivery)-[:DELIVERED_BY]->(vis_imp:Importer)`;

  const memberChain = (n: string) =>
    `(EXISTS { MATCH (:ChainNode {id: $viewer.orgId}) ${upstream('')} (${n}) }
      OR EXISTS { MATCH (${n})-[:REGISTERED_BY]->(:ChainNode {id: $viewer.orgId}) })`;
  const buyerChain = (n: string) =>
    `EXISTS { ${buyerDeliveries}
              MATCH (vis_imp) ${upstream(' WHERE vis_l.stoneType = vis_d.stoneType')} (${n}) }`;

  return {
    chainNode: (n) => `(${seesAll} OR (${isMember} AND ${memberChain(n)}) OR (${isBuyer} AND ${buyerChain(n)}))`,
    supplyLink: (l) =>
      `(${seesAll}
        OR (${isMember} AND EXISTS { MATCH (${l})-[:CUSTOMER]->(vis_c:ChainNode) WHERE ${memberChain('vis_c')} })
        OR (${isBuyer} AND EXISTS { ${buyerDeliveries}
              MATCH (vis_imp) ${upstream(' WHERE vis_l.stoneType = vis_d.stoneType')} (:ChainNode)<-[:CUSTOMER]-(${l})
              WHERE ${l}.stoneType = vis_d.stoneType }))`,
    project: (p) =>
      `(${seesAll}
        OR (${isBuyer} AND EXISTS { MATCH (${p})-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId}) })
        OR (${isMember} AND EXISTS { MATCH (${p})<-[:FOR_PROJECT]-(:Delivery)-[:DELIVERED_BY]->(:ChainNode {id: $viewer.orgId}) }))`,
    delivery: (d) =>
      `(${seesAll}
        OR (${isBuyer} AND EXISTS { MATCH (${d})-[:FOR_PROJECT]->(:Project)-[:COMMISSIONED_BY]->(:Buyer {id: $viewer.orgId}) })
        OR (${isMember} AND EXISTS { MATCH (${d})-[:DELIVERED_BY]->(:ChainNode {id: $viewer.orgId}) }))`,
  };
}
