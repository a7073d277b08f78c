import type { Node } from 'neo4j-driver';
import type { ViewerParam } from '../auth/viewer.js';
import type { Visibility } from '../auth/visibility.js';
import { checkDepth, cypher, type CypherQuery } from '../db/graph.js';
import type { StoredNode } from '../registry/records.js';

export interface TraceParams {
  viewer: ViewerParam;
  projectIds: string[];
  asOf: string | null;
  leadTimeDays: number;
}

export interface TraceLinkRow {
  link: StoredNode;
  supplierId: string;
  customerId: string;
}

export interface TraceDeliveryRow {
  delivery: Node;
  importer: Node;
  links: TraceLinkRow[];
}

/**
 * What the evidence part of the trace query yields. The part is Cypher given by the domain that
 * judges the trace (risk); the trace only carries what it read.
 */
export interface TraceEvidenceRow {
  /** COUNTRY assessments of the trace's countries and QUARRY_AREA assessments of its quarries' areas. */
  areaAssessments: Node[];
  /** Assessments, action plans and certificates attached to the trace's nodes, links and deliveries. */
  evidence: { item: Node; targetId: string; organisation: Node | null }[];
}

/**
 * The Cypher that reads a trace's risk evidence, from the domain that judges it. `subquery` runs
 * after the traversal, with `deliveries` (each with its importer and links) and `suppliers` in
 * scope, and yields `areaAssessments` and `evidence`; `rows` are further UNION ALL branches that
 * return them as `areaAssessment` and `evidence` parts.
 */
export interface TraceEvidencePart {
  subquery: string;
  rows: string;
}

/** One project's trace, gathered from the rows of the trace query (see `traceRows`). */
export interface TraceRow extends TraceEvidenceRow {
  /** The data version (see Graph.dataVersion) read before anything else: the row is at least that recent. */
  dataVersion: number | null;
  project: Node;
  buyer: Node;
  deliveries: TraceDeliveryRow[];
  /** The nodes the trace reaches upstream of the importers (each once). */
  suppliers: StoredNode[];
}

/**
 * One piece of a project's trace: the project with its deliveries, a delivery's supply link, a
 * node reached, or a piece of risk evidence. The supply links and nodes, thousands behind a wide
 * importer, come as lists of the properties the trace uses (`linkProperties`, `nodeProperties`):
 * Neo4j's driver decodes those several times faster than nodes, and decodes a record that spans
 * several network chunks in time that grows with the square of its size. Many small rows also
 * arrive over several reads of the socket, so other requests are served in between.
 */
export type TracePart =
  | [
      kind: 'project',
      project: Node,
      buyer: Node,
      deliveries: [delivery: Node, importer: Node][],
      dataVersion: number | null,
    ]
  | [kind: 'link', deliveryId: string, supplierId: string, customerId: string, properties: unknown[]]
  | [kind: 'node', labels: string[], properties: unknown[]]
  | [kind: 'areaAssessment', assessment: Node]
  | [kind: 'evidence', item: Node, targetId: string, organisation: Node | null];

/** The data version travels once, with the project, not on each of the thousands of rows. */
export interface TracePartRow {
  projectId: string;
  part: TracePart;
}

/** The properties of a supply link and of a chain node that the trace's records are made of, in the order the rows carry them. */
const linkProperties = ['id', 'stoneType', 'validFrom', 'validTo', 'annualVolumeTonnes'] as const;
const nodeProperties = ['id', 'name', 'country', 'region', 'city', 'covenantMember', 'location', 'stoneTypes'] as const;
/** Dates travel as text, which the driver decodes far faster than its date type; the records hold dates as text anyway. */
const dateProperties: ReadonlySet<string> = new Set(['validFrom', 'validTo']);

/** Cypher: the listed properties of `variable`, as a list in that order. */
const propertyList = (variable: string, keys: readonly string[]): string =>
  `[${keys.map((key) => (dateProperties.has(key) ? `toString(${variable}.${key})` : `${variable}.${key}`)).join(', ')}]`;

function storedNode(labels: string[], keys: readonly string[], values: unknown[]): StoredNode {
  const properties: Record<string, unknown> = {};
  keys.forEach((key, i) => (properties[key] = values[i] ?? null));
  return { labels, properties };
}

/** A supply link of a delivery's sub-graph: its stone type, valid in the delivery's window. */
const qualifyingLink = `link.stoneType = delivery.stoneType
           AND link.validFrom <= windowEnd
           AND (link.validTo IS NULL OR link.validTo >= windowStart)`;

/**
 * `levels` steps of a breadth-first search upstream from the importer through qualifying links:
 * each step expands only the nodes reached in the step before, so every node is expanded once.
 * Enumerating paths instead (a quantified path pattern) grows with their number, exponentially in
 * a mesh of processors that supply each other. After the steps, `reached` holds every node within
 * `levels` links of the importer.
 */
function breadthFirstLevels(levels: number): string {
  const level = `CALL (frontier, reached, delivery, windowStart, windowEnd) {
           UNWIND frontier AS customer
           MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
           WHERE ${qualifyingLink} AND NOT supplier IN reached
           RETURN collect(DISTINCT supplier) AS next
         }
         WITH delivery, importer, windowStart, windowEnd, next AS frontier, reached + next AS reached`;
  return Array.from({ length: levels }, () => level).join('\n         ');
}

