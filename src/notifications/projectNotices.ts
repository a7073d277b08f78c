import type { Node } from 'neo4j-driver';
import { checkDepth, cypher, type CypherQuery, type GraphTransaction } from '../db/graph.js';
import { groupBy } from '../shared/collections.js';
import { notify } from './outbox.js';

/**
 * The chain events of the registry, for the buyers whose projects they concern. A supply link
 * concerns a buyer when the buyer's key may see it: some delivery to one of the buyer's projects
 * came from an importer whose chain of the delivered stone type reaches the link within the trace's
 * depth (auth/visibility.ts, the BUYER rule, read the other way). So an event never names a record
 * its recipient could not read with its own key. A delivery concerns its project's buyer.
 */

export interface LinkSummary {
  id: string;
  supplierId: string;
  customerId: string;
  stoneType: string;
  validFrom: string;
  validTo: string | null;
}

interface LinkReach {
  buyerId: string;
  projectIds: string[];
  link: LinkSummary;
}

/**
 * Per link, the buyers it reaches and their projects. The walk downstream is made once per
 * (customer, stone type), however many of the links share it: an import's links mostly do.
 */
const buyersReached = (maxDepth: number): CypherQuery<{ linkIds: string[] }, LinkReach> => {
  checkDepth(maxDepth);
  return cypher(
    'notifications_buyers_reached_by_links',
    `UNWIND $linkIds AS linkId
     MATCH (link:SupplyLink {id: linkId})-[:CUSTOMER]->(customer:ChainNode)
     WITH customer, link.stoneType AS stoneType, collect(link) AS links
     CALL (customer, stoneType) {
       MATCH (customer) ((:ChainNode)<-[:SUPPLIER]-(hop:SupplyLink)-[:CUSTOMER]->(:ChainNode)
                         WHERE hop.stoneType = stoneType){0,${maxDepth - 1}} (importer:Importer)
       WITH DISTINCT importer
       MATCH (importer)<-[:DELIVERED_BY]-(delivery:Delivery {stoneType: stoneType})
             -[:FOR_PROJECT]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
       RETURN buyer.id AS buyerId, collect(DISTINCT project.id) AS projectIds
     }
     UNWIND links AS link
     MATCH (link)-[:SUPPLIER]->(supplier:ChainNode)
     RETURN buyerId, projectIds,
            link {.id, supplierId: supplier.id, customerId: customer.id, .stoneType,
                  validFrom: toString(link.validFrom), validTo: toString(link.validTo)} AS link`,
  );
};

const deliverySummary = (delivery: Node, importer: Node) => {
  const p = delivery.properties as Record<string, unknown>;
  return {
    id: String(p.id),
    importerId: String(importer.properties.id),
    stoneType: p.stoneType,
    quantity: p.quantity,
    unit: p.unit,
    massTonnes: p.massTonnes,
    deliveredOn: String(p.deliveredOn),
  };
};

/** A delivery as the registry's commands hold it: the node, who delivered it, to which project of which buyer. */
export interface DeliveryParties {
  delivery: Node;
  importer: Node;
  project: Node;
  buyer: Node;
}

export class ProjectNotices {
  private readonly reach: CypherQuery<{ linkIds: string[] }, LinkReach>;

  constructor(maxDepth: number) {
    this.reach = buyersReached(maxDepth);
  }

  /** SUPPLY_LINKS_ADDED: one event per buyer reached, listing the links that reach it, each with its projects. */
  async linksAdded(tx: GraphTransaction, linkIds: string[]): Promise<void> {
    if (linkIds.length === 0) return;
    const byBuyer = groupBy(await tx.run(this.reach, { linkIds }), (row) => row.buyerId);
    await notify(
      tx,
      [...byBuyer].map(([buyerId, rows]) => ({
        type: 'SUPPLY_LINKS_ADDED' as const,
        organisationId: buyerId,
        subject: { kind: 'SupplyLink', id: rows[0]!.link.id },
        data: { supplyLinks: rows.map(({ link, projectIds }) => ({ ...link, projectIds })) },
      })),
    );
  }

  /** SUPPLY_LINK_ENDED: to each buyer the link reaches, with its end date and the buyer's projects. */
  async linkEnded(tx: GraphTransaction, linkId: string): Promise<void> {
    const rows = await tx.run(this.reach, { linkIds: [linkId] });
    await notify(
      tx,
      rows.map(({ buyerId, projectIds, link }) => ({
        type: 'SUPPLY_LINK_ENDED' as const,
        organisationId: buyerId,
        subject: { kind: 'SupplyLink', id: link.id },
        data: { supplyLink: { ...link, projectIds } },
      })),
    );
  }

  /** DELIVERY_RECORDED or DELIVERY_CANCELLED, to the project's buyer. */
  async deliveryChanged(
    tx: GraphTransaction,
    type: 'DELIVERY_RECORDED' | 'DELIVERY_CANCELLED',
    { delivery, importer, project, buyer }: DeliveryParties,
  ): Promise<void> {
    const id = String(delivery.properties.id);
    await notify(tx, [
      {
        type,
        organisationId: String(buyer.properties.id),
        subject: { kind: 'Delivery', id },
        data: { projectId: String(project.properties.id), delivery: deliverySummary(delivery, importer) },
      },
    ]);
  }
}
