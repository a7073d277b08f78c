import { LRUCache } from 'lru-cache';
import type { TraceCacheSettings } from '../config.js';

export interface CachedTrace<T> {
  /** The data version the trace was read at (see Graph.dataVersion). */
  dataVersion: number;
  /** Whether it was read with its risk evidence: such a trace also answers a request without. */
  withRisks: boolean;
  record: T;
}

/**
 * Assembled traces in this instance's memory. An entry is only ever served after the caller has
 * checked that its data version is still the current one in Neo4j, which every data-changing write
 * moves in its own transaction: so no trace is served stale once a write has returned, whichever
 * instance made it. Entries older than the newest version seen are useless, and are dropped.
 */
export class TraceCache<T> {
  private readonly entries: LRUCache<string, CachedTrace<T>> | null;
  private newestVersion = -1;

  constructor(settings: TraceCacheSettings, sizeOf: (record: T) => number) {
    this.entries =
      settings.maxEntries > 0
        ? new LRUCache({
            max: settings.maxEntries,
            maxSize: settings.maxElements,
            sizeCalculation: (entry) => Math.max(1, sizeOf(entry.record)),
          })
        : null;
  }

  /** A candidate to serve once its version is confirmed; undefined when there is none. */
  candidate(key: string, withRisks: boolean): CachedTrace<T> | undefined {
    const entry = this.entries?.get(key);
    return entry && (entry.withRisks || !withRisks) ? entry : undefined;
  }

  store(key: string, entry: CachedTrace<T>): void {
    this.observe(entry.dataVersion);
    if (entry.dataVersion === this.newestVersion) this.entries?.set(key, entry);
  }

  /** Records a version read from Neo4j: when it is newer than any seen, every entry is out of date. */
  observe(dataVersion: number): void {
    if (dataVersion <= this.newestVersion) return;
    this.newestVersion = dataVersion;
    this.entries?.clear();
  }
}
