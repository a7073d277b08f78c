import type { FastifyInstance } from 'fastify';
import { describeFailure, fuzzSettings, runFuzz } from '../helpers/fuzz.js';

/**
 * The fuzz test's run, longer and on the benchmark's large graph: BENCH_FUZZ_DOCUMENTS documents
 * (3,000: about three minutes; FUZZ_SEED and FUZZ_CONCURRENCY as for the test), each as every sample key and
 * anonymously. The sample data is loaded beside the generated graph. Prints documents/s and the
 * counts; resolves to false when a document failed (5xx, masked error, leak...).
 */
export async function benchFuzz(app: FastifyInstance, maxDepth: number): Promise<boolean> {
  const raw = process.env.BENCH_FUZZ_DOCUMENTS;
  const settings = fuzzSettings({ ...process.env, FUZZ_DOCUMENTS: raw || '3000' });
  const report = await runFuzz(app, settings, maxDepth);
  console.log(
    `   ${report.documents} documents of seed ${report.seed} x ${report.requests / Math.max(1, report.documents)} callers ` +
      `in ${report.seconds.toFixed(1)} s: ${(report.documents / report.seconds).toFixed(1)} documents/s, ` +
      `${(report.requests / report.seconds).toFixed(1)} requests/s (${settings.concurrency} at a time)`,
  );
  console.log(`   HTTP ${JSON.stringify(report.statuses)}; error codes ${JSON.stringify(report.errorCodes)}`);
  console.log(
    `   refused by a document budget: ${JSON.stringify(report.refusedByBudget)}, rate limited: ${report.rateLimited}, failures: ${report.failures.length}`,
  );
  console.log(`   slowest: ${report.slowest.map((s) => `#${s.index} as ${s.caller} ${s.ms} ms`).join(', ')}`);
  for (const failure of report.failures.slice(0, 5)) console.log(`\n${describeFailure(report, failure)}`);
  return report.failures.length === 0;
}
