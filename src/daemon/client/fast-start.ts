/**
 * Starting a daemon that does not answer yet, for the bundled fast client and the full CLI
 * (ensure-daemon.ts) alike: the runtime directory made private, then the one start-and-wait loop
 * (start-and-wait.ts). On the fast path one caller launches it and every caller waits for the
 * socket, instead of each loading the full CLI (yargs, the AWS SDK: ~0.3 s of CPU each; 200 cold
 * callers on 2 cores took ~48 s that way, ~25 s this way, most of it Node start-up); anything
 * unexpected there returns false and the full CLI, which explains problems, takes over.
 * Synchronous node:fs only: node:fs/promises would load ~20 more internal modules into every warm
 * call of the bundle (it pulls in streams and readline).
 */
import type { Clock } from '../../core/clock.js';
import { type Distrust, preparePrivateDir } from '../../platform/private-dir.js';
import { MAX_START_WAIT_MS, spawnLockPath } from '../spawn-lock-path.js';
import { type StartedChild, type StartOutcome, startAndWait } from './start-and-wait.js';

export interface ColdStartOptions<T> {
  /** Holds the spawn lock, made private here; undefined where there is none (a Windows pipe). */
  runtimeDir: string | undefined;
  /** The world whose daemon starts (world.ts); names the spawn lock. */
  world: string;
  /** Starts `awsid daemon run` detached; a returned child that exits ends the wait. */
  launch: () => Promise<StartedChild | void> | StartedChild | void;
  /**
   * One try at the daemon: its answer, or undefined while nobody answers yet (or, for a caller
   * that is not the launcher, while the launcher still prepares the daemon). `launcher`: this
   * caller started it and holds the spawn lock.
   */
  attempt: (launcher: boolean) => Promise<T | undefined>;
  /**
   * Past this, keep waiting only while the start is visibly in progress. Default 0: a waiter whose
   * launcher gave up or finished leaves the rest to the full CLI at once.
   */
  softMs?: number;
  /** Default MAX_START_WAIT_MS (spawn-lock-path.ts), while the start is visibly in progress. */
  timeoutMs?: number;
  /** Default: 10 ms, growing to 50. */
  pollMs?: { first: number; max: number };
  clock?: Pick<Clock, 'now' | 'sleep'>;
}

/** The start's outcome, or why the runtime directory cannot hold the daemon. */
export type ColdStartOutcome<T> = StartOutcome<T> | { failed: 'unsafe'; problem: Distrust | Error };

const systemClock = {
  now: Date.now,
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
};

/** Makes the runtime directory private (src/platform/private-dir.ts), then starts and waits. */
export async function coldStart<T>(o: ColdStartOptions<T>): Promise<ColdStartOutcome<T>> {
  if (o.runtimeDir !== undefined) {
    let dir: ReturnType<typeof preparePrivateDir>;
    try {
      dir = preparePrivateDir(o.runtimeDir);
    } catch (e) {
      return { failed: 'unsafe', problem: e as Error };
    }
    if (dir !== 'private') return { failed: 'unsafe', problem: dir };
  }
  const clock = o.clock ?? systemClock;
  return startAndWait({
    lockPath: o.runtimeDir === undefined ? undefined : spawnLockPath(o.runtimeDir, o.world),
    launch: o.launch,
    attempt: o.attempt,
    now: () => clock.now(),
    sleep: (ms) => clock.sleep(ms),
    softMs: o.softMs ?? 0,
    hardMs: o.timeoutMs ?? MAX_START_WAIT_MS,
    pollMs: o.pollMs ?? { first: 10, max: 50 },
  });
}

/** The fast path's start: true when `attempt` got through (its result is the caller's). */
export async function startAndAwaitDaemon(
  options: Omit<ColdStartOptions<true>, 'attempt' | 'softMs' | 'pollMs' | 'clock'> & {
    attempt: (launcher: boolean) => Promise<'unreachable' | 'done'>;
  },
): Promise<boolean> {
  try {
    const outcome = await coldStart({
      ...options,
      attempt: async (launcher) =>
        (await options.attempt(launcher)) === 'done' ? (true as const) : undefined,
    });
    return 'value' in outcome;
  } catch {
    return false;
  }
}
