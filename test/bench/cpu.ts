import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * CPU seconds and memory used by this process and by the embedded Neo4j JVM (a child of this
 * process, found in /proc), so a phase can say where its CPU time and memory went. Linux only;
 * elsewhere the JVM reads NaN.
 */

const CLOCK_TICKS_PER_SECOND = 100;

export interface CpuSnapshot {
  node: number;
  neo4j: number;
}

/** Busy CPU seconds of the whole machine, all cores (from /proc/stat); NaN where unavailable. */
export function machineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [label, ...values] = line.trim().split(/\s+/);
    if (label !== 'cpu') return Number.NaN;
    const ticks = values.slice(0, 8).map(Number);
    const total = ticks.reduce((sum, v) => sum + v, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return (total - idle) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds (user + system) process `pid` has used so far; NaN where unreadable. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at state, field 3; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** The pid of a child process of ours whose command line contains `marker`, if any. */
export function findChildPid(marker: string): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker)) return Number(name);
    } catch {
      // The process went away meanwhile.
    }
  }
  return undefined;
}

export class CpuMeter {
  constructor(readonly neo4jPid: number | undefined) {}

  snapshot(): CpuSnapshot {
    const usage = process.cpuUsage();
    return {
      node: (usage.user + usage.system) / 1e6,
      neo4j: this.neo4jPid === undefined ? Number.NaN : processCpuSeconds(this.neo4jPid),
    };
  }

  /** CPU seconds spent since `start`. */
  since(start: CpuSnapshot): CpuSnapshot {
    const now = this.snapshot();
    return { node: now.node - start.node, neo4j: now.neo4j - start.neo4j };
  }
}

/** Resident memory of a process in MB: now (VmRSS) and the peak since start or the last `resetPeakRss` (VmHWM). */
export interface MemorySnapshot {
  rssMb: number;
  peakRssMb: number;
}

export function processMemory(pid: number | undefined): MemorySnapshot {
  if (pid === undefined) return { rssMb: Number.NaN, peakRssMb: Number.NaN };
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: Number.NaN, peakRssMb: Number.NaN };
  }
}

/** Starts a new peak (VmHWM) for the process, so a phase's peak is its own (Linux: clear_refs 5). */
export function resetPeakRss(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not Linux, or not allowed: the peak then runs from the process start.
  }
}
