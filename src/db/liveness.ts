/**
 * Whether Neo4j answers at all. A paused or cut-off server answers nothing, not even an error, and
 * the driver would wait on its socket for as long as the operating system keeps it open; a
 * transaction timeout cannot help, because the server that would enforce it is the one not
 * answering. So a small round trip goes out every `intervalMs` over a connection of its own (a
 * saturated pool must not look like a dead server), and when one goes unanswered for
 * `unresponsiveAfterMs` the database counts as down: the owner cancels the work in flight and
 * refuses new work until a round trip succeeds again. Any other answer from Neo4j meanwhile (see
 * `heardFrom`) counts too: a busy server answers its work late, but it answers.
 */
export class Liveness {
  private state: 'unknown' | 'up' | 'down' = 'unknown';
  private pending: Promise<boolean> | null = null;
  private lastHeardAt = 0;
  private readonly listeners = new Set<() => void>();
  private readonly timer: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly roundTrip: () => Promise<unknown>,
    private readonly timing: { intervalMs: number; unresponsiveAfterMs: number },
  ) {
    this.timer = setInterval(() => void this.probe(), timing.intervalMs);
    this.timer.unref();
    void this.probe();
  }

  /** Known to be down (not merely unknown, as before the first answer). */
  get isDown(): boolean {
    return this.state === 'down';
  }

  /** Whether Neo4j answers within `timeoutMs`; shares a round trip already under way. */
  async answersWithin(timeoutMs: number): Promise<boolean> {
    if (this.stopped) return false;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.probe(), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Neo4j answered something (a query's result or its own error): it is alive, if slow. */
  heardFrom(): void {
    this.lastHeardAt = Date.now();
  }

  /** Calls `listener` each time the database goes down; returns the unsubscribe. */
  onDown(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private probe(): Promise<boolean> {
    if (this.pending) return this.pending;
    const pending = this.roundTrip().then(
      () => true,
      () => false,
    );
    this.pending = pending;
    const sentAt = Date.now();
    const limit = this.timing.unresponsiveAfterMs;
    // Timers run before pending network input is read: after a long synchronous stretch in this
    // process the answer may be waiting in the socket. setImmediate runs once it has been read.
    const judge = (): void => {
      setImmediate(() => {
        if (this.pending !== pending) return;
        const quietMs = Date.now() - Math.max(sentAt, this.lastHeardAt);
        if (quietMs >= limit) this.set('down');
        else silence = setTimeout(judge, limit - quietMs).unref();
      });
    };
    let silence = setTimeout(judge, limit).unref();
    return pending.then((up) => {
      clearTimeout(silence);
      this.pending = null;
      this.set(up ? 'up' : 'down');
      return up;
    });
  }

  private set(state: 'up' | 'down'): void {
    if (this.stopped) return;
    const wentDown = state === 'down' && this.state !== 'down';
    this.state = state;
    if (wentDown) for (const listener of this.listeners) listener();
  }
}
