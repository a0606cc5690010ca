/**
 * Retries on the portal's 429 (ThrottledError) with full-jitter backoff (src/core/backoff.ts), a bounded
 * number of times. Keeping the throttling state per caller, never process-wide, is deliberate:
 * one busy session must not slow down another (the SDK's global throttle is the counter-example).
 */
import type { Clock } from '../core/clock.js';
import { ThrottledError } from '../sso/portal-errors.js';
import { type BackoffPolicy, fullJitterDelay } from '../core/backoff.js';

export interface ThrottleRetryOptions {
  backoff: BackoffPolicy;
  clock: Clock;
  random: () => number;
  /** Aborts the waits (the service is closing). */
  signal: AbortSignal;
  log: (line: string) => void;
}

/** Runs one call, sleeping and retrying on ThrottledError; `what` names it in the log. */
export type ThrottleRetry = <T>(call: () => Promise<T>, what: string) => Promise<T>;

/**
 * One caller's retry budget: `backoff.maxAttempts` calls in all, counted across every call made
 * through the returned function, so a token refresh in between does not grant a fresh set.
 */
export function throttleRetrier(options: ThrottleRetryOptions): ThrottleRetry {
  const { backoff, clock, random, signal, log } = options;
  let retry = 0;
  return async (call, what) => {
    for (;;) {
      try {
        return await call();
      } catch (e) {
        if (!(e instanceof ThrottledError) || retry + 1 >= backoff.maxAttempts) throw e;
        const delay = fullJitterDelay(retry, backoff, random);
        retry += 1;
        log(`portal throttled ${what}; retry ${retry} in ${delay} ms`);
        await clock.sleep(delay, signal);
      }
    }
  };
}
