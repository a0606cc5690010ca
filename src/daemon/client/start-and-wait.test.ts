/**
 * The wait for a daemon that does not answer yet, on a virtual clock (sleep advances it) and the
 * real spawn lock in a temporary directory: a start that is visibly in progress is waited for past
 * the old fixed 8 s, one that is not is given up at once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { FileLockSync } from '../../platform/file-lock-sync.js';
import { MAX_START_WAIT_MS, SPAWN_LOCK_STALE_MS } from '../spawn-lock-path.js';
import { startAndWait, type StartAndWaitOptions } from './start-and-wait.js';

function virtualClock() {
  let t = 0;
  return { now: () => t, sleep: (ms: number) => Promise.resolve(void (t += ms)) };
}

/** A daemon that answers from `readyAt` (virtual ms) on. */
function answersFrom(clock: { now: () => number }, readyAt: number) {
  return () => Promise.resolve(clock.now() >= readyAt ? 'answer' : undefined);
}

describe('startAndWait', () => {
  let dir: string;
  let lockPath: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'awsid-start-'));
    lockPath = join(dir, 'spawn-w.lock');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const options = (
    clock: ReturnType<typeof virtualClock>,
    o: Partial<StartAndWaitOptions<string>>,
  ): StartAndWaitOptions<string> => ({
    lockPath,
    launch: () => ({ exited: () => false }),
    attempt: () => Promise.resolve(undefined),
    ...clock,
    softMs: 0,
    hardMs: MAX_START_WAIT_MS,
    pollMs: { first: 10, max: 50 },
    ...o,
  });

  it('the launcher waits for its live daemon past 8 s, and releases the lock after', async () => {
    const clock = virtualClock();
    let launched = 0;
    const outcome = await startAndWait(
      options(clock, {
        launch: () => ((launched += 1), { exited: () => false }),
        attempt: answersFrom(clock, 20_000),
      }),
    );
    expect(outcome).toEqual({ value: 'answer' });
    expect(launched).toBe(1);
    expect(clock.now()).toBeGreaterThanOrEqual(20_000);
    expect(FileLockSync.tryAcquire(lockPath, { staleMs: SPAWN_LOCK_STALE_MS })).toBeDefined();
  });

  it('a waiter waits while the launcher holds the lock, and launches nothing', async () => {
    const held = FileLockSync.tryAcquire(lockPath, { staleMs: SPAWN_LOCK_STALE_MS });
    expect(held).toBeDefined();
    const clock = virtualClock();
    let launched = 0;
    const outcome = await startAndWait(
      options(clock, {
        launch: () => void (launched += 1),
        attempt: answersFrom(clock, 20_000),
      }),
    );
    held?.release();
    expect(outcome).toEqual({ value: 'answer' });
    expect(launched).toBe(0);
  });

  it('a waiter whose launcher let go gives up at once', async () => {
    const held = FileLockSync.tryAcquire(lockPath, { staleMs: SPAWN_LOCK_STALE_MS });
    const clock = virtualClock();
    const outcome = startAndWait(options(clock, { attempt: answersFrom(clock, 20_000) }));
    held?.release();
    expect(await outcome).toMatchObject({ failed: 'timeout' });
    expect(clock.now()).toBeLessThan(1_000);
  });

  it('ends at once when the launched daemon exits, and at the hard bound when it hangs', async () => {
    const exitedClock = virtualClock();
    const exited = await startAndWait(
      options(exitedClock, { launch: () => ({ exited: () => true }) }),
    );
    expect(exited).toMatchObject({ failed: 'exited' });
    expect(exitedClock.now()).toBeLessThan(1_000);

    const hungClock = virtualClock();
    const hung = await startAndWait(options(hungClock, {}));
    expect(hung).toMatchObject({ failed: 'timeout' });
    expect(hungClock.now()).toBeGreaterThanOrEqual(MAX_START_WAIT_MS);
    expect(hungClock.now()).toBeLessThan(MAX_START_WAIT_MS + 1_000);
  });
});
