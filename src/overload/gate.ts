import { Overloaded } from '../shared/errors.js';

interface Waiter {
  admit: (release: () => void) => void;
  timer: NodeJS.Timeout;
}

/**
 * Admits `limit` holders at once; up to `queueLimit` more wait, first come first served, for at
 * most `maxWaitMs`. Anyone beyond that is refused at once with Overloaded, so a burst costs its
 * senders a quick 503 instead of costing everybody a slow answer.
 */
export class ConcurrencyGate {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly limit: number,
    private readonly queueLimit: number,
    private readonly maxWaitMs: number,
  ) {}

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with the function that gives the slot back (idempotent), once one is free. */
  enter(): Promise<() => void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.queueLimit) {
      return Promise.reject(new Overloaded(`${this.active} requests running, ${this.waiting.length} waiting`));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        admit: resolve,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          reject(new Overloaded(`no free slot within ${this.maxWaitMs} ms`));
        }, this.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) {
        // The slot passes straight to the next in line: `active` stays the same.
        clearTimeout(next.timer);
        next.admit(this.releaser());
      } else {
        this.active--;
      }
    };
  }
}
