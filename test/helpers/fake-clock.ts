/**
 * The one clock tests use: time moves only when a test says so (advance, tick, drive) or when
 * someone sleeps on an instant clock. Share `now` with the fake Identity Center so both sides agree
 * on time (poll pacing, expiry) without waiting in real time.
 *
 * - `sleeps: 'instant'` (the default): sleep(ms) returns at once with time moved ms forward. For
 *   code that only needs its waits to pass (polling, backoff, rate limits).
 * - `sleeps: 'manual'`: a sleep waits until the test moves time past it; `tick` and `drive` fire
 *   due sleeps one at a time, in time order, letting each one's effects run before the next. For
 *   code with timers racing each other (the daemon's refresh schedule, single flights).
 * - `realTime: true`: now() is Date.now() plus whatever advance() added, for the fake Identity
 *   Center serving child processes that read the real clock.
 */
import type { Clock } from '../../src/core/clock.js';

export interface FakeClockOptions {
  /** Milliseconds since the epoch at the start (default 2026-11-27T12:00:00Z); not with realTime. */
  start?: number;
  sleeps?: 'instant' | 'manual';
  realTime?: boolean;
}

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
  /** Every delay passed to sleep(), in call order. */
  readonly sleeps: number[] = [];
  private offset = 0;
  private seq = 0;
  private timers: Timer[] = [];
  private readonly base: () => number;
  private readonly manual: boolean;

  constructor(options: FakeClockOptions = {}) {
    if (options.realTime && options.start !== undefined) {
      throw new Error('FakeClock: start and realTime exclude each other');
    }
    const start = options.start ?? Date.UTC(2026, 10, 27, 12, 0, 0);
    this.base = options.realTime ? () => Date.now() : () => start;
    this.manual = options.sleeps === 'manual';
  }

  now = (): number => this.base() + this.offset;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    if (!this.manual) {
      if (signal?.aborted) return Promise.reject(signal.reason as Error);
      this.sleeps.push(ms);
      this.offset += Math.max(0, ms);
      return Promise.resolve();
    }
    this.sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const timer: Timer = { at: this.now() + Math.max(0, ms), seq: this.seq++, resolve };
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
  };

  /** Number of manual sleeps not yet resolved or aborted. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /**
   * Moves time forward by `ms` at once. Manual sleeps due by then resolve, in time order, all
   * seeing the new time; use tick() to let each one's effects run before the next fires.
   */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`FakeClock.advance(${ms}): need ms >= 0`);
    const target = this.now() + ms;
    for (let timer = this.next(target); timer; timer = this.next(target)) this.fire(timer);
    this.moveTo(target);
  }

  /** Moves time forward by `ms`, firing due sleeps one at a time and letting their effects run. */
  async tick(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`FakeClock.tick(${ms}): need ms >= 0`);
    const target = this.now() + ms;
    await settle();
    for (let timer = this.next(target); timer; timer = this.next(target)) {
      this.fire(timer);
      await settle();
    }
    this.moveTo(target);
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

  private moveTo(t: number): void {
    this.offset += Math.max(0, t - this.now());
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
    this.moveTo(timer.at);
    timer.resolve();
  }
}
