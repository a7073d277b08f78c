import mercurius from 'mercurius';
import type { ZodError } from 'zod';

const { ErrorWithProps } = mercurius;

/** The `extensions.code` values clients can rely on. */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'CONFLICT' | 'TRACE_TOO_COMPLEX';

export function clientError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): Error {
  return new ErrorWithProps(message, { code, ...extra });
}

/** One message for "absent" and "not yours": the two must be indistinguishable. */
export function notFound(kind: string, id: string): Error {
  return clientError('NOT_FOUND', `${kind} ${JSON.stringify(id)} was not found`, { kind, id });
}

/**
 * A zod failure as a GraphQL error: the message names every offending field (its path in the
 * arguments) and the rule it broke; `extensions.issues` carries the same in machine form.
 */
export function badUserInput(error: ZodError): Error {
  const issues = error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    // A refinement names its rule in params (zod reports every refinement as 'custom').
    rule: (issue.code === 'custom' && typeof issue.params?.rule === 'string' ? issue.params.rule : issue.code),
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.field || '(input)'}: ${i.message}`).join('; ');
  return clientError('BAD_USER_INPUT', `invalid input: ${summary}`, {
    field: issues[0]?.field,
    rule: issues[0]?.rule,
    issues,
  });
}

/** A rule zod cannot check (it needs the database), reported in the same shape as `badUserInput`. */
export const badInput = (field: string, rule: string, message: string): Error =>
  clientError('BAD_USER_INPUT', `invalid input: ${field}: ${message}`, { field, rule, issues: [{ field, rule, message }] });

export function isClientError(error: unknown): boolean {
  return error instanceof ErrorWithProps;
}

/**
 * A failure the service expects and can name, outside GraphQL's client errors: it carries the code a
 * client sees, the HTTP status, and (for 503) how many seconds to wait before retrying.
 */
export abstract class ServiceError extends Error {
  abstract readonly code: string;
  abstract readonly statusCode: number;
  readonly retryAfterSeconds: number | undefined = undefined;
}

/** Neo4j cannot be reached or did not answer in time: try again shortly. */
export class ServiceUnavailable extends ServiceError {
  override name = 'ServiceUnavailable';
  readonly code = 'SERVICE_UNAVAILABLE';
  readonly statusCode = 503;
  override readonly retryAfterSeconds = 2;
  /** `options.cause` says why, for the log; the client sees one message whatever the cause. */
  constructor(options?: ErrorOptions) {
    super('the database is unavailable; retry shortly', options);
  }
}

/** A statement ran into its transaction time limit; Neo4j rolled it back. */
export class QueryTimeout extends ServiceError {
  override name = 'QueryTimeout';
  readonly code = 'QUERY_TIMEOUT';
  readonly statusCode = 503;
  override readonly retryAfterSeconds = 5;
  constructor(limitMs: number, options?: ErrorOptions) {
    super(`the request took longer than its time limit of ${limitMs} ms and was cancelled`, options);
  }
}

/** More requests are running and waiting than this instance takes on: shed before any work starts. */
export class Overloaded extends ServiceError {
  override name = 'Overloaded';
  readonly code = 'OVERLOADED';
  readonly statusCode = 503;
  override readonly retryAfterSeconds = 1;
  constructor(reason: string) {
    super(`the service is busy (${reason}); retry shortly`);
  }
}

/** The caller went away (closed the connection), so its work was cancelled. */
export class RequestAborted extends ServiceError {
  override name = 'RequestAborted';
  readonly code = 'REQUEST_ABORTED';
  // nginx's "client closed request": nobody reads it, but logs and metrics tell it from a failure.
  readonly statusCode = 499;
  constructor() {
    super('the client closed the request; its work was cancelled');
  }
}
