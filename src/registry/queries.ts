import type { Integer, Node } from 'neo4j-driver';
import type { ViewerParam } from '../auth/viewer.js';
import type { Visibility } from '../auth/visibility.js';
import { cypher } from '../db/graph.js';
import type { PageParams } from '../shared/pagination.js';

interface Scoped {
  viewer: ViewerParam;
}

export interface QuarryFilter {
  country: string | null;
  stoneType: string | null;
}

export interface CountryFilter {
  country: string | null;
}

export interface LinkFilter {
  customerId: string | null;
  supplierId: string | null;
}

export interface LinkRow {
  link: Node;
  supplier: Node;
  customer: Node;
}

/** One page of one importer's deliveries, asked together with others (see deliveriesOfImporters). */
export interface ImporterPageRequest {
  importerId: string;
  afterKey: string | null;
  afterId: string | null;
}

/** The rows of a list query over many projects: one row per project that has any. */
export interface PerProject<Item> {
  projectId: string;
  items: Item[];
}

/** A page of records and the filtered total beside it, in one row (also when empty). */
interface PageRow {
  totalCount: number;
  page: Node[];
}

/**
 * The Cypher of a page of records ordered by name, then id, with the filtered total beside it.
 * `visibleRecords` binds `variable` to every record the viewer may see that passes the filters,
 * and ends in a WHERE the page's keyset condition continues.
 */
function pageByName(variable: string, visibleRecords: string): string {
  const v = variable;
  return `CALL () { ${visibleRecords} RETURN count(${v}) AS totalCount }
       CALL () {
         ${visibleRecords}
           AND ($afterKey IS NULL OR ${v}.name > $afterKey OR (${v}.name = $afterKey AND ${v}.id > $afterId))
         WITH ${v} ORDER BY ${v}.name, ${v}.id LIMIT $limit
         RETURN collect(${v}) AS page
       }
       RETURN totalCount, page`;
}

const inCountry = (visibleRecords: string, variable: string): string =>
  `${visibleRecords}
       WITH ${variable} WHERE ($country IS NULL OR ${variable}.country = $country)`;

/**
 * Binds `resolved` to the id of the site the id `given` names: the id itself, or the kept site's for
 * the id of a merged one (its tombstone, `(:MergedSite {id, mergedInto})`, points straight at the
 * site that stands for it now). Every read by an id a client gives goes through this one lookup.
 */
export const resolvedSiteId = (given: string, resolved: string): string =>
  `OPTIONAL MATCH (merged_site:MergedSite {id: ${given}})
   WITH *, coalesce(merged_site.mergedInto, ${given}) AS ${resolved}`;

/** The registry's read queries; every one filters by what `$viewer` may see (see auth/visibility). */
export function registryQueries(visible: Visibility) {
  return {
    ...projectQueries(visible),
    ...chainNodeQueries(visible),
    ...supplyLinkQueries(visible),
    ...deliveryQueries(visible),
    ...importerDeliveryQueries(visible),
    ...authorisationQueries(visible),
  };
}

export type RegistryQueries = ReturnType<typeof registryQueries>;

/** A project with its buyer, by id and by page. */
function projectQueries(visible: Visibility) {
  return {
    projectById: cypher<Scoped & { id: string }, { project: Node; buyer: Node }>(
      'project_by_id',
      `MATCH (project:Project {id: $id}) WHERE ${visible.project('project')}
       MATCH (project)-[:COMMISSIONED_BY]->(buyer:Buyer)
       RETURN project, buyer`,
    ),

    // Pages return exactly one row, also when empty, with the filtered total beside the page.
    projectsPage: cypher<Scoped & PageParams, { totalCount: number; page: { project: Node; buyer: Node }[] }>(
      'projects_page',
      `CALL () { MATCH (project:Project) WHERE ${visible.project('project')} RETURN count(project) AS totalCount }
       CALL () {
         MATCH (project:Project)
         WHERE ($afterKey IS NULL OR project.name > $afterKey OR (project.name = $afterKey AND project.id > $afterId))
           AND ${visible.project('project')}
         MATCH (project)-[:COMMISSIONED_BY]->(buyer:Buyer)
         WITH project, buyer ORDER BY project.name, project.id LIMIT $limit
         RETURN collect({project: project, buyer: buyer}) AS page
       }
       RETURN totalCount, page`,
    ),
  };
}

