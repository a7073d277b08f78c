import fc from 'fast-check';
import neo4j from 'neo4j-driver';
import t from 'tap';
import { z } from 'zod';
import { encodeCursor, pageArgs, pageParams, toConnection } from '../../../src/shared/pagination.js';

/** Keyset pages: the page size, the cursor a page ends with, and the next page's query parameters. */

const page = z.object(pageArgs);

t.test('a page is 20 items unless asked for 1 to 100', async (t) => {
  t.same(page.parse({}), { first: 20, after: null });
  t.same(page.parse({ first: null, after: null }), { first: 20, after: null });
  t.equal(page.parse({ first: 100 }).first, 100);
  for (const first of [0, 101, 2.5]) t.notOk(page.safeParse({ first }).success, `first: ${first}`);
});

t.test("a page of first + 1 rows says there is a next one, and its cursor is the last shown row's key", async (t) => {
  const rows = [
    { id: 'b', name: 'Bahia' },
    { id: 'a', name: 'Ceara' },
    { id: 'c', name: 'Goias' },
  ];
  const full = toConnection(rows, 2, 7);
  t.same(
    full.nodes.map((r) => r.id),
    ['b', 'a'],
    'the extra row is not shown',
  );
  t.same(full.pageInfo, { hasNextPage: true, endCursor: encodeCursor('Ceara', 'a') });
  t.same(page.parse({ after: full.pageInfo.endCursor }).after, ['Ceara', 'a'], 'the next request reads it back');
  t.same(
    pageParams({ first: 2, after: ['Ceara', 'a'] }),
    { limit: neo4j.int(3), afterKey: 'Ceara', afterId: 'a' },
    'and asks for one row more than it shows',
  );

  t.same(toConnection(rows, 3, 3).pageInfo.hasNextPage, false, 'the last page');
  t.same(toConnection([], 20, 0).pageInfo, { hasNextPage: false, endCursor: null }, 'an empty page has no cursor');
  t.equal(toConnection(rows, 1, 3, (row) => row.id).pageInfo.endCursor, encodeCursor('b', 'b'), 'another sort key');
});

t.test('a cursor this API did not hand out is bad input', async (t) => {
  const tampered = [
    Buffer.from('["Ceara"]').toString('base64url'),
    Buffer.from('{"name":"Ceara","id":"a"}').toString('base64url'),
    'not a cursor',
    '',
  ];
  for (const after of tampered) {
    const result = page.safeParse({ after });
    t.same(
      result.error?.issues.map((issue) => [issue.path.join('.'), issue.message]),
      [['after', 'is not a cursor returned by this API']],
      JSON.stringify(after),
    );
  }
});

t.test('any sort key and id read back from the cursor of the page they end', async (t) => {
  // Any UTF-16 text, lone surrogates included: names and ids are whatever was stored.
  const text = fc.string({ unit: 'binary', maxLength: 200 });
  fc.assert(
    fc.property(
      fc.array(fc.record({ id: text, name: text }), { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 1, max: 5 }),
      (rows, first) => {
        const { pageInfo, nodes } = toConnection(rows, first, rows.length);
        const last = nodes.at(-1)!;
        const after = page.parse({ after: pageInfo.endCursor }).after;
        return after?.[0] === last.name && after[1] === last.id && /^[\w-]*$/.test(pageInfo.endCursor ?? '');
      },
    ),
    { numRuns: 2_000 },
  );
  t.pass('2,000 pages; every cursor is URL-safe text');
});
