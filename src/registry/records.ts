import neo4j, { type Node } from 'neo4j-driver';
import type { ProjectKind, QuantityUnit, Role, StoneType } from '../shared/contract.generated.js';

/**
 * The records the API hands out, shaped as the GraphQL types (with `__typename` for the
 * ChainNode interface), and their mapping from Neo4j nodes. Graph model:
 *   (:Quarry|Processor|Importer :ChainNode)   (:Buyer)<-[:COMMISSIONED_BY]-(:Project)
 *   (:SupplyLink)-[:SUPPLIER]->(:ChainNode), (:SupplyLink)-[:CUSTOMER]->(:ChainNode)
 *   (:Delivery)-[:FOR_PROJECT]->(:Project), (:Delivery)-[:DELIVERED_BY]->(:Importer)
 *   (:ImporterAuthorisation)-[:ON_PROJECT]->(:Project), (:ImporterAuthorisation)-[:AUTHORISES]->(:Importer)
 * A supply link is a node, so risks, evidence and history can attach to it. A cancelled delivery
 * keeps its relationships but trades the Delivery label for CancelledDelivery, so no read of
 * deliveries (traces, reports, visibility) can count it.
 */

export interface QuarryRecord {
  __typename: 'Quarry';
  id: string;
  name: string;
  country: string;
  region: string;
  location: { lat: number; lon: number } | null;
  stoneTypes: StoneType[];
  /** Set on the answer of a write that stored the area it was given under its known spelling. */
  regionNotice?: { given: string; storedAs: string } | null;
}

export interface ProcessorRecord {
  __typename: 'Processor';
  id: string;
  name: string;
  country: string;
  city: string | null;
}

export interface ImporterRecord {
  __typename: 'Importer';
  id: string;
  name: string;
  country: string;
  covenantMember: boolean;
}

export type ChainNodeRecord = QuarryRecord | ProcessorRecord | ImporterRecord;

export interface BuyerRecord {
  id: string;
  name: string;
  country: string;
}

export interface ProjectRecord {
  id: string;
  name: string;
  kind: ProjectKind;
  city: string;
  country: string;
  buyer: BuyerRecord;
}

export interface SupplyLinkRecord {
  id: string;
  supplier: ChainNodeRecord;
  customer: ChainNodeRecord;
  stoneType: StoneType;
  validFrom: string;
  validTo: string | null;
  annualVolumeTonnes: number | null;
}

export interface DeliveryRecord {
  id: string;
  project: ProjectRecord;
  importer: ImporterRecord;
  stoneType: StoneType;
  quantity: number;
  unit: QuantityUnit;
  massTonnes: number;
  deliveredOn: string;
  /** The origin stated on the delivery note (ISO alpha-2), if any: a claim the trace is compared with. */
  declaredOriginCountry: string | null;
  /** The quarry area stated with it, as the registry spells it where it knows the area. */
  declaredOriginArea: string | null;
  cancelledOn: string | null;
  cancellationReason: string | null;
}

export interface ImporterAuthorisationRecord {
  id: string;
  project: ProjectRecord;
  importer: ImporterRecord;
  authorisedOn: string;
  authorisedBy: Role;
  withdrawnOn: string | null;
}

/** What Neo4j stores: strings, numbers, and temporal values and Integers that print as ISO text and digits. */
export type PropertyValue = { toString(): string } | null | undefined;
export type Properties = Record<string, PropertyValue>;

/** What the records are made of: a node's labels and properties (a node, or the properties a query listed). */
export type StoredNode = Pick<Node, 'labels' | 'properties'>;

const text = (p: Properties, key: string): string => String(p[key]);
const optionalText = (p: Properties, key: string): string | null => (p[key] == null ? null : String(p[key]));
const dateText = (value: PropertyValue): string => String(value);
/** The UTC calendar day of a stored datetime. */
const dayOf = (value: PropertyValue): string | null => (value == null ? null : String(value).slice(0, 10));

