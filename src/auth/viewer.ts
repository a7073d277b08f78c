import { clientError, type ClientError } from '../shared/errors.js';
import { roles, type Role } from '../shared/roles.js';

export { roles, type Role };

/** The caller behind a valid API key. */
export interface Viewer {
  keyId: string;
  role: Role;
  /** The importer or processor (MEMBER) or buyer (BUYER) the key is bound to. */
  orgId: string | null;
}

/** How Cypher sees the caller: passed as `$viewer` to every query that reads confidential data. */
export interface ViewerParam {
  role: Role;
  orgId: string | null;
}

/** What a resolver knows of the request: set by the GraphQL plugin from the auth plugin's result. */
export interface RequestContext {
  viewer: Viewer | null;
  /**
   * The data version read during this request (with its key), if any: anything cached at that
   * version may be served without asking again, since every write that returned before the
   * request moved the version before it was read.
   */
  dataVersion: number | null;
}

declare module 'mercurius' {
  // The context every resolver and loader is given (the generated resolver types name it).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- it adds RequestContext to mercurius's own
  interface MercuriusContext extends RequestContext {}
}

/** The refusal of a request that needs an API key and came without one, wherever it is asked. */
export const unauthenticated = (): ClientError =>
  clientError('UNAUTHENTICATED', 'this needs an API key: send Authorization: Bearer <token>');

export function requireViewer(context: RequestContext): Viewer {
  if (!context.viewer) throw unauthenticated();
  return context.viewer;
}

export function requireRole(context: RequestContext, allowed: readonly Role[], action: string): Viewer {
  const viewer = requireViewer(context);
  if (!allowed.includes(viewer.role)) {
    throw clientError('FORBIDDEN', `${viewer.role} keys may not ${action}`);
  }
  return viewer;
}

export function forbidden(viewer: Viewer, action: string): Error {
  return clientError('FORBIDDEN', `this ${viewer.role} key may not ${action}`);
}

export const viewerParam = (viewer: Viewer): ViewerParam => ({ role: viewer.role, orgId: viewer.orgId });

/** The scope idempotency keys and audit entries belong to: the organisation, or the key itself. */
export const actorScope = (viewer: Viewer): string => viewer.orgId ?? `key:${viewer.keyId}`;

/** One stand-in caller per role, for work done ahead of requests (query-plan warm-up). */
export const standInViewers: Viewer[] = roles.map((role) => ({
  keyId: 'stand-in',
  role,
  orgId: role === 'MEMBER' || role === 'BUYER' ? 'stand-in' : null,
}));
