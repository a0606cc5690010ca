/**
 * The cold start of the fast client: no daemon answers, so one caller launches it and every
 * caller waits for the socket, instead of each loading the full CLI (yargs, the AWS SDK: ~0.3 s of
 * CPU each; 200 cold callers on 2 cores took ~48 s that way, ~25 s this way, most of it Node
 * start-up). Anything unexpected returns false and the caller falls back to the full CLI, which
 * explains problems. Synchronous node:fs only: node:fs/promises would load ~20 more internal
 * modules into every warm call of the bundle (it pulls in streams and readline).
 */
import { preparePrivateDir } from '../../platform/private-dir.js';
import type { DetachedProcess } from '../../platform/launch-daemon.js';
import { MAX_START_WAIT_MS, spawnLockPath } from '../spawn-lock-path.js';
import { startAndWait } from './start-and-wait.js';

export interface ColdStartOptions {
  runtimeDir: string;
  /** The world whose daemon starts (world.ts); names the spawn lock. */
  world: string;
  /** Starts `awsid daemon run` detached. */
  launch: () => Promise<DetachedProcess>;
  /**
   * One attempt at the real exchange: 'unreachable' while nobody listens yet (or, for a caller
   * that is not the launcher, while the launcher still prepares the daemon). `launcher`: this
   * caller started it and holds the spawn lock.
   */
  attempt: (launcher: boolean) => Promise<'unreachable' | 'done'>;
  /** Default MAX_START_WAIT_MS (spawn-lock-path.ts), while the start is visibly in progress. */
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The private-directory policy (src/platform/private-dir.ts): create 0700, accept only ours. */
export function ensurePrivateDirSync(dir: string): boolean {
  try {
    return preparePrivateDir(dir) === 'private';
  } catch {
    return false;
  }
}

/** True when `attempt` got through (its result is the caller's); false to fall back. */
export async function startAndAwaitDaemon(options: ColdStartOptions): Promise<boolean> {
  if (!ensurePrivateDirSync(options.runtimeDir)) return false;
  try {
    const outcome = await startAndWait({
      lockPath: spawnLockPath(options.runtimeDir, options.world),
      launch: options.launch,
      attempt: async (launcher) =>
        (await options.attempt(launcher)) === 'done' ? true : undefined,
      now: Date.now,
      sleep,
      // A waiter whose launcher gave up or finished leaves the rest to the full CLI at once.
      softMs: 0,
      hardMs: options.timeoutMs ?? MAX_START_WAIT_MS,
      pollMs: { first: 10, max: 50 },
    });
    return 'value' in outcome;
  } catch {
    return false;
  }
}
