import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds used by this process and by the embedded Neo4j JVM (a child of this process, found
 * in /proc), so a phase can say where its CPU time went. Linux only; elsewhere the JVM reads NaN.
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
  constructor(private readonly neo4jPid: number | undefined) {}

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
