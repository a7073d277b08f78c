import mercurius from 'mercurius';
import type { ZodError } from 'zod';

const { ErrorWithProps } = mercurius;

/** The `extensions.code` values clients can rely on. */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'CONFLICT';

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
    rule: (issue.code === 'custom' && typeof issue.params?.rule === 'string' ? issue.params.rule : issue.code) as string,
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
