import type { Graph } from '../../src/db/graph.js';
import { generateBenchGraph } from './generate.js';
import { ms, percentile, ratio, table } from './stats.js';

/**
 * BENCH_MODE=scale: the sampled traces' p50 through the driver and through the API on the graph
 * of BENCH_SCALE, then again after growing it `factor` times with disjoint parts (see
 * generateBenchGraph), which leave the sampled chains as they were. Checks that every sampled
 * trace still gives the same shares, and prints the ratios (target <= 1.3x).
 */

export interface ScaleProbe {
  /** The trace's reads through the driver alone, as TraceService makes them. */
  driver(projectId: string): Promise<unknown>;
  /** The trace through the API over HTTP; throws on an error. */
  api(projectId: string): Promise<void>;
  /** The trace's shares, to compare before and after growing the graph. */
  shares(projectId: string): Promise<string>;
}

interface Measured {
  driverP50: number;
  apiP50: number;
  shares: Map<string, string>;
}

async function measure(sample: string[], probe: ScaleProbe, rounds: number): Promise<Measured> {
  // One unmeasured round: plans for the grown graph's statistics, and caches.
  for (const id of sample) {
    await probe.driver(id);
    await probe.api(id);
  }
  const driver: number[] = [];
  const api: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const [i, id] of sample.entries()) {
      const steps = [
        async () => {
          const t0 = performance.now();
          await probe.driver(id);
          driver.push(performance.now() - t0);
        },
        async () => {
          const t0 = performance.now();
          await probe.api(id);
          api.push(performance.now() - t0);
        },
      ];
      for (let k = 0; k < steps.length; k++) await (steps[(i + round + k) % steps.length] as () => Promise<void>)();
    }
  }
  const shares = new Map<string, string>();
  for (const id of sample) shares.set(id, await probe.shares(id));
  return { driverP50: percentile(driver, 50), apiP50: percentile(api, 50), shares };
}

export async function benchScaleComparison(options: {
  graph: Graph;
  scale: number;
  seed: number;
  factor: number;
  sample: string[];
  rounds: number;
  probe: ScaleProbe;
  log: (line: string) => void;
}): Promise<{ report: string; sameTraces: boolean }> {
  const { graph, scale, seed, factor, sample, rounds, probe, log } = options;
  const small = await measure(sample, probe, rounds);
  log(
    `scale ${scale}: driver p50 ${ms(small.driverP50)} ms, API p50 ${ms(small.apiP50)} ms; growing the graph ${factor}x...`,
  );
  const grown = await generateBenchGraph(graph, { scale, seed, parts: { from: 1, to: factor }, log });
  log(
    `added ${grown.counts.supplyLinks} links and ${grown.counts.projects} projects in ${(grown.elapsedMs / 1000).toFixed(1)} s`,
  );
  const large = await measure(sample, probe, rounds);
  const changed = sample.filter((id) => small.shares.get(id) !== large.shares.get(id));
  return {
    sameTraces: changed.length === 0,
    report: [
      `\nscale comparison: the same ${sample.length} sampled traces on the graph of scale ${scale} and on one ${factor}x larger (target <= 1.3x)`,
      table([
        ['', `scale ${scale} p50 (ms)`, `${factor}x p50 (ms)`, 'ratio'],
        ['driver (trace reads)', ms(small.driverP50), ms(large.driverP50), ratio(large.driverP50, small.driverP50)],
        ['API', ms(small.apiP50), ms(large.apiP50), ratio(large.apiP50, small.apiP50)],
      ]),
      changed.length === 0
        ? `every sampled trace gives the same shares at both sizes`
        : `TRACES CHANGED by growing the graph: ${changed.length}, e.g. ${changed[0]}: ${small.shares.get(changed[0] as string)} -> ${large.shares.get(changed[0] as string)}`,
    ].join('\n'),
  };
}
