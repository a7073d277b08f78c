import { readdirSync, readFileSync } from 'node:fs';
import accepts from '@fastify/accepts';
import type { FastifyPluginAsync } from 'fastify';
import { getOperationAST, getVariableValues, GraphQLError } from 'graphql';
import mercurius, { type IResolvers, type MercuriusContext, type MercuriusLoaders } from 'mercurius';
import type { GraphqlLimits } from '../config.js';
import { fromRoot } from '../paths.js';
import { isClientError, ServiceError } from '../shared/errors.js';
import type { FieldCosts } from './cost.js';
import { graphqlErrorHandler, GraphqlRequestError, operationNameOf, prepareGraphqlRequest } from './http.js';
import { documentViolations } from './limits.js';
import type { Resolvers } from './resolvers.generated.js';
import { DateScalar } from './scalars.js';

/**
 * A domain's part of the API: its resolvers, typed from the schema (arguments, parents and results;
 * see resolvers.generated.ts), and its loaders for fields batched per page.
 */
export interface GraphqlModule {
  resolvers: Resolvers;
  loaders?: MercuriusLoaders;
}

/** The public contract: every `schema/*.graphql` file, in name order. */
export function loadSchemaSource(): string {
  const dir = fromRoot('schema');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(`${dir}/${file}`, 'utf8'))
    .join('\n');
}

function mergeByType<T extends object>(parts: (T | undefined)[]): T {
  const merged: Record<string, object> = {};
  for (const part of parts) {
    for (const [typeName, fields] of Object.entries(part ?? {})) {
      merged[typeName] = { ...merged[typeName], ...(fields as object) };
    }
  }
  return merged as T;
}

/**
 * An error as the client gets it. Expected failures carry a code for clients; anything else is
 * logged in full and masked, so database or driver internals never reach a client.
 */
function clientFacing(error: GraphQLError, context: MercuriusContext): GraphQLError {
  const original = error.originalError;
  if (original && isClientError(original)) {
    // Refused requests (and so refused writes) are logged with who asked; never the token.
    const viewer = context.viewer;
    context.reply.log.warn(
      {
        code: error.extensions?.code,
        path: error.path,
        keyId: viewer?.keyId,
        role: viewer?.role,
        orgId: viewer?.orgId,
      },
      `refused: ${error.message}`,
    );
    return error;
  }
  if (!original || original instanceof GraphQLError || 'errors' in original) return error;
  if (original instanceof ServiceError) {
    context.reply.log.warn({ code: original.code, path: error.path, cause: String(original.cause) }, original.message);
    return new GraphQLError(original.message, {
      path: error.path,
      nodes: error.nodes,
      extensions: original.extensions,
    });
  }
  context.reply.log.error({ err: original, path: error.path }, 'unexpected error in a resolver');
  return new GraphQLError('Internal server error', {
    path: error.path,
    nodes: error.nodes,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

export const graphqlPlugin: FastifyPluginAsync<{
  modules: GraphqlModule[];
  costs: FieldCosts;
  limits: GraphqlLimits;
}> = async (app, { modules, costs, limits }) => {
  await app.register(accepts);
  await app.register(mercurius, {
    schema: loadSchemaSource(),
    // The generated types describe what each resolver takes and gives; mercurius takes them untyped.
    resolvers: mergeByType<Resolvers>([{ Date: DateScalar }, ...modules.map((m) => m.resolvers)]) as IResolvers,
    loaders: mergeByType<MercuriusLoaders>(modules.map((m) => m.loaders)),
    path: '/graphql',
    graphiql: false,
    // A document asked for a third time is compiled (graphql-jit) in the background, while the event
    // loop is not busy, and then runs as straight code: resolving a large answer field by field (a
    // due-diligence report of 2,000 suppliers, 14,000 objects) took half of its CPU time. Variables are
    // still checked by graphql-js before every execution, so a bad one gets the same answer either way.
    jit: { minCount: 3 },
    context: (request) => ({ viewer: request.viewer, dataVersion: request.dataVersion }),
    // Parsing stops at the token limit, so an oversized document costs no more than that.
    graphql: { parseOptions: { maxTokens: limits.maxTokens } },
    additionalRouteOptions: { preValidation: prepareGraphqlRequest },
    errorHandler: graphqlErrorHandler,
    errorFormatter: (execution, context) => {
      const errors = (execution.errors ?? []).map((error) => clientFacing(error, context));
      return mercurius.defaultErrorFormatter({ ...execution, errors }, context);
    },
  });
  // Size and cost are checked on every request (the budget depends on the caller), before any resolver runs.
  app.graphql.addHook('preExecution', async (schema, document, context, variables) => {
    const operationName = operationNameOf(context.reply.request);
    // graphql-js would answer this with data: null; it is a request error (no data, 400 where negotiated).
    const operation = getOperationAST(document, operationName);
    if (!operation) {
      const message = operationName
        ? `the document has no operation named ${JSON.stringify(operationName)}`
        : 'the document has several operations: name the one to run in `operationName`';
      throw new GraphqlRequestError([new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
    }
    // Counting the cost reads the variables, so they are checked first: a missing or mistyped one is
    // the client's mistake, not an internal error. mercurius checks them only when the request has a
    // `variables` entry, and not on the request that compiles the document (see `jit`).
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
    if (coerced.errors) throw new GraphqlRequestError([...coerced.errors]);
    const violations = documentViolations(schema, costs, document, limits, {
      variables,
      operationName,
      role: context.viewer?.role ?? null,
    });
    if (violations.length > 0) throw new GraphqlRequestError(violations);
  });
};
