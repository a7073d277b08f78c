import type { FastifyInstance } from 'fastify';
import { ChainBuilder } from './chain.js';
import { gql, type GraphqlResponse } from './app.js';

type LinkFields = Parameters<ChainBuilder['link']>[2];
type DeliveryFields = Parameters<ChainBuilder['delivery']>[2];

/**
 * A ChainBuilder that also hands out the ids of supply links and deliveries (which the builder
 * keys by their position), so tests can probe every record by id.
 */
export class TrackedChain {
  readonly chain = new ChainBuilder();
  private links = 0;
  private deliveries = 0;

  id(name: string): string {
    return this.chain.id(name);
  }

  link(supplier: string, customer: string, fields: LinkFields = {}): string {
    const id = this.chain.id(`${supplier}-${customer}-${this.links++}`);
    this.chain.link(supplier, customer, fields);
    return id;
  }

  delivery(project: string, importer: string, fields: DeliveryFields = {}): string {
    const id = this.chain.id(`${project}-delivery-${this.deliveries++}`);
    this.chain.delivery(project, importer, fields);
    return id;
  }
}

/**
 * One company's records: an importer fed by two processors, each fed by a quarry, and a buyer
 * whose project the importer delivers to. Every name contains `marker`, so a response can be
 * searched for any trace of the company by that one string.
 */
export interface Company {
  marker: string;
  importer: string;
  processors: [string, string];
  quarries: [string, string];
  /** Q1 > P1, P1 > I, Q2 > P2, P2 > I. */
  links: [string, string, string, string];
  project: string;
  buyer: string;
  deliveries: string[];
  /** Builder names (for `TrackedChain.id`). */
  names: { importer: string; processors: [string, string]; quarries: [string, string]; project: string };
}

export function addCompany(tc: TrackedChain, marker: string, quarryCountry: string): Company {
  const names = {
    importer: `${marker} importer`,
    processors: [`${marker} processor 1`, `${marker} processor 2`] as [string, string],
    quarries: [`${marker} quarry 1`, `${marker} quarry 2`] as [string, string],
    project: `${marker} project`,
  };
  tc.chain
    .quarry(names.quarries[0], { country: quarryCountry })
    .quarry(names.quarries[1], { country: quarryCountry })
    .processor(names.processors[0])
    .processor(names.processors[1])
    .importer(names.importer)
    .project(names.project);
  const links: Company['links'] = [
    tc.link(names.quarries[0], names.processors[0]),
    tc.link(names.processors[0], names.importer),
    tc.link(names.quarries[1], names.processors[1]),
    tc.link(names.processors[1], names.importer),
  ];
  const deliveries = [tc.delivery(names.project, names.importer)];
  return {
    marker,
    importer: tc.id(names.importer),
    processors: [tc.id(names.processors[0]), tc.id(names.processors[1])],
    quarries: [tc.id(names.quarries[0]), tc.id(names.quarries[1])],
    links,
    project: tc.id(names.project),
    buyer: tc.id(`${names.project}-buyer`),
    deliveries,
    names,
  };
}

/** Every id of a company's records. */
export const companyIds = (c: Company): string[] => [
  c.importer,
  ...c.processors,
  ...c.quarries,
  ...c.links,
  c.project,
  c.buyer,
  ...c.deliveries,
];

/** A GraphQL call that must succeed: throws with the errors otherwise. */
export async function ok<T = Record<string, any>>(
  app: FastifyInstance,
  query: string,
  variables: Record<string, unknown>,
  token: string,
): Promise<T> {
  const result: GraphqlResponse<T> = await gql<T>(app, query, variables, token);
  if (result.errors?.length || !result.data) {
    throw new Error(`${query.trim().split('\n')[0]} failed: ${JSON.stringify(result.errors ?? result)}`);
  }
  return result.data;
}

/** Lets an importer deliver to a project, as its buyer (or ADMIN, with `token`) would. */
export async function authoriseImporter(
  app: FastifyInstance,
  token: string,
  projectId: string,
  importerId: string,
): Promise<void> {
  await ok(
    app,
    'mutation($p: ID!, $i: ID!) { authoriseImporter(projectId: $p, importerId: $i) { withdrawnOn } }',
    { p: projectId, i: importerId },
    token,
  );
}

/**
 * Every node of a connection (`field` at the query's root), following cursors. `selection` is the
 * node selection; the query takes `$first` (100 unless `variables` set it) and `$after`, and `args`
 * are written into the field.
 */
export async function allPages(
  app: FastifyInstance,
  token: string,
  field: 'projects' | 'quarries' | 'processors' | 'importers' | 'buyers' | 'supplyLinks',
  selection: string,
  args = '',
  variables: Record<string, unknown> = {},
  variableDefinitions = '',
): Promise<{ totalCount: number; nodes: any[] }> {
  const query = `query($first: Int, $after: String${variableDefinitions}) {
    ${field}(first: $first, after: $after${args ? `, ${args}` : ''}) {
      totalCount pageInfo { hasNextPage endCursor } nodes { ${selection} }
    }
  }`;
  const nodes: any[] = [];
  let after: string | null = null;
  let totalCount = 0;
  for (let page = 0; page < 200; page++) {
    const data: Record<string, any> = await ok(app, query, { first: 100, ...variables, after }, token);
    const connection: {
      totalCount: number;
      nodes: any[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    } = data[field];
    totalCount = connection.totalCount;
    nodes.push(...connection.nodes);
    if (!connection.pageInfo.hasNextPage) return { totalCount, nodes };
    after = connection.pageInfo.endCursor;
  }
  throw new Error(`${field}: more than 200 pages`);
}

/** Replaces every occurrence of each id by a placeholder, so responses about different ids compare. */
export function withoutIds(value: unknown, ids: string[]): unknown {
  let text = JSON.stringify(value) ?? 'undefined';
  for (const id of ids) text = text.split(id).join('<id>');
  return JSON.parse(text === 'undefined' ? 'null' : text);
}
