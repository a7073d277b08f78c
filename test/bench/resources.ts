import { monitorEventLoopDelay } from 'node:perf_hooks';
import { CpuMeter, processMemory, resetPeakRss, type CpuSnapshot } from './cpu.js';
import { ms, table } from './stats.js';

interface PhaseUsage {
  name: string;
  wallS: number;
  cpu: CpuSnapshot;
  api: { rssMb: number; peakRssMb: number };
  neo4j: { rssMb: number; peakRssMb: number };
}

/**
 * CPU seconds and resident memory of the API (this process hosts it) and of Neo4j, per bench
 * phase: a regression in CPU or memory shows up in the phase that caused it. Peaks are per phase
 * (the kernel's high-water mark is reset when a phase starts).
 */
export class PhaseResources {
  private meter = new CpuMeter(undefined);
  private readonly phases: PhaseUsage[] = [];

  /** From now on Neo4j's CPU and memory are measured too (an embedded Neo4j, a child JVM). */
  watchNeo4j(meter: CpuMeter): void {
    this.meter = meter;
  }

  begin(): { cpu: CpuSnapshot; started: number } {
    resetPeakRss(process.pid);
    resetPeakRss(this.meter.neo4jPid);
    return { cpu: this.meter.snapshot(), started: performance.now() };
  }

  end(name: string, { cpu, started }: { cpu: CpuSnapshot; started: number }): void {
    this.phases.push({
      name,
      wallS: (performance.now() - started) / 1000,
      cpu: this.meter.since(cpu),
      api: processMemory(process.pid),
      neo4j: processMemory(this.meter.neo4jPid),
    });
  }

  table(): string {
    const mb = (value: number): string => (Number.isFinite(value) ? value.toFixed(0) : '-');
    const s = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : '-');
    return table([
      ['phase', 'wall s', 'API CPU s', 'API RSS MB (end / peak)', 'Neo4j CPU s', 'Neo4j RSS MB (end / peak)'],
      ...this.phases.map((p) => [
        p.name,
        s(p.wallS),
        s(p.cpu.node),
        `${mb(p.api.rssMb)} / ${mb(p.api.peakRssMb)}`,
        s(p.cpu.neo4j),
        `${mb(p.neo4j.rssMb)} / ${mb(p.neo4j.peakRssMb)}`,
      ]),
    ]);
  }
}

/**
 * Samples this process's event-loop delay (the API runs in it) until `stop`, which returns p99
 * and max in ms: how long a request could wait behind work on the loop.
 */
export function measureEventLoopDelay(): { stop(): { p99: number; max: number; summary: string } } {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      const p99 = histogram.percentile(99) / 1e6;
      const max = histogram.max / 1e6;
      return {
        p99,
        max,
        summary: `event-loop delay of the API process: p99 ${ms(p99)} ms, max ${ms(max)} ms (mean ${ms(histogram.mean / 1e6)} ms)`,
      };
    },
  };
}
