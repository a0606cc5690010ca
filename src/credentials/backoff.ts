/** Retry delays for throttled portal calls. */

export interface BackoffPolicy {
  /** Calls in total, the first included. */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

/**
 * The SDK client has already retried 429 three times by the time ThrottledError reaches us
 * (docs/protocol.md, "Retries and throttling"), so a few slower attempts on top are enough.
 */
export const DEFAULT_THROTTLE_BACKOFF: BackoffPolicy = {
  maxAttempts: 5,
  baseMs: 500,
  capMs: 10_000,
};

/**
 * "Full jitter": a uniform delay in [0, min(cap, base * 2^retry)) (AWS Architecture Blog,
 * "Exponential Backoff And Jitter", 2015). Spreads many callers apart instead of retrying in waves.
 * `retry` counts from 0 for the first retry.
 */
export function fullJitterDelay(
  retry: number,
  policy: BackoffPolicy,
  random: () => number,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}
