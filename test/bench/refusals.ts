import { ms, summarize, table } from './stats.js';

const aliased = (n: number, field: string): string =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const report = 'quarryAreaReport(year: 2025) { year }';

/** What each document must get: data, or a refusal with these codes. */
const documents: { label: string; query: string; codes: string[] }[] = [
  { label: 'accepted: { __typename }', query: '{ __typename }', codes: [] },
  {
    label: 'refused by cost and aliases: 50 aliased quarryAreaReport',
    query: aliased(50, report),
    codes: ['QUERY_TOO_MANY_ALIASES', 'QUERY_TOO_COMPLEX'],
  },
  {
    label: 'refused by tokens: 2,000 aliased quarryAreaReport',
    query: aliased(2000, report),
    codes: ['QUERY_TOO_MANY_TOKENS'],
  },
];

/**
 * The latency of over-budget documents, refused before they run, beside a cheap accepted one:
 * anonymous, one request at a time, the documents taking turns so background noise hits them alike.
 * Returns the problems found (an answer other than the expected one).
 */
export async function benchRefusals(url: string, rounds = 300): Promise<string[]> {
  const latencies = documents.map((): number[] => []);
  const problems: string[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const [i, { label, query, codes }] of documents.entries()) {
      const start = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
      latencies[i]?.push(performance.now() - start);
      const got = (body.errors ?? []).map((e) => e.extensions?.code);
      if (response.status !== 200 || JSON.stringify(got) !== JSON.stringify(codes)) {
        problems.push(`${label}: HTTP ${response.status}, codes ${JSON.stringify(got)}`);
      }
    }
  }
  console.log(`\nGraphQL documents refused before they run (anonymous, sequential, ${rounds} each; ms)`);
  console.log(
    table([
      ['', 'n', 'p50', 'p99', 'max'],
      ...documents.map(({ label }, i) => {
        const s = summarize(latencies[i] ?? []);
        return [label, String(s.count), ms(s.p50), ms(s.p99), ms(s.max)];
      }),
    ]),
  );
  if (problems.length) console.log(`   unexpected answers: ${problems.length}, e.g. ${problems[0]}`);
  return problems;
}