/** Quarries, processors and importers by id; each kind and buyers by page, by name, filtered by country (quarries also by stone type). */
function chainNodeQueries(visible: Visibility) {
  const visibleQuarries = `${visible.chainNodes('quarry', 'Quarry')}
       WITH quarry WHERE ($country IS NULL OR quarry.country = $country) AND ($stoneType IS NULL OR $stoneType IN quarry.stoneTypes)`;

  return {
    chainNodeById: cypher<Scoped & { id: string }, { node: Node }>(
      'chain_node_by_id',
      `${resolvedSiteId('$id', 'id')}
       MATCH (node:ChainNode {id: id}) WHERE ${visible.chainNode('node')} RETURN node`,
    ),

    quarriesPage: cypher<Scoped & PageParams & QuarryFilter, PageRow>(
      'quarries_page',
      pageByName('quarry', visibleQuarries),
    ),

    processorsPage: cypher<Scoped & PageParams & CountryFilter, PageRow>(
      'processors_page',
      pageByName('processor', inCountry(visible.chainNodes('processor', 'Processor'), 'processor')),
    ),

    importersPage: cypher<Scoped & PageParams & CountryFilter, PageRow>(
      'importers_page',
      pageByName('importer', inCountry(visible.chainNodes('importer', 'Importer'), 'importer')),
    ),

    buyersPage: cypher<Scoped & PageParams & CountryFilter, PageRow>(
      'buyers_page',
      pageByName('buyer', inCountry(visible.buyers('buyer'), 'buyer')),
    ),
  };
}

/** Supply links with their two ends, by id and by page, filtered by customer and supplier. */
function supplyLinkQueries(visible: Visibility) {
  const visibleLinks = `${visible.supplyLinks('link')}
       WITH link WHERE ($customerId IS NULL OR EXISTS { MATCH (link)-[:CUSTOMER]->(:ChainNode {id: $customerId}) })
         AND ($supplierId IS NULL OR EXISTS { MATCH (link)-[:SUPPLIER]->(:ChainNode {id: $supplierId}) })`;

  return {
    supplyLinkById: cypher<Scoped & { id: string }, LinkRow>(
      'supply_link_by_id',
      `MATCH (link:SupplyLink {id: $id}) WHERE ${visible.supplyLink('link')}
       MATCH (link)-[:SUPPLIER]->(supplier:ChainNode), (link)-[:CUSTOMER]->(customer:ChainNode)
       RETURN link, supplier, customer`,
    ),

    supplyLinksPage: cypher<Scoped & PageParams & LinkFilter, { totalCount: number; page: LinkRow[] }>(
      'supply_links_page',
      `CALL () { ${visibleLinks} RETURN count(link) AS totalCount }
       CALL () {
         ${visibleLinks}
           AND ($afterKey IS NULL OR toString(link.validFrom) < $afterKey
                OR (toString(link.validFrom) = $afterKey AND link.id < $afterId))
         WITH link ORDER BY link.validFrom DESC, link.id DESC LIMIT $limit
         MATCH (link)-[:SUPPLIER]->(supplier:ChainNode), (link)-[:CUSTOMER]->(customer:ChainNode)
         RETURN collect({link: link, supplier: supplier, customer: customer}) AS page
       }
       RETURN totalCount, page`,
    ),
  };
}

