import { inspect } from 'node:util';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError, ClientError, codeOfStatus, ServiceError, type ErrorCode } from '../shared/errors.js';

export interface ErrorBody {
  error: string;
  code: ErrorCode;
  [detail: string]: unknown;
}

/** An error as routes outside GraphQL answer it: its message, its code and what it names. */
export const errorBody = (error: ApiError): ErrorBody => ({ error: error.message, ...error.extensions });

/**
 * A refusal sent from a hook, with its status, in the shape the route speaks: a GraphQL error on
 * /graphql (its clients read `errors`), `{ error, code, ...details }` everywhere else.
 */
export function sendRefusal(request: FastifyRequest, reply: FastifyReply, refusal: ClientError): FastifyReply {
  const body =
    request.routeOptions.url === '/graphql'
      ? { errors: [{ message: refusal.message, extensions: refusal.extensions }] }
      : errorBody(refusal);
  return reply.code(refusal.httpStatus).send(body);
}

/** Answers with `{ error, code }` and the status; a 503 tells the client when to try again. */
function sendError(reply: FastifyReply, statusCode: number, body: ErrorBody, retryAfterSeconds?: number): FastifyReply {
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  return reply.code(statusCode).send(body);
}

function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ServiceError) {
    // Expected under faults or load: logged with its cause, without a stack trace per request.
    request.log.warn({ code: error.code, cause: describeCause(error.cause) }, error.message);
    return sendError(reply, error.httpStatus, { error: error.message, code: error.code }, error.retryAfterSeconds);
  }
  if (error instanceof ClientError) {
    request.log.info({ code: error.code, statusCode: error.httpStatus, reason: error.message }, 'request refused');
    return sendError(reply, error.httpStatus, errorBody(error));
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
 * Routes throw what they refuse (a ClientError, whose code gives the status).
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
