import type { ZodError } from 'zod';

/**
 * Every code a client can rely on, with the HTTP status it is answered with (docs/api.md, "Error
 * codes"). Outside GraphQL that is the answer's status; on /graphql an error raised while the
 * operation runs is a GraphQL error with the code in `extensions.code`, in a 200 answer, and only a
 * refusal before it runs (a token, a rate limit, overload) answers with the status. The codes of
 * refused GraphQL documents (QUERY_TOO_DEEP, GRAPHQL_PARSE_FAILED, ...) are graphql/'s own.
 */
export const httpStatusOf = {
  BAD_REQUEST: 400,
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  IMPORT_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TRACE_TOO_COMPLEX: 422,
  RATE_LIMITED: 429,
  // nginx's "client closed request": nobody reads it, but logs and metrics tell it from a failure.
  REQUEST_ABORTED: 499,
  CLIENT_CLOSED_REQUEST: 499,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  QUERY_TIMEOUT: 503,
  OVERLOADED: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof httpStatusOf;

/** The code of a refusal that comes with an HTTP status only: Fastify's own and its plugins'. */
export const codeOfStatus: Readonly<Record<number, ErrorCode>> = {
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
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * An error a client is told about: its code, its HTTP status (from the code), and `extensions`,
 * the code with what the error names (a field, a rule, a limit). GraphQL shows the extensions as
 * they are; other routes answer `{ error: message, ...extensions }` (errors/plugin.ts).
 */
export abstract class ApiError extends Error {
  readonly extensions: { code: ErrorCode; [detail: string]: unknown };

  constructor(
    readonly code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.extensions = { code, ...details };
  }

  /**
   * Not `statusCode`: mercurius would answer a GraphQL request with that status when the error
   * leaves no data, and an error raised while a GraphQL operation runs is answered with 200.
   */
  get httpStatus(): number {
    return httpStatusOf[this.code];
  }
}

/** The request is refused for what it asks: bad input, no key, not allowed, not found, too large. */
export class ClientError extends ApiError {}

export function clientError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): ClientError {
  return new ClientError(code, message, extra);
}

/** One message for "absent" and "not yours": the two must be indistinguishable. */
export function notFound(kind: string, id: string): ClientError {
  return clientError('NOT_FOUND', `${kind} ${JSON.stringify(id)} was not found`, { kind, id });
}

/**
 * A zod failure as a GraphQL error: the message names every offending field (its path in the
 * arguments) and the rule it broke; `extensions.issues` carries the same in machine form.
 */
export function badUserInput(error: ZodError): ClientError {
  const issues = error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    // A refinement names its rule in params (zod reports every refinement as 'custom').
    rule: issue.code === 'custom' && typeof issue.params?.rule === 'string' ? issue.params.rule : issue.code,
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
export const badInput = (field: string, rule: string, message: string): ClientError =>
  clientError('BAD_USER_INPUT', `invalid input: ${field}: ${message}`, {
    field,
    rule,
    issues: [{ field, rule, message }],
  });

export function isClientError(error: unknown): error is ClientError {
  return error instanceof ClientError;
}

/**
 * A failure the service expects and can name, not the client's doing: Neo4j away or slow, the
 * instance full, the client gone. Clients see its message and code only, and (for 503) how many
 * seconds to wait before retrying.
 */
export abstract class ServiceError extends ApiError {
  readonly retryAfterSeconds: number | undefined = undefined;
}

/** Neo4j cannot be reached or did not answer in time: try again shortly. */
export class ServiceUnavailable extends ServiceError {
  override name = 'ServiceUnavailable';
  override readonly retryAfterSeconds = 2;
  /** `options.cause` says why, for the log; the client sees one message whatever the cause. */
  constructor(options?: ErrorOptions) {
    super('SERVICE_UNAVAILABLE', 'the database is unavailable; retry shortly', {}, options);
  }
}

/** A statement ran into its transaction time limit; Neo4j rolled it back. */
export class QueryTimeout extends ServiceError {
  override name = 'QueryTimeout';
  override readonly retryAfterSeconds = 5;
  constructor(limitMs: number, options?: ErrorOptions) {
    super(
      'QUERY_TIMEOUT',
      `the request took longer than its time limit of ${limitMs} ms and was cancelled`,
      {},
      options,
    );
  }
}

/** More requests are running and waiting than this instance takes on: shed before any work starts. */
export class Overloaded extends ServiceError {
  override name = 'Overloaded';
  override readonly retryAfterSeconds = 1;
  constructor(reason: string) {
    super('OVERLOADED', `the service is busy (${reason}); retry shortly`);
  }
}

/** The caller went away (closed the connection), so its work was cancelled. */
export class RequestAborted extends ServiceError {
  override name = 'RequestAborted';
  constructor() {
    super('REQUEST_ABORTED', 'the client closed the request; its work was cancelled');
  }
}