export function toQuarry(node: StoredNode): QuarryRecord {
  const p: Properties = node.properties;
  const location = p.location;
  return {
    __typename: 'Quarry',
    id: text(p, 'id'),
    name: text(p, 'name'),
    country: text(p, 'country'),
    region: text(p, 'region'),
    // Stored as a WGS84 point (x = longitude, y = latitude), so spatial queries work on it.
    location: neo4j.isPoint(location) ? { lat: location.y, lon: location.x } : null,
    stoneTypes: (p.stoneTypes as StoneType[] | undefined) ?? [],
  };
}

export function toProcessor(node: StoredNode): ProcessorRecord {
  const p: Properties = node.properties;
  return {
    __typename: 'Processor',
    id: text(p, 'id'),
    name: text(p, 'name'),
    country: text(p, 'country'),
    city: optionalText(p, 'city'),
  };
}

export function toImporter(node: StoredNode): ImporterRecord {
  const p: Properties = node.properties;
  return {
    __typename: 'Importer',
    id: text(p, 'id'),
    name: text(p, 'name'),
    country: text(p, 'country'),
    covenantMember: p.covenantMember === true,
  };
}

export function toChainNode(node: StoredNode): ChainNodeRecord {
  if (node.labels.includes('Quarry')) return toQuarry(node);
  if (node.labels.includes('Processor')) return toProcessor(node);
  if (node.labels.includes('Importer')) return toImporter(node);
  throw new Error(`node ${String(node.properties.id)} is not a chain node (labels ${node.labels.join(',')})`);
}

export function toBuyer(node: Node): BuyerRecord {
  const p: Properties = node.properties;
  return { id: text(p, 'id'), name: text(p, 'name'), country: text(p, 'country') };
}

export function toProject(project: Node, buyer: Node): ProjectRecord {
  const p: Properties = project.properties;
  return {
    id: text(p, 'id'),
    name: text(p, 'name'),
    kind: text(p, 'kind') as ProjectKind,
    city: text(p, 'city'),
    country: text(p, 'country'),
    buyer: toBuyer(buyer),
  };
}

export function toSupplyLink(link: StoredNode, supplier: ChainNodeRecord, customer: ChainNodeRecord): SupplyLinkRecord {
  const p: Properties = link.properties;
  return {
    id: text(p, 'id'),
    supplier,
    customer,
    stoneType: text(p, 'stoneType') as StoneType,
    validFrom: dateText(p.validFrom),
    validTo: p.validTo == null ? null : dateText(p.validTo),
    annualVolumeTonnes: p.annualVolumeTonnes == null ? null : Number(p.annualVolumeTonnes),
  };
}

export function toDelivery(delivery: Node, project: ProjectRecord, importer: Node): DeliveryRecord {
  const p: Properties = delivery.properties;
  return {
    id: text(p, 'id'),
    project,
    importer: toImporter(importer),
    stoneType: text(p, 'stoneType') as StoneType,
    quantity: Number(p.quantity),
    unit: text(p, 'unit') as QuantityUnit,
    massTonnes: Number(p.massTonnes),
    deliveredOn: dateText(p.deliveredOn),
    declaredOriginCountry: optionalText(p, 'declaredOriginCountry'),
    declaredOriginArea: optionalText(p, 'declaredOriginArea'),
    cancelledOn: dayOf(p.cancelledAt),
    cancellationReason: optionalText(p, 'cancellationReason'),
  };
}

export function toImporterAuthorisation(
  authorisation: Node,
  project: ProjectRecord,
  importer: Node,
): ImporterAuthorisationRecord {
  const p: Properties = authorisation.properties;
  return {
    id: text(p, 'id'),
    project,
    importer: toImporter(importer),
    authorisedOn: dayOf(p.authorisedAt)!,
    authorisedBy: text(p, 'authorisedByRole') as Role,
    withdrawnOn: dayOf(p.withdrawnAt),
  };
}
