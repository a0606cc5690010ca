/**
 * A manual clock for tests: time moves only when the test says so, and sleeps resolve in time
 * order. Test helper (not shipped behaviour); lives here because only daemon tests use it.
 */
import type { Clock } from '../../src/core/clock.js';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/** Lets every ready promise chain and I/O callback run before time moves. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];
  /** Every delay passed to sleep(), in call order. */
  readonly sleeps: number[] = [];

  constructor(start = Date.UTC(2026, 10, 28, 0, 0, 0)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const timer: Timer = { at: this.t + Math.max(0, ms), seq: this.seq++, resolve };
      const onAbort = () => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(signal?.reason as Error);
      };
      timer.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /** Number of sleeps not yet resolved or aborted. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  private next(limit: number): Timer | undefined {
    let best: Timer | undefined;
    for (const x of this.timers) {
      if (x.at <= limit && (!best || x.at < best.at || (x.at === best.at && x.seq < best.seq))) {
        best = x;
      }
    }
    return best;
  }

  private fire(timer: Timer): void {
    this.timers = this.timers.filter((x) => x !== timer);
    this.t = Math.max(this.t, timer.at);
    timer.resolve();
  }

  /** Moves time forward by `ms`, firing due sleeps in order and letting their effects run. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    await settle();
    for (let timer = this.next(target); timer; timer = this.next(target)) {
      this.fire(timer);
      await settle();
    }
    this.t = target;
    await settle();
  }

  /**
   * Runs time forward, one due sleep at a time, until `promise` settles. Throws if it is still
   * pending with no sleep left to fire (the code under test is stuck).
   */
  async drive<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await settle();
      if (settled) return promise;
      const timer = this.next(Number.POSITIVE_INFINITY);
      if (!timer) throw new Error('FakeClock.drive: promise pending and no timer left to fire');
      this.fire(timer);
    }
  }
}
