import { setTimeout as delay } from 'node:timers/promises';

import type { Clock } from '../core/clock.js';

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : undefined),
};
