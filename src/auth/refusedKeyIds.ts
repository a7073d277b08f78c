/**
 * Key ids this instance has found not to exist, or revoked, remembered for a short time so a client
 * repeating a bad token costs no Neo4j round trip. Bounded: beyond `capacity` the oldest entry goes,
 * so a flood of made-up ids costs memory once, not forever. The time limit bounds how long a key
 * stored after a miss (a key id cannot be chosen, so only a restore or a seed could do that) stays
 * refused. A wrong secret for a real key id is not remembered: anyone who learnt a key id from a log
 * could otherwise lock its holder out.
 */
export type RefusalReason = 'unknown' | 'revoked';

export class RefusedKeyIds {
  private readonly entries = new Map<string, { reason: RefusalReason; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(keyId: string): RefusalReason | undefined {
    const entry = this.entries.get(keyId);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(keyId);
      return undefined;
    }
    return entry.reason;
  }

  remember(keyId: string, reason: RefusalReason): void {
    this.entries.delete(keyId);
    while (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    this.entries.set(keyId, { reason, until: this.now() + this.ttlMs });
  }

  get size(): number {
    return this.entries.size;
  }
}
