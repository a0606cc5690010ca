/**
 * The cross-process lock (async; file-lock-sync.ts is its synchronous twin for the bundled fast
 * path, and both keep the rules of lock-record.ts, so they interoperate on one file).
 *
 * - Acquire: create `<path>` with O_EXCL; while it exists, poll with a short jittered backoff and
 *   break it once stale (dead holder on this host, or mtime older than `staleMs`).
 * - Break safely: only under the guard `<path>.break` (O_EXCL too), and only if the file is still
 *   the very one judged stale (same inode, mtime and text), so two waiters never both break it.
 *   Release removes the file under the same guard and only while it carries our token.
 * - Heartbeat: the holder touches the mtime every staleMs/3, so a long hold is never stale.
 * - Fencing: a paused holder (SIGSTOP, laptop suspend) can lose its lock to a waiter. Immediately
 *   before a protected write the holder calls `stillHeld()`: false means abort the write and
 *   start over from a fresh read under a re-taken lock.
 */
import { open, rm, utimes } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

import type { Clock } from '../core/clock.js';
import {
  GUARD_STALE_MS,
  guardPath,
  isStaleLock,
  newLockRecord,
  sameLock,
  snapshotOf,
  thisProcess,
  type LockSnapshot,
  type ProcessInfo,
} from './lock-record.js';

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

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

/** Text and stat from one open file, so inode and content belong together. */
export async function inspectLock(path: string): Promise<LockSnapshot | undefined> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    if (errno(e) === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const [raw, s] = await Promise.all([fh.readFile('utf8'), fh.stat()]);
    return snapshotOf(raw, s);
  } finally {
    await fh.close();
  }
}

async function tryCreate(path: string, text: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'wx', 0o600);
  } catch (e) {
    if (errno(e) === 'EEXIST') return false;
    throw e;
  }
  try {
    await fh.writeFile(text);
  } catch (e) {
    await fh.close();
    await rm(path, { force: true });
    throw e;
  }
  await fh.close();
  return true;
}

/** Runs `fn` holding `<path>.break`: the one place a lock file is ever removed. */
async function underGuard<T>(
  path: string,
  proc: ProcessInfo,
  clock: Clock,
  fn: () => Promise<T>,
): Promise<T> {
  const guard = guardPath(path);
  const me = JSON.stringify({ pid: proc.pid, host: proc.host });
  while (!(await tryCreate(guard, me))) {
    const g = await inspectLock(guard);
    if (g && isStaleLock(g, proc, Date.now(), GUARD_STALE_MS)) {
      await rm(guard, { force: true });
    } else {
      await clock.sleep(1 + Math.random() * 4);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(guard, { force: true });
  }
}

export class FileLock {
  private constructor(
    readonly path: string,
    readonly token: string,
    private readonly proc: ProcessInfo,
    private readonly o: FileLockOptions,
    private readonly staleMs: number,
  ) {}

  /** Waits for the lock (breaking a stale one) or throws `busyError` after `waitMs`. */
  static async acquire(path: string, o: FileLockOptions): Promise<FileLock> {
    const proc = o.proc ?? thisProcess();
    const staleMs = o.staleMs ?? 30_000;
    const waitMs = o.waitMs ?? 20_000;
    const started = o.clock.now();
    let delay = 2;
    let waiting = false;
    for (;;) {
      const record = newLockRecord(proc, Date.now());
      if (await tryCreate(path, JSON.stringify(record))) {
        return new FileLock(path, record.token, proc, o, staleMs);
      }
      const holder = await inspectLock(path);
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
      await o.clock.sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 40);
    }
  }

  private async touch(): Promise<void> {
    const t = new Date();
    await utimes(this.path, t, t);
  }

  /**
   * Fencing: true if the lock file still carries our token, and then its mtime is fresh again,
   * so no waiter judges it stale during the write that follows. Call it right before the write.
   */
  stillHeld(): Promise<boolean> {
    return underGuard(this.path, this.proc, this.o.clock, async () => {
      if ((await inspectLock(this.path))?.token !== this.token) return false;
      await this.touch();
      return true;
    });
  }

  /** Keeps the mtime fresh until `signal` aborts or the lock is no longer ours. */
  async heartbeat(signal: AbortSignal): Promise<void> {
    const every = Math.max(50, Math.floor(this.staleMs / 3));
    for (;;) {
      await delay(every, undefined, { signal });
      if ((await inspectLock(this.path))?.token !== this.token) return;
      await this.touch();
    }
  }

  /** Removes the lock file if it is still ours (a waiter may have broken it meanwhile). */
  release(): Promise<void> {
    return underGuard(this.path, this.proc, this.o.clock, async () => {
      if ((await inspectLock(this.path))?.token === this.token)
        await rm(this.path, { force: true });
    });
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
  return underGuard(path, proc, clock, async () => {
    if (sameLock(await inspectLock(path), judged)) await rm(path, { force: true });
  });
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
