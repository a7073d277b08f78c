import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { tooManyTokens } from './limits.js';
import { codeOfStatus, ServiceError } from '../shared/errors.js';

/**
 * GraphQL over HTTP (the GraphQL foundation's spec): media types, status codes and the shape of
 * errors raised before execution, for /graphql only.
 */

export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';

/**
 * The media type of the answer: the one of the two the client prefers. Without an Accept header,
 * with a wildcard or with neither listed it is application/json, as the spec asks.
 */
export function responseMediaType(request: FastifyRequest): string {
  if (!request.headers.accept) return JSON_TYPE;
  const preferred = request.accepts().type([JSON_TYPE, GRAPHQL_RESPONSE_JSON]);
  return typeof preferred === 'string' ? preferred : JSON_TYPE;
}

const setMediaType = (request: FastifyRequest, reply: FastifyReply): string => {
  const mediaType = responseMediaType(request);
  reply.type(`${mediaType}; charset=utf-8`);
  return mediaType;
};

/** A document refused before execution, for reasons listed as GraphQL errors. */
export class GraphqlRequestError extends Error {
  constructor(readonly errors: GraphQLError[]) {
    super(errors.map((error) => error.message).join('; '));
  }
}

/**
 * Route hooks for /graphql: negotiate the answer's media type, and accept a null `extensions`
 * (the spec allows it; mercurius's body schema types it as an object only).
 */
export async function prepareGraphqlRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  setMediaType(request, reply);
  if (request.method !== 'POST') return;
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== JSON_TYPE && mediaType !== 'application/graphql') {
    throw httpError(415, 'send the request as application/json (or the document as application/graphql)');
  }
  const body = request.body as Record<string, unknown> | null | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return;
  if (body.extensions === null) delete body.extensions;
  // Checked before the body schema would turn a number into a string.
  if (body.query !== undefined && typeof body.query !== 'string') throw httpError(400, '`query` must be a string');
  if (body.operationName != null && typeof body.operationName !== 'string')
    throw httpError(400, '`operationName` must be a string');
  if (body.variables != null && (typeof body.variables !== 'object' || Array.isArray(body.variables))) {
    throw httpError(400, '`variables` must be an object');
  }
}

const httpError = (statusCode: number, message: string): FastifyError =>
  Object.assign(new Error(message), { statusCode, code: 'FST_ERR_GRAPHQL_REQUEST', name: 'GraphqlHttpError' });

/** The operation a request names, from the body (POST) or the query string (GET). */
export function operationNameOf(request: FastifyRequest): string | undefined {
  const params = (request.method === 'GET' ? request.query : request.body) as
    { operationName?: unknown } | null | undefined;
  return typeof params?.operationName === 'string' ? params.operationName : undefined;
}

/** graphql-js's own message when parsing stops at the `maxTokens` parse option. */
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more th[ae]t (\d+) tokens/;

/** Parse and validation failures get a code too; refusals by our limits carry theirs already. */
function withCode(error: GraphQLError): GraphQLError {
  if (typeof error.extensions.code === 'string') return error;
  const tokenLimit = TOKEN_LIMIT_MESSAGE.exec(error.message)?.[1];
  if (tokenLimit) return tooManyTokens(Number(tokenLimit));
  const code = error.message.startsWith('Syntax Error:') ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED';
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}

/** GraphQL errors about the document itself: it does not parse, validate, fit its variables or our limits. */
function documentErrors(error: FastifyError & { errors?: unknown }): GraphQLError[] | null {
  if (error instanceof GraphqlRequestError) return error.errors;
  const errors = error.code === 'MER_ERR_GQL_VALIDATION' ? error.errors : undefined;
  return Array.isArray(errors) && errors.length > 0 && errors.every((e) => e instanceof GraphQLError) ? errors : null;
}

function requestProblem(
  error: FastifyError & { errors?: unknown },
  request: FastifyRequest,
): { message: string; extensions: Record<string, unknown> } {
  const status = error.statusCode as number;
  const code = codeOfStatus[status] ?? 'BAD_REQUEST';
  if (status === 413) {
    const limit = request.routeOptions.bodyLimit;
    return { message: `the request body is larger than ${limit} bytes`, extensions: { code, limit } };
  }
  if (error.code === 'MER_ERR_GQL_PERSISTED_QUERY_NOT_FOUND') {
    return { message: 'the request has no query: send {"query": "<GraphQL document>"}', extensions: { code } };
  }
  // Mercurius wraps some refusals (a GET mutation, a malformed body field) with the detail inside.
  const inner = Array.isArray(error.errors) ? (error.errors[0] as Error | undefined) : undefined;
  return { message: inner?.message ?? error.message, extensions: { code } };
}

/**
 * Mercurius's error handler: everything that fails before a GraphQL result exists. A document that
 * does not parse, validate or fit the limits is a GraphQL request error: 200 with application/json,
 * 400 with application/graphql-response+json (and no `data` either way). A malformed request
 * (body, media type, size, method) keeps its 4xx. Both are the client's doing and logged at info;
 * anything else is logged as an error and masked.
 */
export async function graphqlErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const mediaType = setMediaType(request, reply);
  const refused = documentErrors(error);
  if (refused) {
    const errors = refused.map(withCode);
    request.log.info(
      { codes: errors.map((e) => e.extensions.code) },
      `GraphQL request refused: ${errors[0]?.message ?? ''}`,
    );
    await reply.code(mediaType === GRAPHQL_RESPONSE_JSON ? 400 : 200).send({ errors: errors.map((e) => e.toJSON()) });
    return;
  }
  if (error instanceof ServiceError) {
    // Shed, timed out or no database: expected under load or faults, and worth a retry.
    request.log.warn({ code: error.code }, error.message);
    if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
    await reply.code(error.httpStatus).send({ errors: [{ message: error.message, extensions: error.extensions }] });
    return;
  }
  const status = error.statusCode ?? 500;
  if (status < 500 || status === 503) {
    const problem = requestProblem(error, request);
    request.log.info(
      { statusCode: status, code: problem.extensions.code },
      `GraphQL request refused: ${problem.message}`,
    );
    await reply.code(status).send({ errors: [problem] });
    return;
  }
  request.log.error({ err: error }, 'unexpected error before GraphQL execution');
  await reply
    .code(500)
    .send({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
}
