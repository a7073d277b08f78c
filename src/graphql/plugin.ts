import { readdirSync, readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import { GraphQLError } from 'graphql';
import mercurius, { type IResolvers, type MercuriusLoaders } from 'mercurius';
import { fromRoot } from '../paths.js';
import { isClientError, ServiceError } from '../shared/errors.js';
import { DateScalar } from './scalars.js';

export interface GraphqlModule {
  resolvers: IResolvers;
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
 * Deeper documents are refused before execution; fragments count too (mercurius >= 16.10.1).
 * 15 is what GraphiQL's own schema (introspection) query needs; the deepest trace query is 6.
 */
const maxQueryDepth = 15;

export const graphqlPlugin: FastifyPluginAsync<{ modules: GraphqlModule[] }> = async (app, { modules }) => {
  await app.register(mercurius, {
    schema: loadSchemaSource(),
    resolvers: mergeByType<IResolvers>([{ Date: DateScalar }, ...modules.map((m) => m.resolvers)]),
    loaders: mergeByType<MercuriusLoaders>(modules.map((m) => m.loaders)),
    path: '/graphql',
    graphiql: false,
    context: (request) => ({ viewer: request.viewer }),
    queryDepth: maxQueryDepth,
    errorFormatter: (execution, context) => {
      // Expected failures carry a code for clients; anything else is logged in full and masked,
      // so database or driver internals never reach a client.
      const errors = (execution.errors ?? []).map((error) => {
        const original = error.originalError;
        if (original && isClientError(original)) {
          // Refused requests (and so refused writes) are logged with who asked; never the token.
          const viewer = context.viewer;
          context.reply.log.warn(
            { code: error.extensions?.code, path: error.path, keyId: viewer?.keyId, role: viewer?.role, orgId: viewer?.orgId },
            `refused: ${error.message}`,
          );
          return error;
        }
        if (!original || original instanceof GraphQLError || 'errors' in original) return error;
        if (original instanceof ServiceError) {
          context.reply.log.warn({ code: original.code, path: error.path, cause: String(original.cause) }, original.message);
          return new GraphQLError(original.message, { path: error.path, nodes: error.nodes, extensions: { code: original.code } });
        }
        context.reply.log.error({ err: original, path: error.path }, 'unexpected error in a resolver');
        return new GraphQLError('Internal server error', {
          path: error.path,
          nodes: error.nodes,
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        });
      });
      return mercurius.defaultErrorFormatter({ ...execution, errors }, context);
    },
  });
};