/** Deliveries by id and per project, and whether one is seen whatever its state. */
function deliveryQueries(visible: Visibility) {
  return {
    deliveryById: cypher<Scoped & { id: string }, { delivery: Node; importer: Node; project: Node; buyer: Node }>(
      'delivery_by_id',
      `MATCH (delivery:Delivery {id: $id}) WHERE ${visible.delivery('delivery')}
       MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer),
             (delivery)-[:FOR_PROJECT]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
       RETURN delivery, importer, project, buyer`,
    ),

    deliveriesOfProjects: cypher<Scoped & { projectIds: string[] }, PerProject<{ delivery: Node; importer: Node }>>(
      'deliveries_of_projects',
      `UNWIND $projectIds AS projectId
       MATCH (delivery:Delivery)-[:FOR_PROJECT]->(:Project {id: projectId})
       WHERE ${visible.delivery('delivery')}
       MATCH (delivery)-[:DELIVERED_BY]->(importer:Importer)
       WITH projectId, delivery, importer ORDER BY delivery.deliveredOn, delivery.id
       RETURN projectId, collect({delivery: delivery, importer: importer}) AS items`,
    ),

    /** Whether the viewer sees the delivery, also once cancelled (to correct or cancel it). */
    deliveryInAnyStateSeen: cypher<Scoped & { id: string }, { id: string }>(
      'delivery_in_any_state_seen',
      `CALL () {
         MATCH (delivery:Delivery {id: $id}) RETURN delivery
         UNION
         MATCH (delivery:CancelledDelivery {id: $id}) RETURN delivery
       }
       WITH delivery WHERE ${visible.delivery('delivery')}
       RETURN delivery.id AS id`,
    ),
  };
}

/** Each of several importers' deliveries, a page at a time. */
function importerDeliveryQueries(visible: Visibility) {
  return {
    /**
     * A page of deliveries for each of several importers, newest first, with each importer's total:
     * one round trip for a page of importers. `$limit` is the same for all (LIMIT takes no row
     * variable), so the largest page asked for; the caller trims the others.
     */
    deliveriesOfImporters: cypher<
      Scoped & { requests: ImporterPageRequest[]; limit: Integer },
      { index: number; importer: Node; totalCount: number; page: { delivery: Node; project: Node; buyer: Node }[] }
    >(
      'deliveries_of_importers',
      `UNWIND range(0, size($requests) - 1) AS index
       WITH index, $requests[index] AS request
       MATCH (importer:Importer {id: request.importerId})
       CALL (importer) {
         MATCH (delivery:Delivery)-[:DELIVERED_BY]->(importer)
         WHERE ${visible.delivery('delivery')}
         RETURN count(delivery) AS totalCount
       }
       CALL (importer, request) {
         MATCH (delivery:Delivery)-[:DELIVERED_BY]->(importer)
         WHERE (request.afterKey IS NULL OR toString(delivery.deliveredOn) < request.afterKey
                OR (toString(delivery.deliveredOn) = request.afterKey AND delivery.id < request.afterId))
           AND ${visible.delivery('delivery')}
         MATCH (delivery)-[:FOR_PROJECT]->(project:Project)-[:COMMISSIONED_BY]->(buyer:Buyer)
         WITH delivery, project, buyer ORDER BY delivery.deliveredOn DESC, delivery.id DESC LIMIT $limit
         RETURN collect({delivery: delivery, project: project, buyer: buyer}) AS page
       }
       RETURN index, importer, totalCount, page`,
    ),
  };
}

/** The importers authorised to deliver to each project. */
function authorisationQueries(visible: Visibility) {
  return {
    authorisationsOfProjects: cypher<
      Scoped & { projectIds: string[] },
      PerProject<{ authorisation: Node; importer: Node }>
    >(
      'importer_authorisations_of_projects',
      `UNWIND $projectIds AS projectId
       MATCH (authorisation:ImporterAuthorisation)-[:ON_PROJECT]->(:Project {id: projectId})
       WHERE authorisation.withdrawnAt IS NULL AND ${visible.importerAuthorisation('authorisation')}
       MATCH (authorisation)-[:AUTHORISES]->(importer:Importer)
       WITH projectId, authorisation, importer ORDER BY importer.name, importer.id
       RETURN projectId, collect({authorisation: authorisation, importer: importer}) AS items`,
    ),
  };
}
