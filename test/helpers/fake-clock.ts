/**
 * A clock that moves only when someone sleeps on it or calls advance(): a sleep of N ms returns
 * at once with the time moved N ms forward. Share `now` with the fake Identity Center so both
 * sides agree on time (poll pacing, expiry) without waiting in real time.
 */
import type { Clock } from '../../src/core/clock.js';

export class FakeClock implements Clock {
  private t: number;
  readonly sleeps: number[] = [];
  constructor(start = Date.UTC(2026, 10, 27, 12, 0, 0)) {
    this.t = start;
  }
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.t += ms;
    await Promise.resolve();
  };
}
