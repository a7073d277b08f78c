import { inspect } from 'node:util';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ServiceError } from '../shared/errors.js';

/** Stable codes for the statuses Fastify (and its plugins) refuse requests with. */
const codeOfStatus: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

export interface ErrorBody {
  error: string;
  code: string;
  [detail: string]: unknown;
}

/**
 * A refusal sent from a hook, in the shape the route speaks: a GraphQL error on /graphql (its
 * clients read `errors`), `{ error, code, ...details }` everywhere else.
 */
export function refusalBody(request: FastifyRequest, message: string, details: { code: string; [detail: string]: unknown }): object {
  return request.routeOptions.url === '/graphql' ? { errors: [{ message, extensions: details }] } : { error: message, ...details };
}

/** Answers with `{ error, code }` and the status; a 503 tells the client when to try again. */
export function sendError(reply: FastifyReply, statusCode: number, body: ErrorBody, retryAfterSeconds?: number): FastifyReply {
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  return reply.code(statusCode).send(body);
}

function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ServiceError) {
    // Expected under faults or load: logged with its cause, without a stack trace per request.
    request.log.warn({ code: error.code, cause: describeCause(error.cause) }, error.message);
    return sendError(reply, error.statusCode, { error: error.message, code: error.code }, error.retryAfterSeconds);
  }
  const statusCode = error.statusCode ?? 500;
  if (statusCode >= 400 && statusCode < 500) {
    // The request was at fault (malformed JSON, wrong content type, too large...): Fastify's
    // message says what, and it is no server error.
    const code = codeOfStatus[statusCode] ?? 'BAD_REQUEST';
    request.log.info({ code, statusCode, reason: error.message }, 'request refused');
    const limit = statusCode === 413 ? { limitBytes: request.routeOptions.bodyLimit } : {};
    return sendError(reply, statusCode, { error: error.message, code, ...limit });
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendError(reply, 500, { error: 'internal server error', code: 'INTERNAL_SERVER_ERROR' });
}

function describeCause(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return typeof cause === 'string' ? cause : inspect(cause);
}

/**
 * One error handler for every route outside GraphQL (mercurius answers for /graphql itself):
 * client mistakes are 4xx and logged at info level; a database that is away is 503 with
 * Retry-After; anything else is a masked 500. No answer carries driver, Cypher or stack details.
 */
export const errorPlugin = fp(
  async (app) => {
    app.setErrorHandler(handleError);
    app.setNotFoundHandler((request, reply) =>
      sendError(reply, 404, { error: `no route ${request.method} ${request.url.split('?')[0]}`, code: 'NOT_FOUND' }),
    );
  },
  { name: 'errors' },
);
