import neo4j from 'neo4j-driver';
import type { Graph } from '../db/graph.js';
import { toConnection, type Connection, type Cursor } from '../shared/pagination.js';
import {
  deliveriesOfProjects,
  projectById,
  projectsPage,
  quarriesPage,
  quarryById,
  type QuarryFilter,
} from './queries.js';
import { toDelivery, toProject, toQuarry, type DeliveryRecord, type ProjectRecord, type QuarryRecord } from './records.js';

export interface PageRequest {
  first: number;
  after: Cursor | null;
}

function pageParams({ first, after }: PageRequest) {
  // One row more than asked tells whether a next page exists.
  return { limit: neo4j.int(first + 1), afterName: after?.[0] ?? null, afterId: after?.[1] ?? null };
}

export class RegistryService {
  constructor(private readonly graph: Graph) {}

  async project(id: string): Promise<ProjectRecord | null> {
    const [row] = await this.graph.read(projectById, { id });
    return row ? toProject(row.project, row.buyer) : null;
  }

  async projects(page: PageRequest): Promise<Connection<ProjectRecord>> {
    const [row] = await this.graph.read(projectsPage, pageParams(page));
    const projects = (row?.page ?? []).map(({ project, buyer }) => toProject(project, buyer));
    return toConnection(projects, page.first, row?.totalCount ?? 0);
  }

  async quarry(id: string): Promise<QuarryRecord | null> {
    const [row] = await this.graph.read(quarryById, { id });
    return row ? toQuarry(row.quarry) : null;
  }

  async quarries(filter: QuarryFilter, page: PageRequest): Promise<Connection<QuarryRecord>> {
    const [row] = await this.graph.read(quarriesPage, { ...filter, ...pageParams(page) });
    return toConnection((row?.page ?? []).map(toQuarry), page.first, row?.totalCount ?? 0);
  }

  /** Deliveries of many projects in one query (the DataLoader behind `Project.deliveries`). */
  async deliveriesOf(projects: ProjectRecord[]): Promise<DeliveryRecord[][]> {
    const rows = await this.graph.read(deliveriesOfProjects, { projectIds: projects.map((p) => p.id) });
    const byProject = new Map(rows.map((row) => [row.projectId, row.deliveries]));
    return projects.map((project) =>
      (byProject.get(project.id) ?? []).map(({ delivery, importer }) => toDelivery(delivery, project, importer)),
    );
  }
}
