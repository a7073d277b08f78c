import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  GraphQLError,
  Kind,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type TypeNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Role } from '../shared/roles.js';
import type { GraphqlLimits } from '../config.js';
import { documentCost, type FieldCosts } from './cost.js';

/** The `extensions.code` of a document refused for its size or cost, before anything ran. */
export const limitCodes = {
  tokens: 'QUERY_TOO_MANY_TOKENS',
  aliases: 'QUERY_TOO_MANY_ALIASES',
  depth: 'QUERY_TOO_DEEP',
  cost: 'QUERY_TOO_COMPLEX',
} as const;

/** The most a document may cost for this caller (null: no API key). */
export const costBudget = (limits: GraphqlLimits, role: Role | null): number => limits.costBudgets[role ?? 'anonymous'];

const refusal = (code: string, message: string, extensions: Record<string, unknown>): GraphQLError =>
  new GraphQLError(message, { extensions: { code, ...extensions } });

export const tooManyTokens = (limit: number): GraphQLError =>
  refusal(limitCodes.tokens, `this document has more than ${limit} tokens: split it into several requests`, { limit });

/**
 * A graphql-armor rule that reports a coded error (with what it counted and the limit) instead
 * of throwing its own. Armor puts the count only in its message ("..., found 42."), so it is read
 * from there.
 */
function countingRule(
  armorRule: typeof maxAliasesRule | typeof maxDepthRule,
  limit: number,
  describe: (found: number) => GraphQLError,
): ValidationRule {
  return armorRule({
    n: limit,
    exposeLimits: true,
    propagateOnRejection: false,
    ...(armorRule === maxDepthRule ? { flattenFragments: true, ignoreIntrospection: false } : {}),
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(describe(Number(/found (\d+)/.exec(error.message)?.[1]))),
    ],
  });
}

export interface DocumentRequest {
  variables?: Record<string, unknown> | undefined;
  operationName?: string | null | undefined;
  /** The caller's role; null without an API key. */
  role: Role | null;
}

/**
 * Aliases and depth depend on the document alone, and mercurius hands every request with the same
 * query text the same parsed document: they are counted once per document (and set of limits).
 */
const sizeViolationsByLimits = new WeakMap<GraphqlLimits, WeakMap<DocumentNode, readonly GraphQLError[]>>();

function sizeViolations(schema: GraphQLSchema, document: DocumentNode, limits: GraphqlLimits): readonly GraphQLError[] {
  let byDocument = sizeViolationsByLimits.get(limits);
  if (!byDocument) sizeViolationsByLimits.set(limits, (byDocument = new WeakMap()));
  let violations = byDocument.get(document);
  if (!violations) {
    violations = validate(schema, document, [
      countingRule(maxAliasesRule, limits.maxAliases, (aliases) =>
        refusal(limitCodes.aliases, `this document has ${aliases} aliases; at most ${limits.maxAliases} are allowed`, {
          aliases,
          limit: limits.maxAliases,
        }),
      ),
      countingRule(maxDepthRule, limits.maxDepth, (depth) =>
        refusal(
          limitCodes.depth,
          `this document nests fields ${depth} levels deep; the depth limit is ${limits.maxDepth}`,
          {
            depth,
            limit: limits.maxDepth,
          },
        ),
      ),
    ]);
    byDocument.set(document, violations);
  }
  return violations;
}

/** Variables of these types never change a cost: it counts `first` (an Int) and `@include`/`@skip` (Booleans). */
const costlessVariableTypes: ReadonlySet<string> = new Set(['ID', 'String']);
/** Distinct variable sets whose cost is kept per document; beyond it they are counted again. */
const costsKeptPerDocument = 100;

interface CountedCosts {
  /** The variables whose value can change the cost. */
  costVariables: string[];
  byVariables: Map<string, number>;
}

const countedCostsByTable = new WeakMap<FieldCosts, WeakMap<DocumentNode, CountedCosts>>();

/**
 * The document's cost with these variables, counted once per document and values of the variables
 * that can change it: a trace asked for project after project differs only in its ID variable.
 */
function countedCost(
  schema: GraphQLSchema,
  costs: FieldCosts,
  document: DocumentNode,
  request: DocumentRequest,
): number {
  let byDocument = countedCostsByTable.get(costs);
  if (!byDocument) countedCostsByTable.set(costs, (byDocument = new WeakMap()));
  let counted = byDocument.get(document);
  if (!counted) {
    const costVariables = document.definitions.flatMap((definition) =>
      definition.kind === Kind.OPERATION_DEFINITION
        ? (definition.variableDefinitions ?? [])
            .filter((variable) => !costlessVariableTypes.has(namedTypeOf(variable.type)))
            .map((variable) => variable.variable.name.value)
        : [],
    );
    byDocument.set(document, (counted = { costVariables, byVariables: new Map() }));
  }
  const key = JSON.stringify([
    request.operationName ?? null,
    ...counted.costVariables.map((name) => request.variables?.[name] ?? null),
  ]);
  let cost = counted.byVariables.get(key);
  if (cost === undefined) {
    cost = documentCost(schema, costs, document, request.variables, request.operationName);
    if (counted.byVariables.size < costsKeptPerDocument) counted.byVariables.set(key, cost);
  }
  return cost;
}

const namedTypeOf = (type: TypeNode): string =>
  type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);

/**
 * Every limit a parsed and validated document exceeds (none: it may run): its aliases, its depth
 * (fragments add no level of their own) and its cost against the caller's budget, which depends on
 * the role and the variables and so is counted for every request.
 */
export function documentViolations(
  schema: GraphQLSchema,
  costs: FieldCosts,
  document: DocumentNode,
  limits: GraphqlLimits,
  request: DocumentRequest,
): GraphQLError[] {
  const violations = [...sizeViolations(schema, document, limits)];
  const cost = countedCost(schema, costs, document, request);
  const budget = costBudget(limits, request.role);
  if (cost > budget) {
    const caller = request.role ?? 'anonymous';
    const who = request.role ? `a ${request.role} key` : 'a caller without an API key';
    violations.push(
      refusal(limitCodes.cost, `this document costs ${cost}, more than the ${budget} ${who} may spend per document`, {
        // JSON has no Infinity: a document too large to count has no cost figure.
        cost: Number.isFinite(cost) ? cost : null,
        limit: budget,
        role: caller,
      }),
    );
  }
  return violations;
}
