import t from 'tap';
import { localPath, signinPath } from '../../../src/auth/sessionCookies.js';

/** Where the sign-in form may send a person afterwards, and how it is asked to. */

t.test('`next` leads only to a path on this server', async (t) => {
  t.equal(localPath('/projects/x/report?lang=nl'), '/projects/x/report?lang=nl', 'a path with its query');
  t.equal(localPath('/a/../signin'), '/signin', 'read as the browser would');
  const outside = [
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'projects',
    '/a\nb',
    '/a\u0000b',
    '',
    42,
    undefined,
    null,
  ];
  for (const next of outside) t.equal(localPath(next), null, JSON.stringify(next));
  t.equal(localPath(`/${'a'.repeat(2048)}`), null, 'nor an endless one');
});

t.test('the form is asked for with `next` and a notice, both encoded', async (t) => {
  t.equal(signinPath(null, null), '/signin');
  t.equal(
    signinPath('/projects/a b/report?x=1&y=2', 'session-ended'),
    '/signin?next=%2Fprojects%2Fa+b%2Freport%3Fx%3D1%26y%3D2&notice=session-ended',
  );
  t.equal(
    localPath(new URL(signinPath('/p?x=1&y=2', null), 'http://h').searchParams.get('next')),
    '/p?x=1&y=2',
    'and `next` reads back whole',
  );
});
