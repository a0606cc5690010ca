/** The fake's clock: the caller's `now`, or Date.now() plus an offset that `advance()` moves. */
export interface FakeClock {
  now(): number;
  advance(ms: number): void;
}

export function makeClock(now?: () => number): FakeClock {
  if (now) {
    return {
      now,
      advance() {
        throw new Error(
          'fake-idc: advance() works only with the built-in clock (options.now was given)',
        );
      },
    };
  }
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`fake-idc: advance(${ms}): need ms >= 0`);
      offset += ms;
    },
  };
}
