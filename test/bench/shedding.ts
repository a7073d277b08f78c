import { buildApp } from '../../src/app.js';
import type { AppConfig, CapacitySettings } from '../../src/config.js';
import type { LoadReport, LoadTask } from './load.js';
import { ms, percentile, ratio, table } from './stats.js';

/** Limits out of reach: what the service did before it shed load. */
const unlimited: Partial<CapacitySettings> = {
  maxConcurrentRequests: 1_000_000,
  maxQueuedRequests: 1_000_000,
  maxEventLoopDelayMs: 0,
};

interface SheddingRun {
  label: string;
  connections: number;
  report: LoadReport;
}

const statusCount = (report: LoadReport, test: (status: number) => boolean): number =>
  Object.entries(report.result.statusCodeStats)
    .filter(([status]) => test(Number(status)))
    .reduce((sum, [, { count }]) => sum + count, 0);

/**
 * The same trace requests as the load phase, at 64 connections with the shedding on (the
 * configured limits) and off, and at `overloadConnections` with it on: requests/s, 5xx and 503
 * counts, and latency of the answers served. Returns the table to print beside the other figures.
 */
export async function benchShedding(options: {
  config: AppConfig;
  requests: LoadTask['requests'];
  durationS: number;
  overloadConnections?: number;
  runLoad: (task: LoadTask) => Promise<LoadReport>;
}): Promise<string> {
  const { config, requests, durationS, runLoad } = options;
  const plans = [
    { label: 'shedding on', connections: 64, capacity: config.capacity },
    { label: 'shedding off', connections: 64, capacity: { ...config.capacity, ...unlimited } },
    { label: 'shedding on', connections: options.overloadConnections ?? 256, capacity: config.capacity },
  ];
  const runs: SheddingRun[] = [];
  for (const plan of plans) {
    const app = await buildApp({ ...config, capacity: plan.capacity }, { logger: false });
    try {
      await app.graphMigrated;
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      if (!address || typeof address !== 'object') throw new Error('the API is not listening on a TCP port');
      const url = `http://127.0.0.1:${address.port}/graphql`;
      runs.push({
        label: plan.label,
        connections: plan.connections,
        report: await runLoad({ url, requests, connections: plan.connections, durationS, timeoutS: 60 }),
      });
    } finally {
      await app.close();
    }
  }

  const [on, off] = runs;
  const rps = (run: SheddingRun | undefined): number => run?.report.result.requests.mean ?? Number.NaN;
  const served = (run: SheddingRun): number =>
    statusCount(run.report, (s) => s >= 200 && s < 300) / run.report.result.duration;
  const rows = runs.map((run) => [
    `${run.label}, ${run.connections} connections`,
    rps(run).toFixed(1),
    served(run).toFixed(1),
    String(statusCount(run.report, (s) => s >= 500)),
    String(statusCount(run.report, (s) => s === 503)),
    `${ms(percentile(run.report.latencies, 50))} / ${ms(percentile(run.report.latencies, 99))}`,
    String(run.report.result.errors + run.report.result.timeouts),
  ]);
  const { maxConcurrentRequests, maxQueuedRequests, maxQueueWaitMs } = config.capacity;
  return [
    `\nload shedding (${maxConcurrentRequests} running, ${maxQueuedRequests} queued for up to ${maxQueueWaitMs} ms; ${durationS} s each)`,
    table([['', 'requests/s', '2xx/s', '5xx', '503', '2xx latency p50 / p99 (ms)', 'socket errors'], ...rows]),
    `requests/s at 64 connections, shedding on / off: ${ratio(rps(on), rps(off))}`,
  ].join('\n');
}
