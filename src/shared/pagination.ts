import neo4j, { type Integer } from 'neo4j-driver';
import { z } from 'zod';

export const maxPageSize = 100;
export const defaultPageSize = 20;

/**
 * Keyset pagination over (sort key, id), e.g. (name, id): stable under inserts, one indexed range
 * scan per page. The cursor is opaque to clients (base64url JSON); a tampered one is bad input.
 */
const CursorSchema = z.tuple([z.string(), z.string()]);
export type Cursor = z.infer<typeof CursorSchema>;

export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
}

const cursor = z.string().transform((value, ctx): Cursor => {
  try {
    return CursorSchema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a cursor returned by this API' });
    return z.NEVER;
  }
});

export const pageArgs = {
  first: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(maxPageSize, `must be at most ${maxPageSize}`)
    .nullish()
    .transform((v) => v ?? defaultPageSize),
  after: cursor.nullish().transform((v) => v ?? null),
};

/** A timestamp as Neo4j prints a UTC datetime: the sort key of lists ordered by when records were made. */
const timestampKey = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;

/** `after` of a list ordered by a timestamp: any other key (another list's cursor) is not one of its cursors. */
export const afterTimestampCursor = pageArgs.after.refine((cursor) => cursor === null || timestampKey.test(cursor[0]), {
  message: 'is not a cursor of this list',
});

export interface PageRequest {
  first: number;
  after: Cursor | null;
}

/** A page request as Cypher parameters: `$limit` (one row more than asked), `$afterKey`, `$afterId`. */
export interface PageParams {
  limit: Integer;
  afterKey: string | null;
  afterId: string | null;
}

export function pageParams({ first, after }: PageRequest): PageParams {
  // One row more than asked tells whether a next page exists.
  return { limit: neo4j.int(first + 1), afterKey: after?.[0] ?? null, afterId: after?.[1] ?? null };
}

export interface Connection<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/**
 * Builds a page from `first + 1` fetched rows: the extra row only tells that there is a next page.
 * `sortKey` gives the value the query orders by (before the id).
 */
export function toConnection<T extends { id: string }>(
  rows: T[],
  first: number,
  totalCount: number,
  sortKey: (row: T) => string = (row) => (row as T & { name: string }).name,
): Connection<T> {
  const nodes = rows.slice(0, first);
  const last = nodes.at(-1);
  return {
    nodes,
    pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(sortKey(last), last.id) : null },
    totalCount,
  };
}
