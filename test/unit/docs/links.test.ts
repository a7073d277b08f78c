import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import t from 'tap';
import { fromRoot } from '../../../src/paths.js';

/**
 * The documentation's links within the repository lead somewhere: every relative link and image of
 * the README, ARCHITECTURE, CONTRIBUTING and docs/ names a file or folder that exists, and every
 * `#anchor` a heading of its page (as GitHub makes anchors of headings); every picture in
 * docs/images is shown by one of them. Links to other sites are not followed.
 */

const pages = [
  fromRoot('README.md'),
  fromRoot('ARCHITECTURE.md'),
  fromRoot('CONTRIBUTING.md'),
  ...readdirSync(fromRoot('docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => fromRoot('docs', file)),
];

/** The page without its code: a link-like text in a code block or span is no link. */
const prose = (markdown: string): string => markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');

interface Link {
  image: boolean;
  target: string;
}

const linksOf = (markdown: string): Link[] =>
  [...prose(markdown).matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => ({
    image: match[1] === '!',
    target: match[2]!,
  }));

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens; repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const slug = heading!
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

const isLocal = (target: string): boolean => !/^[a-z][a-z0-9+.-]*:/i.test(target);

for (const page of pages) {
  const name = relative(fromRoot(), page);
  t.test(`${name}: its links within the repository lead somewhere`, async (t) => {
    const links = linksOf(readFileSync(page, 'utf8')).filter((link) => isLocal(link.target));
    for (const { image, target } of links) {
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const file = path === '' ? page : join(dirname(page), decodeURIComponent(path));
      if (!existsSync(file)) {
        t.fail(`${image ? 'image' : 'link'} ${target}: no such file`);
        continue;
      }
      if (image) t.ok(statSync(file).size > 0, `image ${target} is not empty`);
      if (anchor !== undefined) {
        t.ok(anchorsOf(readFileSync(file, 'utf8')).has(anchor), `link ${target}: a heading of ${path || name}`);
      }
    }
    t.comment(`${links.length} links checked`);
  });
}

t.test('every picture in docs/images is shown, and the check finds the pictures', async (t) => {
  const shown = new Set(
    pages.flatMap((page) =>
      linksOf(readFileSync(page, 'utf8'))
        .filter((link) => link.image && isLocal(link.target))
        .map((link) => join(dirname(page), link.target)),
    ),
  );
  const pictures = readdirSync(fromRoot('docs', 'images')).map((file) => fromRoot('docs', 'images', file));
  t.ok(pictures.length >= 5, `${pictures.length} pictures, the buyer journey's among them`);
  for (const picture of pictures) t.ok(shown.has(picture), `${relative(fromRoot(), picture)} is shown by a page`);
  t.same(linksOf('![a picture](docs/images/x.png)'), [{ image: true, target: 'docs/images/x.png' }]);
  t.same(linksOf('`![in code](nowhere.png)`'), [], 'code is not a link');
  t.ok(
    anchorsOf("## Where a site's stone went\n## `downstream`, twice\n## `downstream`, twice").has('downstream-twice-1'),
  );
});
