/**
 * The folded forms under which sites and quarry areas are compared: two names that fold alike
 * are taken for one site (in one country), two area names that fold alike for one area.
 *
 * Folding a site name: letters lose their diacritics (NFD, then the combining marks are dropped;
 * letters that do not decompose, such as Vietnamese đ, are spelled out), case is ignored,
 * punctuation becomes a space, runs of single letters are joined ("S.p.A." → "spa", "B.V." → "bv"),
 * and legal forms are dropped: a company prefix ("Công ty TNHH", "PT") and any run of suffixes
 * ("Co., Ltd.", "Pvt Ltd", "GmbH", "JSC"). Words that say what the site is ("Quarry", "Stone",
 * "Factory", "Mine") are part of the name, not a legal form: one company's quarry and factory, or
 * two of its quarries, may differ only in them.
 */

const spelledOut: Record<string, string> = { đ: 'd', ł: 'l', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i' };

/** Lower case, without diacritics, punctuation as single spaces between words. */
function words(text: string): string[] {
  const bare = text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[đłøßæœı]/g, (letter) => spelledOut[letter]!);
  return bare.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
}

/** "s p a" → "spa": initials written with points or spaces read as one word. */
function joinInitials(tokens: string[]): string[] {
  const joined: string[] = [];
  let run = '';
  for (const token of tokens) {
    if (token.length === 1 && /\p{L}/u.test(token)) {
      run += token;
      continue;
    }
    if (run) joined.push(run);
    run = '';
    joined.push(token);
  }
  if (run) joined.push(run);
  return joined;
}

/** Legal forms that open a name, longest first (Vietnamese and Indonesian company names). */
const legalPrefixes = [
  ['cong', 'ty', 'tnhh', 'mtv'],
  ['cong', 'ty', 'co', 'phan'],
  ['cong', 'ty', 'tnhh'],
  ['cong', 'ty', 'cp'],
  ['cong', 'ty'],
  ['ctcp'],
  ['cty'],
  ['pt'],
];

/** Legal forms that close a name; a run of them ("co ltd", "pvt ltd", "tnhh mtv") is dropped whole. */
const legalSuffixes = new Set([
  'ag',
  'bv',
  'co',
  'company',
  'corp',
  'corporation',
  'cp',
  'gmbh',
  'inc',
  'jsc',
  'lda',
  'limited',
  'llc',
  'ltd',
  'ltda',
  'mtv',
  'nv',
  'plc',
  'private',
  'pvt',
  'sa',
  'sarl',
  'sas',
  'spa',
  'srl',
  'tnhh',
]);

const startsWith = (tokens: string[], prefix: string[]) => prefix.every((word, index) => tokens[index] === word);

/** Drops a leading legal form and any trailing run of them; a name that is nothing but legal forms is kept whole. */
function withoutLegalForms(tokens: string[]): string[] {
  const prefix = legalPrefixes.find((p) => tokens.length > p.length && startsWith(tokens, p));
  let end = tokens.length;
  const start = prefix?.length ?? 0;
  while (end > start && legalSuffixes.has(tokens[end - 1]!)) end--;
  return end > start ? tokens.slice(start, end) : tokens;
}

/** The key two site names of one country share when they name one site. */
export function siteNameKey(name: string): string {
  return withoutLegalForms(joinInitials(words(name))).join(' ');
}

/** The key two spellings of one quarry area share: case, diacritics and punctuation ignored. */
export function areaKey(area: string): string {
  return words(area).join(' ');
}
