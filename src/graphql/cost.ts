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
import { traceRiskFields } from '../trace/resolvers.js';
import { fieldsSelectAny, type Fragments } from './selection.js';

/**
 * What a document costs, counted before it runs, in units of Neo4j work: a lookup by id is 1.
 * Only fields whose resolver goes to Neo4j cost anything; everything else is read from records
 * already fetched (a trace's origins, a project's buyer) and costs nothing.
 */
const TRACE = 20;
/** The trace's query also reads the risk evidence of every node and link: about twice the work. */
const TRACE_WITH_RISKS = 40;
/**
 * A project's trace in a list: the projects of a page are traced together in one round trip, so
 * each pays for its traversal only, not for a query of its own.
 */
const TRACE_IN_LIST = 8;
const TRACE_WITH_RISKS_IN_LIST = 16;
const LOOKUP = 1;
/** A page of a list: the page and its total count. */
const PAGE = 2;
/** Every write: one transaction with its checks and its audit entry. */
const MUTATION = 10;

export const fieldCosts: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  Query: {
    __typename: 0,
    viewer: 0,
    // Introspection never reaches Neo4j, but a whole schema is a large answer to build.
    __schema: 10,
    __type: LOOKUP,
    project: LOOKUP,
    quarry: LOOKUP,
    chainNode: LOOKUP,
    supplyLink: LOOKUP,
    projects: PAGE,
    quarries: PAGE,
    supplyLinks: PAGE,
    riskAssessments: PAGE,
    actionPlans: PAGE,
    auditTrail: PAGE,
    organisationAuditTrail: PAGE,
    // Walks every company's chain for the year: a trace's work, or more.
    quarryAreaReport: TRACE,
    trace: TRACE,
    dueDiligence: TRACE_WITH_RISKS,
  },
  Project: {
    trace: TRACE_IN_LIST,
    // Batched per page by a loader, but the work grows with the projects asked for.
    deliveries: LOOKUP,
    authorisedImporters: LOOKUP,
  },
};

/** A root field missing from `fieldCosts` counts as the dearest read, so forgetting a price is safe. */
const UNPRICED_ROOT_FIELD = TRACE_WITH_RISKS;
/** A list without `first` may be long: it counts as a full page of items. */
const UNBOUNDED_LIST_ITEMS = maxPageSize;

interface CostContext {
  fragments: Fragments;
}

/** Traces that read their risk evidence when riskLocations or riskSummary is asked for, at that price. */
const traceWithRisks: Record<string, number> = { 'Query.trace': TRACE_WITH_RISKS, 'Project.trace': TRACE_WITH_RISKS_IN_LIST };

function ownCost(typeName: string, fieldName: string, asksForRisks: () => boolean): number {
  if (typeName === 'Mutation') return fieldName === '__typename' ? 0 : MUTATION;
  const withRisks = traceWithRisks[`${typeName}.${fieldName}`];
  if (withRisks !== undefined && asksForRisks()) return withRisks;
  return fieldCosts[typeName]?.[fieldName] ?? (typeName === 'Query' ? UNPRICED_ROOT_FIELD : 0);
}

/**
 * A field costs its own price plus its subfields' cost once per item it may return: `first`
 * items of a connection (the connection's `nodes` are those items), a full page for another list.
 */
const neo4jEstimator: ComplexityEstimator = ({ type, field, node, args, childComplexity, context }) => {
  const { fragments } = context as CostContext;
  const own = ownCost(type.name, field.name, () => fieldsSelectAny([node], fragments, traceRiskFields));
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
      context: { fragments } satisfies CostContext,
    });
  } catch (error) {
    // getComplexity gives up on documents whose fragments expand to very many fields.
    if (error instanceof Error && /maximum allowed number of nodes/.test(error.message)) return Infinity;
    throw error;
  }
}
