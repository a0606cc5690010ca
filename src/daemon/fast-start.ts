/**
 * The cold start of the fast client: no daemon answers, so one caller launches it and every
 * caller waits for the socket, instead of each loading the full CLI (yargs, the AWS SDK: ~0.3 s of
 * CPU each; 200 cold callers on 2 cores took ~48 s that way, ~25 s this way, most of it Node
 * start-up). Anything unexpected returns false and the caller falls back to the full CLI, which
 * explains problems. Synchronous node:fs only: node:fs/promises would load ~20 more internal
 * modules into every warm call of the bundle (it pulls in streams and readline).
 */
import { chmodSync, lstatSync, mkdirSync, openSync, closeSync, rmSync, statSync } from 'node:fs';

import { currentUid } from '../platform/current-process.js';
import type { DetachedProcess } from '../platform/spawn-detached.js';
import { SPAWN_LOCK_STALE_MS, spawnLockPath } from './spawn-lock-path.js';

export interface ColdStartOptions {
  runtimeDir: string;
  /** Starts `awsid daemon run` detached. */
  launch: () => Promise<DetachedProcess>;
  /**
   * One attempt at the real exchange: 'unreachable' while nobody listens yet (or, for a caller
   * that is not the launcher, while the launcher still prepares the daemon). `launcher`: this
   * caller started it and holds the spawn lock.
   */
  attempt: (launcher: boolean) => Promise<'unreachable' | 'done'>;
  /** Default 8 s: under the spawn lock's stale limit, so no waiter breaks a live launcher's lock. */
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The rules of socket-dir.ts `ensureSocketDir`: create 0700, accept only ours and private. */
export function ensurePrivateDirSync(dir: string): boolean {
  try {
    if (mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined) chmodSync(dir, 0o700);
    const s = lstatSync(dir);
    const uid = currentUid();
    return s.isDirectory() && (uid === undefined || s.uid === uid) && (s.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/** spawn-lock.ts `takeSpawnLock`, synchronous. */
function takeLockSync(lockPath: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      closeSync(openSync(lockPath, 'wx', 0o600));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return true;
      let mtimeMs = 0;
      try {
        mtimeMs = statSync(lockPath).mtimeMs;
      } catch {
        // gone meanwhile: try again
      }
      if (Date.now() - mtimeMs < SPAWN_LOCK_STALE_MS) return false;
      rmSync(lockPath, { force: true });
    }
  }
  return false;
}

function lockHeld(lockPath: string): boolean {
  try {
    statSync(lockPath);
    return true;
  } catch {
    return false;
  }
}

/** True when `attempt` got through (its result is the caller's); false to fall back. */
export async function startAndAwaitDaemon(options: ColdStartOptions): Promise<boolean> {
  if (!ensurePrivateDirSync(options.runtimeDir)) return false;
  const lockPath = spawnLockPath(options.runtimeDir);
  const launcher = takeLockSync(lockPath);
  const deadline = Date.now() + (options.timeoutMs ?? SPAWN_LOCK_STALE_MS - 2_000);
  try {
    const child = launcher ? await options.launch() : undefined;
    for (let pollMs = 10; Date.now() < deadline; pollMs = Math.min(pollMs * 1.5, 50)) {
      await sleep(pollMs);
      if ((await options.attempt(launcher)) === 'done') return true;
      if (child?.exited()) return false;
      // The launcher gave up or finished: one more try, then leave it to the full CLI.
      if (!launcher && !lockHeld(lockPath)) return (await options.attempt(false)) === 'done';
    }
    return false;
  } catch {
    return false;
  } finally {
    if (launcher) rmSync(lockPath, { force: true });
  }
}
