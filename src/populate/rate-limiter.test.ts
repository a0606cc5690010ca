import { describe, expect, it } from 'vitest';

import { FakeClock } from '../../test/helpers/fake-clock.js';
import { AdaptiveRateLimiter } from './rate-limiter.js';

describe('AdaptiveRateLimiter', () => {
  it('does not pace until the first throttle, then paces at what the portal granted', async () => {
    const clock = new FakeClock();
    const rl = new AdaptiveRateLimiter({ clock });
    for (let i = 0; i < 40; i++) {
      await rl.acquire();
      rl.success();
    }
    expect(clock.sleeps).toEqual([]);
    expect(rl.rps).toBe(Infinity);
    rl.throttled(await rl.acquire());
    expect(rl.rps).toBe(40);
    clock.advance(1000);
    const start = clock.now();
    for (let i = 0; i < 5; i++) await rl.acquire();
    // Five slots 25 ms apart: the fifth starts 100 ms after the first.
    expect(clock.now() - start).toBe(100);
  });

  it('cuts the rate once per window and grows it back additively', async () => {
    const clock = new FakeClock();
    const rl = new AdaptiveRateLimiter({ clock, initialRps: 50, decrease: 0.5 });
    const early = await rl.acquire();
    const alsoEarly = await rl.acquire();
    clock.advance(1000);
    rl.throttled(early);
    expect(rl.rps).toBe(25);
    // Sent before the cut: ignored.
    rl.throttled(alsoEarly);
    expect(rl.rps).toBe(25);
    // Sent after the cut but inside the cool-down: ignored.
    clock.advance(500);
    rl.throttled(await rl.acquire());
    expect(rl.rps).toBe(25);
    clock.advance(1000);
    rl.throttled(await rl.acquire());
    expect(rl.rps).toBe(12.5);
    // 25 successes at ~12.5-15 rps add about 2 rps per second of traffic, i.e. about 4.
    for (let i = 0; i < 25; i++) rl.success();
    expect(rl.rps).toBeGreaterThan(15.5);
    expect(rl.rps).toBeLessThan(16.5);
  });

  it('stays within its bounds', async () => {
    const clock = new FakeClock();
    const rl = new AdaptiveRateLimiter({ clock, initialRps: 2, minRps: 1, maxRps: 3 });
    for (let i = 0; i < 3; i++) {
      clock.advance(2000);
      rl.throttled(await rl.acquire());
    }
    expect(rl.rps).toBe(1);
    for (let i = 0; i < 100; i++) rl.success();
    expect(rl.rps).toBe(3);
    expect(rl.cuts).toBe(3);
  });
});
