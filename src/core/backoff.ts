/**
 * The one jittered exponential backoff: retries of throttled portal calls (src/credentials,
 * src/populate/listing.ts) and the lock kit's wait for a held lock (src/platform/file-lock.ts).
 */

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
  policy: Pick<BackoffPolicy, 'baseMs' | 'capMs'>,
  random: () => number,
): number {
  return Math.floor(random() * ceilingOf(retry, policy));
}

/**
 * "Equal jitter" (same article): a uniform delay in [c/2, c), c = min(cap, base * 2^retry). Never
 * shorter than half the ceiling: for polling a file, where a zero wait would only spin.
 */
export function equalJitterDelay(
  retry: number,
  policy: Pick<BackoffPolicy, 'baseMs' | 'capMs'>,
  random: () => number,
): number {
  const half = ceilingOf(retry, policy) / 2;
  return half + random() * half;
}

function ceilingOf(retry: number, policy: Pick<BackoffPolicy, 'baseMs' | 'capMs'>): number {
  return Math.min(policy.capMs, policy.baseMs * 2 ** retry);
}
