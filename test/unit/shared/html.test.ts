import { createHash } from 'node:crypto';
import t from 'tap';
import { escapeHtml, htmlPage, pageStyleSource } from '../../../src/shared/html.js';

t.test('text is escaped for content and quoted attributes', async (t) => {
  t.equal(
    escapeHtml(`<a href="x" onclick='y'>&amp;</a>`),
    '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
  );
});

t.test("a page's one style is the one its CSP source allows", async (t) => {
  const page = htmlPage('T <b>', '<p>body</p>');
  t.match(page, '<title>T &lt;b&gt; · stonetrace</title>', 'the title is escaped');
  t.match(page, '<p>body</p>', 'the body is markup');
  const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
  t.equal(styles.length, 1);
  t.equal(pageStyleSource, `'sha256-${createHash('sha256').update(styles[0]!).digest('base64')}'`);
  t.notMatch(page, /<script|src=|<link/i, 'nothing to run or fetch');
});
