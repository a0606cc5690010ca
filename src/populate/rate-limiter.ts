import type { Clock } from '../core/clock.js';

/*
 * Paces portal requests to what the portal accepts. Identity Center throttles ListAccountRoles with
 * 429s on large organisations (50, 200 and 665 accounts: synfinatic/aws-sso-cli #520,
 * fwdcloudsec/granted #458, #811) and does not publish its rates, so the rate is learnt (AIMD, as
 * TCP and the AWS SDKs' "adaptive" retry mode do): no pacing until the first 429, then the rate the
 * portal actually granted over the last second; on each later 429 the rate is cut by `decrease`,
 * and every success adds `increasePerSecond / rate`, so the rate grows by `increasePerSecond` each
 * second without one. A 429 counts once per window: throttles of requests that took their slot
 * before the last cut are ignored, since they were paced at the old rate, and so is any within
 * `cooldownMs` of it (retries and slots taken just before the cut still drain the portal's bucket
 * for a moment).
 */

export interface RateLimiterOptions {
  clock: Clock;
  /** Start paced at this rate; default Infinity (unpaced until the first throttle). */
  initialRps?: number;
  minRps?: number;
  maxRps?: number;
  decrease?: number;
  increasePerSecond?: number;
  /** Default 1000. */
  cooldownMs?: number;
}

export interface Permit {
  /** When the request asked for its slot. */
  readonly reservedAt: number;
}

export class AdaptiveRateLimiter {
  private rate: number;
  private nextAt = 0;
  private lastCutAt = -Infinity;
  private readonly recent: number[] = [];
  private readonly clock: Clock;
  private readonly minRps: number;
  private readonly maxRps: number;
  private readonly decrease: number;
  private readonly increase: number;
  private readonly cooldownMs: number;
  cuts = 0;

  constructor(opts: RateLimiterOptions) {
    this.clock = opts.clock;
    this.rate = opts.initialRps ?? Infinity;
    this.minRps = opts.minRps ?? 1;
    this.maxRps = opts.maxRps ?? 1000;
    this.decrease = opts.decrease ?? 0.7;
    this.increase = opts.increasePerSecond ?? 2;
    this.cooldownMs = opts.cooldownMs ?? 1000;
  }

  /** Requests per second now (Infinity while unpaced). */
  get rps(): number {
    return this.rate;
  }

  /** Waits for this request's slot. */
  async acquire(): Promise<Permit> {
    const now = this.clock.now();
    if (Number.isFinite(this.rate)) {
      const at = Math.max(now, this.nextAt);
      this.nextAt = at + 1000 / this.rate;
      if (at > now) await this.clock.sleep(at - now);
    }
    return { reservedAt: now };
  }

  success(): void {
    const now = this.clock.now();
    this.recent.push(now);
    while ((this.recent[0] ?? now) <= now - 1000) this.recent.shift();
    if (Number.isFinite(this.rate)) {
      this.rate = Math.min(this.maxRps, this.rate + this.increase / this.rate);
    }
  }

  throttled(permit: Permit): void {
    const now = this.clock.now();
    if (permit.reservedAt <= this.lastCutAt || now - this.lastCutAt < this.cooldownMs) return;
    this.lastCutAt = now;
    this.cuts++;
    const granted = this.recent.filter((t) => t > now - 1000).length;
    const next = Number.isFinite(this.rate) ? this.rate * this.decrease : granted;
    this.rate = Math.min(this.maxRps, Math.max(this.minRps, next));
    this.nextAt = Math.max(this.nextAt, now + 1000 / this.rate);
  }
}
