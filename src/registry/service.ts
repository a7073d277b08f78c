import { standInViewers, viewerParam, type Viewer, type ViewerParam } from '../auth/viewer.js';
import { perRole } from '../auth/visibility.js';
import type { CypherQuery, Graph } from '../db/graph.js';
import { pageParams, toConnection, type Connection, type PageRequest } from '../shared/pagination.js';
import {
  registryQueries,
  type CountryFilter,
  type LinkFilter,
  type LinkRow,
  type PerProject,
  type QuarryFilter,
  type RegistryQueries,
} from './queries.js';
import {
  toBuyer,
  toChainNode,
  toDelivery,
  toImporter,
  toImporterAuthorisation,
  toProcessor,
  toProject,
  toQuarry,
  toSupplyLink,
  type BuyerRecord,
  type ChainNodeRecord,
  type DeliveryRecord,
  type ImporterAuthorisationRecord,
  type ImporterRecord,
  type ProcessorRecord,
  type ProjectRecord,
  type QuarryRecord,
  type SupplyLinkRecord,
} from './records.js';

/** An importer id that matches nothing, for planning the query ahead of requests. */
const standInImporter: ImporterRecord = {
  __typename: 'Importer',
  id: 'stand-in',
  name: '',
  country: '',
  covenantMember: false,
};

export const linkFromRow = ({ link, supplier, customer }: LinkRow): SupplyLinkRecord =>
  toSupplyLink(link, toChainNode(supplier), toChainNode(customer));

/** Reads of the registry, always on behalf of a viewer: what it may not see does not exist. */
export class RegistryService {
  private readonly queries: Record<Viewer['role'], RegistryQueries>;

  constructor(
    private readonly graph: Graph,
    maxDepth: number,
  ) {
    this.queries = perRole(maxDepth, registryQueries);
  }

  async project(viewer: Viewer, id: string): Promise<ProjectRecord | null> {
    const [row] = await this.graph.read(this.queries[viewer.role].projectById, { viewer: viewerParam(viewer), id });
    return row ? toProject(row.project, row.buyer) : null;
  }

  async projects(viewer: Viewer, page: PageRequest): Promise<Connection<ProjectRecord>> {
    const [row] = await this.graph.read(this.queries[viewer.role].projectsPage, {
      viewer: viewerParam(viewer),
      ...pageParams(page),
    });
    const projects = (row?.page ?? []).map(({ project, buyer }) => toProject(project, buyer));
    return toConnection(projects, page.first, row?.totalCount ?? 0);
  }

  async chainNode(viewer: Viewer, id: string): Promise<ChainNodeRecord | null> {
    const [row] = await this.graph.read(this.queries[viewer.role].chainNodeById, { viewer: viewerParam(viewer), id });
    return row ? toChainNode(row.node) : null;
  }

  async quarry(viewer: Viewer, id: string): Promise<QuarryRecord | null> {
    const node = await this.chainNode(viewer, id);
    return node?.__typename === 'Quarry' ? node : null;
  }

  async quarries(viewer: Viewer, filter: QuarryFilter, page: PageRequest): Promise<Connection<QuarryRecord>> {
    const [row] = await this.graph.read(this.queries[viewer.role].quarriesPage, {
      viewer: viewerParam(viewer),
      ...filter,
      ...pageParams(page),
    });
    return toConnection((row?.page ?? []).map(toQuarry), page.first, row?.totalCount ?? 0);
  }

  async processors(viewer: Viewer, filter: CountryFilter, page: PageRequest): Promise<Connection<ProcessorRecord>> {
    const [row] = await this.graph.read(this.queries[viewer.role].processorsPage, {
      viewer: viewerParam(viewer),
      ...filter,
      ...pageParams(page),
    });
    return toConnection((row?.page ?? []).map(toProcessor), page.first, row?.totalCount ?? 0);
  }

  async importers(viewer: Viewer, filter: CountryFilter, page: PageRequest): Promise<Connection<ImporterRecord>> {
    const [row] = await this.graph.read(this.queries[viewer.role].importersPage, {
      viewer: viewerParam(viewer),
      ...filter,
      ...pageParams(page),
    });
    return toConnection((row?.page ?? []).map(toImporter), page.first, row?.totalCount ?? 0);
  }

  async buyers(viewer: Viewer, filter: CountryFilter, page: PageRequest): Promise<Connection<BuyerRecord>> {
    const [row] = await this.graph.read(this.queries[viewer.role].buyersPage, {
      viewer: viewerParam(viewer),
      ...filter,
      ...pageParams(page),
    });
    return toConnection((row?.page ?? []).map(toBuyer), page.first, row?.totalCount ?? 0);
  }

