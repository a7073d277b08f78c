import t from 'tap';
import { parseToken } from '../src/auth/tokens.js';
import { readDataset, seedId } from '../src/seed/dataset.js';
import { loadDataset } from '../src/seed/load.js';
import { testApp, testConfig } from './helpers/app.js';
import { describeFailure, fuzzSettings, runFuzz } from './helpers/fuzz.js';
import { visibleIds } from './helpers/visibility-oracle.js';

/*
 * Fuzzing: FUZZ_DOCUMENTS (2,000) random valid read documents of seed FUZZ_SEED, each sent as every
 * sample key (ADMIN, ANALYST, MEMBER, BUYER) and anonymously, FUZZ_CONCURRENCY (4) at a time.
 * A failure prints the seed and the document; FUZZ_SEED=<seed> FUZZ_ONLY=<index> replays it alone.
 *
 * Mutations are left out: fuzzed writes would change the sample data other tests read, and reads
 * are where confidential records could leak. The write rules have their own tests.
 */

// 10,000 requests took 7.7 minutes on 2 cores at a load average of 20 (other test runs beside it).
t.setTimeout(1_800_000);

// Thousands of requests per key within minutes: the rate limits, where the service has them, are
// not what this test is about.
process.env.RATE_LIMIT_PER_KEY ??= '1000000';
process.env.RATE_LIMIT_PER_ADDRESS ??= '1000000';

const settings = fuzzSettings();
const app = await testApp(t);
const maxDepth = testConfig().trace.maxDepth;

await t.test('the oracle: the sample keys see their own records and not the others', async (t) => {
  const data = readDataset();
  await loadDataset(app.graph, data);
  const keyOf = (role: string) => data.apiKeys!.find((k) => k.role === role)!;
  const id = seedId;
  const buyer = await visibleIds(
    app.graph,
    { role: 'BUYER', orgId: id('buyer-amsterdam'), keyId: parseToken(keyOf('BUYER').token)!.keyId },
    maxDepth,
  );
  for (const key of [
    'buyer-amsterdam',
    'project-amsterdam-quay-wall',
    'delivery-amsterdam-quay-1',
    'importer-nl-gracht-stone',
    'processor-vn-thanh-hoa-1',
  ]) {
    t.ok(buyer.has(id(key)), `the Amsterdam BUYER sees ${key}`);
  }
  for (const key of ['buyer-rotterdam', 'project-rotterdam-square', 'project-gent-square'])
    t.notOk(buyer.has(id(key)), `the Amsterdam BUYER does not see ${key}`);
  const member = await visibleIds(
    app.graph,
    { role: 'MEMBER', orgId: id('importer-nl-gracht-stone'), keyId: parseToken(keyOf('MEMBER').token)!.keyId },
    maxDepth,
  );
  for (const key of [
    'importer-nl-gracht-stone',
    'processor-vn-thanh-hoa-1',
    'project-amsterdam-quay-wall',
    'delivery-amsterdam-quay-2',
    'buyer-amsterdam',
  ]) {
    t.ok(member.has(id(key)), `the MEMBER sees ${key}`);
  }
  for (const key of ['project-rotterdam-square', 'project-gent-square', 'buyer-rotterdam'])
    t.notOk(member.has(id(key)), `the MEMBER does not see ${key}`);
});

await t.test(
  `${settings.documents} generated documents as every role: no 5xx, no masked error, no id a key may not see`,
  async (t) => {
    const report = await runFuzz(app, settings, maxDepth);
    const summary =
      `${report.documents} documents of seed ${report.seed}, ${report.requests} requests in ${report.seconds.toFixed(1)} s ` +
      `(${(report.documents / report.seconds).toFixed(1)} documents/s); HTTP ${JSON.stringify(report.statuses)}; ` +
      `error codes ${JSON.stringify(report.errorCodes)}; refused by a budget ${JSON.stringify(report.refusedByBudget)}; answers with ids ${JSON.stringify(report.answersWithIds)}; ` +
      `slowest ${report.slowest.map((s) => `#${s.index} as ${s.caller} ${s.ms} ms`).join(', ')}; oracle worked out ${report.oracleRefreshes} time(s)`;
    t.comment(summary);

    const failuresOf = (kind: string) => report.failures.filter((f) => f.kind === kind);
    const noneOf = (kind: string, message: string) => {
      const found = failuresOf(kind);
      t.equal(found.length, 0, message, {
        diagnostic: found.length > 0,
        failures: found.slice(0, 5).map((f) => describeFailure(report, f)),
      });
    };

    t.ok(
      report.documents >= Math.min(settings.documents, 2000) || settings.only !== null,
      `${report.documents} documents`,
    );
    noneOf('invalid document', 'every generated document passes validate() against the served schema');
    noneOf('HTTP 5xx', 'no answer is an HTTP 5xx');
    noneOf('unexpected HTTP status', 'every answer not refused by a budget or rate limit is HTTP 200');
    noneOf('masked internal error', 'no answer carries a masked INTERNAL_SERVER_ERROR');
    noneOf('error without a code', 'every error carries a code');
    noneOf(
      'id the caller may not see',
      'no BUYER, MEMBER or anonymous answer holds an id outside what that caller may see',
    );
    noneOf('no BAD_USER_INPUT for an out-of-range argument', 'an out-of-range argument is BAD_USER_INPUT');

    // Refusals by the document budgets are neither pass nor failure, but the generator must mostly
    // stay within a key's budget, or the documents test little beyond the refusal. `downstream` alone
    // costs a BUYER's or MEMBER's whole budget, so with anything beside it those two are refused: about
    // one document in ten. A caller without a key is left out: its budget is below the price of fields
    // that need a key anyway.
    for (const [role, share] of [
      ['ADMIN', 0.05],
      ['ANALYST', 0.05],
      ['MEMBER', 0.15],
      ['BUYER', 0.15],
    ] as const) {
      const refused = report.refusedByBudget[role] ?? 0;
      t.ok(
        refused <= share * report.documents,
        `${refused} of ${report.documents} ${role} answers refused by a document budget`,
      );
    }
    t.equal(report.rateLimited, 0, 'no answer is rate limited: the fuzzing app must not be under a rate limit');

    // The leak check only means something if confidential answers do carry ids. Some root fields
    // never carry any for these roles (complaints lists a MEMBER's only once admitted about its chain,
    // complaintStatus is the complainant's, sectorProgress and quarryAreaReport are figures, webhooks
    // and notifications are the caller's own and empty here, siteMerges' ids are public), so the
    // floor is a share of documents below those fields' part of them: about 7 % of 2,000 documents
    // carried ids for each role once siteMerges, sectorProgress, webhooks and notifications came.
    if (settings.only === null && report.documents >= 100) {
      for (const role of ['MEMBER', 'BUYER']) {
        t.ok(
          (report.answersWithIds[role] ?? 0) >= 0.05 * report.documents,
          `${report.answersWithIds[role]} ${role} answers had ids to check`,
        );
      }
    }
  },
);