/**
 * The traversal of the trace: per visible project in `$projectIds`, with `dataVersion`, `project`
 * and `buyer`, the list `deliveries` (each `{delivery, importer, links}`, `links` being maps
 * `{link, supplierId, customerId}`) and `suppliers`, the nodes reached upstream (a node per
 * delivery that reaches it). Per delivery, every supply link reachable upstream from the
 * delivering importer through links of the delivered stone type whose validity overlaps the
 * delivery's window, up to the depth limit: the links whose customer lies within `maxDepth - 1`
 * links of the importer (found breadth first), which are exactly the links on some path of at most
 * `maxDepth` links. Shares are computed from this sub-graph in `computeShares`, since they depend
 * on each path's own history (which links lead back into it).
 *
 * Only a project the viewer may see is traced, from the deliveries it may see (a MEMBER: its own).
 * The depth limit is a validated integer from configuration, never request input: the search's
 * steps are written into the text once at start-up.
 */
export function traceTraversal(maxDepth: number, visible: Visibility): string {
  checkDepth(maxDepth);
  return `OPTIONAL MATCH (version:DataVersion {id: 'graph'})
     WITH version.value AS dataVersion
     UNWIND $projectIds AS projectId
     MATCH (project:Project {id: projectId})-[:COMMISSIONED_BY]->(buyer:Buyer)
     WHERE ${visible.project('project')}
     CALL (project) {
       MATCH (delivery:Delivery)-[:FOR_PROJECT]->(project)
       WHERE ${visible.delivery('delivery')}
       MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
       WITH delivery, importer, coalesce(date($asOf), delivery.deliveredOn) AS windowEnd
       WITH delivery, importer, windowEnd, windowEnd - duration({days: $leadTimeDays}) AS windowStart
       CALL (delivery, importer, windowStart, windowEnd) {
         WITH [importer] AS frontier, [importer] AS reached
         ${breadthFirstLevels(maxDepth - 1)}
         UNWIND reached AS customer
         MATCH (customer)<-[:CUSTOMER]-(link:SupplyLink)-[:SUPPLIER]->(supplier)
         WHERE ${qualifyingLink}
         RETURN collect({link: link, supplierId: supplier.id, customerId: customer.id}) AS links,
                collect(DISTINCT supplier) AS suppliers
       }
       WITH delivery, importer, links, suppliers ORDER BY delivery.deliveredOn, delivery.id
       RETURN collect({delivery: delivery, importer: importer, links: links}) AS deliveries,
              reduce(all = [], s IN collect(suppliers) | all + s) AS suppliers
     }`;
}

/**
 * The whole trace in one round trip, as rows of `TracePart`s (gather them with `traceRows`).
 * With an `evidence` part, the same round trip brings the risk evidence of every reached node, link
 * and delivery; that about doubles the query's cost, so a trace asked only for origins goes without.
 * Several projects are traced in the same round trip (a list of projects with their traces costs
 * one query for all of them).
 */
export function traceQuery(
  maxDepth: number,
  visible: Visibility,
  evidence: TraceEvidencePart | null,
): CypherQuery<TraceParams, TracePartRow> {
  return cypher(
    evidence ? 'project_trace_with_risks' : 'project_trace',
    `${traceTraversal(maxDepth, visible)}
     ${evidence?.subquery ?? ''}
     CALL (dataVersion, project, buyer, deliveries, suppliers${evidence ? ', areaAssessments, evidence' : ''}) {
       RETURN ['project', project, buyer, [d IN deliveries | [d.delivery, d.importer]], dataVersion] AS part
       UNION ALL
       UNWIND deliveries AS d
       UNWIND d.links AS row
       RETURN ['link', d.delivery.id, row.supplierId, row.customerId, ${propertyList('row.link', linkProperties)}] AS part
       UNION ALL
       UNWIND suppliers AS node
       WITH DISTINCT node
       RETURN ['node', labels(node), ${propertyList('node', nodeProperties)}] AS part
       ${evidence?.rows ?? ''}
     }
     RETURN project.id AS projectId, part`,
  );
}

interface GatheredTrace extends TraceEvidenceRow {
  header?: Extract<TracePart, [kind: 'project', ...unknown[]]>;
  linksByDelivery: Map<string, TraceLinkRow[]>;
  suppliers: StoredNode[];
}

function gather(trace: GatheredTrace, part: TracePart): void {
  switch (part[0]) {
    case 'project':
      trace.header = part;
      break;
    case 'link': {
      const [, deliveryId, supplierId, customerId, properties] = part;
      const links = trace.linksByDelivery.get(deliveryId) ?? [];
      links.push({ link: storedNode(['SupplyLink'], linkProperties, properties), supplierId, customerId });
      trace.linksByDelivery.set(deliveryId, links);
      break;
    }
    case 'node':
      trace.suppliers.push(storedNode(part[1], nodeProperties, part[2]));
      break;
    case 'areaAssessment':
      trace.areaAssessments.push(part[1]);
      break;
    case 'evidence':
      trace.evidence.push({ item: part[1], targetId: part[2], organisation: part[3] });
      break;
  }
}

/** Gathers the rows of the trace query into one `TraceRow` per project, in the order the projects first appear. */
export function traceRows(rows: TracePartRow[]): TraceRow[] {
  const traces = new Map<string, GatheredTrace>();
  for (const { projectId, part } of rows) {
    let trace = traces.get(projectId);
    if (!trace)
      traces.set(projectId, (trace = { linksByDelivery: new Map(), suppliers: [], areaAssessments: [], evidence: [] }));
    gather(trace, part);
  }
  return [...traces.values()].map(({ header, linksByDelivery, suppliers, areaAssessments, evidence }) => {
    if (!header) throw new Error('the trace query returned pieces of a project without the project');
    const [, project, buyer, deliveries, dataVersion] = header;
    return {
      dataVersion,
      project,
      buyer,
      deliveries: deliveries.map(([delivery, importer]) => ({
        delivery,
        importer,
        links: linksByDelivery.get(String(delivery.properties.id)) ?? [],
      })),
      suppliers,
      areaAssessments,
      evidence,
    };
  });
}
