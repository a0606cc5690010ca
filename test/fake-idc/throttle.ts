/** Token bucket: `rps` tokens per second, burst of one second's worth (at least 1). */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;

  constructor(
    private readonly rps: number,
    private readonly now: () => number,
  ) {
    if (!(rps > 0)) throw new Error(`fake-idc: throttle rps must be > 0, got ${rps}`);
    this.capacity = Math.max(1, rps);
    this.tokens = this.capacity;
    this.last = now();
  }

  /** Takes one token; false means "throttle this request". */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.rps);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
