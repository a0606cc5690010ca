/**
 * The cross-process lock, async: a waiting loop around the synchronous primitive of
 * file-lock-sync.ts (what the bundled fast path uses), so both keep the rules of lock-record.ts and
 * interoperate on one file.
 *
 * - Acquire: create `<path>` with O_EXCL; while it exists, poll with a jittered backoff
 *   (src/core/backoff.ts) and break it once stale (dead holder on this host, or mtime older than
 *   `staleMs`).
 * - Break safely: only under the guard `<path>.break` (O_EXCL too), and only if the file is still
 *   the very one judged stale (same inode, mtime and text), so two waiters never both break it.
 *   Release removes the file under the same guard and only while it carries our token.
 * - Heartbeat: the holder touches the mtime every staleMs/3, so a long hold is never stale.
 * - Fencing: a paused holder (SIGSTOP, laptop suspend) can lose its lock to a waiter. Immediately
 *   before a protected write the holder calls `stillHeld()`: false means abort the write and
 *   start over from a fresh read under a re-taken lock (src/platform/locked-update.ts does this).
 *
 * Every file operation is one synchronous call of a few microseconds; only the waits (for the
 * lock, for another process's guard) yield to the event loop, so a daemon never blocks on them.
 */
import { setTimeout as delay } from 'node:timers/promises';

import { equalJitterDelay } from '../core/backoff.js';
import type { Clock } from '../core/clock.js';
import {
  FileLockSync,
  guardPause,
  inspectLockSync,
  releaseGuardSync,
  removeIfSameSync,
  tryGuardSync,
} from './file-lock-sync.js';
import { isStaleLock, thisProcess, type LockSnapshot, type ProcessInfo } from './lock-record.js';

export interface FileLockOptions {
  /** Paces and bounds the wait. File ages are file-system time (Date.now), as other processes see them. */
  clock: Clock;
  proc?: ProcessInfo;
  /** A lock untouched for this long is abandoned. Default 30 s. */
  staleMs?: number;
  /** Give up waiting after this long. Default 20 s. */
  waitMs?: number;
  /** The error to throw when waiting gave up; default a plain Error naming the holder. */
  busyError?: (holder: LockSnapshot | undefined, waitedMs: number) => Error;
  /** Called once, when the lock is first found held by a live holder (this caller must wait). */
  onWait?: (holder: LockSnapshot | undefined) => void;
}

/** Waiting for a held lock: 2-4 ms first, doubling up to 40-80 ms. */
const LOCK_WAIT = { baseMs: 4, capMs: 80 };

/** Text and stat from one open file, so inode and content belong together. */
export function inspectLock(path: string): Promise<LockSnapshot | undefined> {
  return Promise.resolve().then(() => inspectLockSync(path));
}

/** Runs `fn` holding `<path>.break`: the one place a lock file is ever removed. */
async function underGuard<T>(
  path: string,
  proc: ProcessInfo,
  clock: Clock,
  fn: () => T,
): Promise<T> {
  while (!tryGuardSync(path, proc, Date.now)) await clock.sleep(guardPause());
  try {
    return fn();
  } finally {
    releaseGuardSync(path);
  }
}

export class FileLock {
  private constructor(
    private readonly inner: FileLockSync,
    private readonly proc: ProcessInfo,
    private readonly o: FileLockOptions,
    private readonly staleMs: number,
  ) {}

  get path(): string {
    return this.inner.path;
  }

  get token(): string {
    return this.inner.token;
  }

  /** Waits for the lock (breaking a stale one) or throws `busyError` after `waitMs`. */
  static async acquire(path: string, o: FileLockOptions): Promise<FileLock> {
    const proc = o.proc ?? thisProcess();
    const staleMs = o.staleMs ?? 30_000;
    const waitMs = o.waitMs ?? 20_000;
    const started = o.clock.now();
    let retry = 0;
    let waiting = false;
    for (;;) {
      const got = FileLockSync.tryCreate(path, proc, Date.now);
      if (got instanceof FileLockSync) return new FileLock(got, proc, o, staleMs);
      const { holder } = got;
      if (!holder) continue;
      if (isStaleLock(holder, proc, Date.now(), staleMs)) {
        await removeLockIfUnchanged(path, holder, proc, o.clock);
        continue;
      }
      if (!waiting) {
        waiting = true;
        o.onWait?.(holder);
      }
      if (o.clock.now() - started >= waitMs) {
        const waited = o.clock.now() - started;
        throw o.busyError?.(holder, waited) ?? new Error(`${path} is locked`);
      }
      await o.clock.sleep(equalJitterDelay(retry++, LOCK_WAIT, Math.random));
    }
  }

  /**
   * Fencing: true if the lock file still carries our token, and then its mtime is fresh again,
   * so no waiter judges it stale during the write that follows. Call it right before the write.
   */
  stillHeld(): Promise<boolean> {
    return underGuard(this.path, this.proc, this.o.clock, () => this.inner.touch());
  }

  /** Keeps the mtime fresh until `signal` aborts or the lock is no longer ours. */
  async heartbeat(signal: AbortSignal): Promise<void> {
    const every = Math.max(50, Math.floor(this.staleMs / 3));
    for (;;) {
      await delay(every, undefined, { signal });
      if (!this.inner.touch()) return;
    }
  }

  /** Removes the lock file if it is still ours (a waiter may have broken it meanwhile). */
  release(): Promise<void> {
    return underGuard(this.path, this.proc, this.o.clock, () => this.inner.removeIfOurs());
  }
}

/**
 * Removes `path` if it is still exactly the file judged (same inode, mtime and text): the safe
 * break of a stale lock (see the header), also used for the daemon's pid file (src/daemon).
 */
export function removeLockIfUnchanged(
  path: string,
  judged: LockSnapshot,
  proc: ProcessInfo,
  clock: Clock,
): Promise<void> {
  return underGuard(path, proc, clock, () => removeIfSameSync(path, judged));
}

/** Runs `fn` holding the lock file `path` (its directory must exist), heartbeating; releases it. */
export async function withFileLock<T>(
  path: string,
  fn: (lock: FileLock) => Promise<T>,
  o: FileLockOptions,
): Promise<T> {
  const lock = await FileLock.acquire(path, o);
  const stop = new AbortController();
  const beating = lock.heartbeat(stop.signal).catch(() => undefined);
  try {
    return await fn(lock);
  } finally {
    stop.abort();
    await beating;
    await lock.release();
  }
}
