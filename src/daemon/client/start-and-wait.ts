/**
 * The one start-and-wait loop for a daemon that does not answer yet, used through fast-start.ts
 * by the bundled fast path and the full client (ensure-daemon.ts) alike. Many cold callers arrive
 * at once (200 parallel credential_process runs): the spawn lock makes one of them the launcher,
 * the rest poll the socket. Synchronous node:fs only (the lock is file-lock-sync.ts), since the
 * fast path bundles this file (see the header of fast-start.ts).
 */
import { FileLockSync, lockHeldSync } from '../../platform/file-lock-sync.js';
import { SPAWN_LOCK_STALE_MS } from '../spawn-lock-path.js';

export interface StartedChild {
  exited(): boolean;
}

export interface StartAndWaitOptions<T> {
  /** The spawn lock; undefined where there is none (a Windows pipe): then this caller launches. */
  lockPath: string | undefined;
  /** Starts the daemon; called only by the launcher. A returned child that exits ends the wait. */
  launch: () => Promise<StartedChild | void> | StartedChild | void;
  /** One try at the daemon: its answer, or undefined while nobody answers yet. */
  attempt: (launcher: boolean) => Promise<T | undefined>;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Past this, keep waiting only while a start is visibly in progress (our child, a held lock). */
  softMs: number;
  /** Never wait longer (MAX_START_WAIT_MS); the launcher heartbeats its lock meanwhile. */
  hardMs: number;
  /** First poll interval, growing by half up to `max`. */
  pollMs: { first: number; max: number };
}

export type StartOutcome<T> = { value: T } | { failed: 'exited' | 'timeout'; waitedMs: number };

/** The spawn lock, or undefined while another caller holds it. A file-system error: launch anyway. */
function takeSpawnLock(lockPath: string): { lock?: FileLockSync; launcher: boolean } {
  try {
    const lock = FileLockSync.tryAcquire(lockPath, { staleMs: SPAWN_LOCK_STALE_MS });
    return lock ? { lock, launcher: true } : { launcher: false };
  } catch {
    return { launcher: true };
  }
}

export async function startAndWait<T>(o: StartAndWaitOptions<T>): Promise<StartOutcome<T>> {
  const { lock, launcher } =
    o.lockPath === undefined ? { launcher: true } : takeSpawnLock(o.lockPath);
  const lockPath = o.lockPath;
  const inProgress = (child: StartedChild | undefined): boolean =>
    launcher
      ? child !== undefined
      : lockPath !== undefined && lockHeldSync(lockPath, { staleMs: SPAWN_LOCK_STALE_MS });
  try {
    const child = launcher ? ((await o.launch()) ?? undefined) : undefined;
    const started = o.now();
    let touched = started;
    for (let poll = o.pollMs.first; ; poll = Math.min(poll * 1.5, o.pollMs.max)) {
      await o.sleep(poll);
      const value = await o.attempt(launcher);
      if (value !== undefined) return { value };
      if (child?.exited()) return { failed: 'exited', waitedMs: o.now() - started };
      const now = o.now();
      if (lock && now - touched > SPAWN_LOCK_STALE_MS / 3) {
        touched = now;
        try {
          lock.touch();
        } catch {
          // Waiters then judge the lock by its age, as if we had died: harmless.
        }
      }
      const done = now - started >= o.hardMs || (now - started >= o.softMs && !inProgress(child));
      if (done) {
        // The launcher may have finished just now: one last try before giving up.
        const last = await o.attempt(launcher);
        return last === undefined
          ? { failed: 'timeout', waitedMs: o.now() - started }
          : { value: last };
      }
    }
  } finally {
    try {
      lock?.release();
    } catch {
      // A lock we cannot remove is judged stale by the next caller (dead pid or age).
    }
  }
}
