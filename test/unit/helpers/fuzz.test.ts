import t from 'tap';
import { idsIn } from '../../helpers/fuzz.js';

/* The fuzz test's leak check, without a database: the ids found in answers. */

t.test('idsIn: every id in an answer, under any alias, in lists and inside cursors', async (t) => {
  const known = new Set(['d000000000000003']);
  const uuid = '41ce7381-0ee7-5b35-959f-18b09c3d845c';
  const cursor = Buffer.from(JSON.stringify(['Quay wall', uuid])).toString('base64url');
  const answer = {
    a1: { nodes: [{ a2: uuid, name: 'Quay wall' }] },
    viewer: { keyId: 'd000000000000003' },
    pageInfo: { endCursor: cursor },
    year: 2025,
  };
  t.same(
    idsIn(answer, (s) => known.has(s)),
    [
      { id: uuid, path: 'a1.nodes[0].a2' },
      { id: 'd000000000000003', path: 'viewer.keyId' },
      { id: uuid, path: 'pageInfo.endCursor (cursor)' },
    ],
  );
  t.same(
    idsIn({ name: 'Gemeente Amsterdam', region: 'Fujian', share: 0.5 }, () => false),
    [],
    'names and numbers are no ids',
  );
});