  async supplyLink(viewer: Viewer, id: string): Promise<SupplyLinkRecord | null> {
    const [row] = await this.graph.read(this.queries[viewer.role].supplyLinkById, { viewer: viewerParam(viewer), id });
    return row ? linkFromRow(row) : null;
  }

  async supplyLinks(viewer: Viewer, filter: LinkFilter, page: PageRequest): Promise<Connection<SupplyLinkRecord>> {
    const [row] = await this.graph.read(this.queries[viewer.role].supplyLinksPage, {
      viewer: viewerParam(viewer),
      ...filter,
      ...pageParams(page),
    });
    return toConnection((row?.page ?? []).map(linkFromRow), page.first, row?.totalCount ?? 0, (link) => link.validFrom);
  }

  /**
   * Runs every read once per role on ids that match nothing. Neo4j plans a query on its first run
   * (seconds, for the visibility rules) and caches the plan, so users do not wait for the planner.
   * The roles concurrently, each role's reads one after another: Neo4j plans several queries at
   * once, but all of them at once starved it of CPU for seconds (other instances share it).
   */
  async warmUp(): Promise<void> {
    const page = { first: 1, after: null };
    await Promise.all(
      standInViewers.map(async (viewer) => {
        await this.project(viewer, 'stand-in');
        await this.projects(viewer, page);
        await this.chainNode(viewer, 'stand-in');
        await this.quarries(viewer, { country: null, stoneType: null }, page);
        await this.processors(viewer, { country: null }, page);
        await this.importers(viewer, { country: null }, page);
        await this.buyers(viewer, { country: null }, page);
        await this.supplyLink(viewer, 'stand-in');
        await this.supplyLinks(viewer, { customerId: null, supplierId: null }, page);
        await this.deliveriesOf(viewer, []);
        await this.deliveriesOfImporters(viewer, [{ importer: standInImporter, page }]);
        await this.authorisationsOf(viewer, []);
      }),
    );
  }

  /** Deliveries of many projects in one query (the loader behind `Project.deliveries`). */
  deliveriesOf(viewer: Viewer, projects: ProjectRecord[]): Promise<DeliveryRecord[][]> {
    return this.perProject(
      this.queries[viewer.role].deliveriesOfProjects,
      viewer,
      projects,
      ({ delivery, importer }, project) => toDelivery(delivery, project, importer),
    );
  }

  /**
   * A page of deliveries of each importer, newest first, in one query (the loader behind
   * `Importer.deliveries`): a page of importers with their deliveries costs one round trip.
   */
  async deliveriesOfImporters(
    viewer: Viewer,
    requests: { importer: ImporterRecord; page: PageRequest }[],
  ): Promise<Connection<DeliveryRecord>[]> {
    if (requests.length === 0) return [];
    const largest = Math.max(...requests.map(({ page }) => page.first));
    const rows = await this.graph.read(this.queries[viewer.role].deliveriesOfImporters, {
      viewer: viewerParam(viewer),
      requests: requests.map(({ importer, page }) => ({
        importerId: importer.id,
        afterKey: page.after?.[0] ?? null,
        afterId: page.after?.[1] ?? null,
      })),
      limit: pageParams({ first: largest, after: null }).limit,
    });
    const byIndex = new Map(rows.map((row) => [row.index, row]));
    return requests.map(({ page }, i) => {
      const row = byIndex.get(i);
      const deliveries = (row?.page ?? [])
        .slice(0, page.first + 1)
        .map(({ delivery, project, buyer }) =>
          toDelivery(delivery, toProject(project, buyer), (row as NonNullable<typeof row>).importer),
        );
      return toConnection(deliveries, page.first, row?.totalCount ?? 0, (delivery) => delivery.deliveredOn);
    });
  }

  /** Current authorisations of many projects in one query (the loader behind `Project.authorisedImporters`). */
  authorisationsOf(viewer: Viewer, projects: ProjectRecord[]): Promise<ImporterAuthorisationRecord[][]> {
    return this.perProject(
      this.queries[viewer.role].authorisationsOfProjects,
      viewer,
      projects,
      ({ authorisation, importer }, project) => toImporterAuthorisation(authorisation, project, importer),
    );
  }

  private async perProject<Item, T>(
    query: CypherQuery<{ viewer: ViewerParam; projectIds: string[] }, PerProject<Item>>,
    viewer: Viewer,
    projects: ProjectRecord[],
    toRecord: (item: Item, project: ProjectRecord) => T,
  ): Promise<T[][]> {
    const rows = await this.graph.read(query, { viewer: viewerParam(viewer), projectIds: projects.map((p) => p.id) });
    const byProject = new Map(rows.map((row) => [row.projectId, row.items]));
    return projects.map((project) => (byProject.get(project.id) ?? []).map((item) => toRecord(item, project)));
  }
}
