import {
  getNullableType,
  isListType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { defaultPageSize, maxPageSize } from '../shared/pagination.js';
import { fieldsSelectAny, type Fragments } from './selection.js';

/**
 * What a document costs, counted before it runs, in units of Neo4j work: a lookup by id is 1.
 * Only fields whose resolver goes to Neo4j cost anything; everything else is read from records
 * already fetched (a trace's origins, a project's buyer) and costs nothing. Each domain prices the
 * fields it resolves (its GraphqlModule's `costs`); this module only adds them up.
 */
export const LOOKUP = 1;
/** A page of a list: the page and its total count. */
export const PAGE = 2;
/** Every write: one transaction with its checks and its audit entry. */
const MUTATION = 10;

/**
 * A field's own price; or a price that is `raisedTo` when the field's selection asks for any of
 * `whenSelecting` (a trace whose risks are asked for reads their evidence too).
 */
export type FieldCost = number | { cost: number; whenSelecting: readonly string[]; raisedTo: number };
export type FieldCosts = Readonly<Record<string, Readonly<Record<string, FieldCost>>>>;

const introspectionCosts: FieldCosts = {
  Query: {
    __typename: 0,
    // Introspection never reaches Neo4j, but a whole schema is a large answer to build.
    __schema: 10,
    __type: LOOKUP,
  },
};

/** The domains' price tables as one, with introspection priced too. */
export function mergeFieldCosts(tables: readonly FieldCosts[]): FieldCosts {
  const merged: Record<string, Record<string, FieldCost>> = {};
  for (const table of [introspectionCosts, ...tables]) {
    for (const [typeName, fields] of Object.entries(table)) merged[typeName] = { ...merged[typeName], ...fields };
  }
  return merged;
}

const highest = (cost: FieldCost): number => (typeof cost === 'number' ? cost : Math.max(cost.cost, cost.raisedTo));

/** A list without `first` may be long: it counts as a full page of items. */
const UNBOUNDED_LIST_ITEMS = maxPageSize;

interface CostContext {
  fragments: Fragments;
  costs: FieldCosts;
  /** A root field missing from the tables counts as the dearest priced one, so forgetting a price is safe. */
  unpricedRootField: number;
}

function ownCost(
  { costs, unpricedRootField }: CostContext,
  typeName: string,
  fieldName: string,
  selects: (fields: readonly string[]) => boolean,
): number {
  if (typeName === 'Mutation') return fieldName === '__typename' ? 0 : MUTATION;
  const cost = costs[typeName]?.[fieldName];
  if (cost === undefined) return typeName === 'Query' ? unpricedRootField : 0;
  if (typeof cost === 'number') return cost;
  return selects(cost.whenSelecting) ? cost.raisedTo : cost.cost;
}

/**
 * A field costs its own price plus its subfields' cost once per item it may return: `first`
 * items of a connection (the connection's `nodes` are those items), a full page for another list.
 */
const neo4jEstimator: ComplexityEstimator = ({ type, field, node, args, childComplexity, context }) => {
  const costContext = context as CostContext;
  const own = ownCost(costContext, type.name, field.name, (fields) =>
    fieldsSelectAny([node], costContext.fragments, fields),
  );
  let items = 1;
  if (field.args.some((arg) => arg.name === 'first')) {
    items = Math.max(1, typeof args.first === 'number' ? args.first : defaultPageSize);
  } else if (isListType(getNullableType(field.type)) && !(type.name.endsWith('Connection') && field.name === 'nodes')) {
    items = UNBOUNDED_LIST_ITEMS;
  }
  return own + items * childComplexity;
};

/**
 * The cost of the operation `operationName` (of every operation when it is not given) with these
 * variables; Infinity when fragments expand it beyond what is worth counting. The document must
 * have passed validation.
 */
export function documentCost(
  schema: GraphQLSchema,
  costs: FieldCosts,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string | null,
): number {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  try {
    return getComplexity({
      schema,
      query: document,
      variables,
      ...(operationName ? { operationName } : {}),
      estimators: [neo4jEstimator],
      context: {
        fragments,
        costs,
        unpricedRootField: Math.max(...Object.values(costs.Query ?? {}).map(highest)),
      } satisfies CostContext,
    });
  } catch (error) {
    // getComplexity gives up on documents whose fragments expand to very many fields.
    if (error instanceof Error && /maximum allowed number of nodes/.test(error.message)) return Infinity;
    throw error;
  }
}
