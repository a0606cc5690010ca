/**
 * The lock kit's primitive: every operation on a lock file, synchronous (node:fs only), so the
 * bundled fast path (dist/fast/credential-process.cjs, see src/daemon/client/fast-start.ts) uses it
 * without node:fs/promises (~20 more internal modules in every call). file-lock.ts is the async
 * lock: a waiting loop around these same operations, so both keep one file format, staleness rule,
 * guarded break and fencing (lock-record.ts) and a sync holder and an async waiter share one file.
 */
import {
  closeSync,
  fstatSync,
  openSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeSync,
} from 'node:fs';

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

export interface SyncLockOptions {
  /** A lock untouched for this long is abandoned. */
  staleMs: number;
  proc?: ProcessInfo;
  /** File ages are file-system time; injectable for tests. */
  now?: () => number;
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

/** Blocks the thread briefly: only ever to wait for another process's guard (milliseconds). */
function pauseSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** How long to wait before the next try for a guard held by someone else: 1-5 ms. */
export const guardPause = (): number => 1 + Math.random() * 4;

/** Text and stat from one open file, so inode and content belong together. */
export function inspectLockSync(path: string): LockSnapshot | undefined {
  let fd;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if (errno(e) === 'ENOENT') return undefined;
    throw e;
  }
  try {
    return snapshotOf(readFileSync(fd, 'utf8'), fstatSync(fd));
  } finally {
    closeSync(fd);
  }
}

function tryCreateSync(path: string, text: string): boolean {
  let fd;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    if (errno(e) === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, text);
  } catch (e) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw e;
  }
  closeSync(fd);
  return true;
}

/**
 * One try for `<path>.break`, the guard under which alone a lock file is ever removed (a guard a
 * crashed breaker left is removed once stale): true when this process holds it now, and must then
 * `releaseGuardSync`.
 */
export function tryGuardSync(path: string, proc: ProcessInfo, now: () => number): boolean {
  const guard = guardPath(path);
  if (tryCreateSync(guard, JSON.stringify({ pid: proc.pid, host: proc.host }))) return true;
  const g = inspectLockSync(guard);
  if (g && isStaleLock(g, proc, now(), GUARD_STALE_MS)) rmSync(guard, { force: true });
  return false;
}

export function releaseGuardSync(path: string): void {
  rmSync(guardPath(path), { force: true });
}

function underGuardSync<T>(path: string, proc: ProcessInfo, now: () => number, fn: () => T): T {
  while (!tryGuardSync(path, proc, now)) pauseSync(guardPause());
  try {
    return fn();
  } finally {
    releaseGuardSync(path);
  }
}

/** Removes `path` if it is still exactly the file judged stale; only under the guard. */
export function removeIfSameSync(path: string, judged: LockSnapshot): void {
  if (sameLock(inspectLockSync(path), judged)) rmSync(path, { force: true });
}

export function removeLockIfUnchangedSync(
  path: string,
  judged: LockSnapshot,
  proc: ProcessInfo,
  now: () => number,
): void {
  underGuardSync(path, proc, now, () => removeIfSameSync(path, judged));
}

export class FileLockSync {
  private constructor(
    readonly path: string,
    readonly token: string,
    private readonly proc: ProcessInfo,
    private readonly now: () => number,
  ) {}

  /**
   * One create: the lock, or what holds it now (a snapshot; undefined when it vanished between
   * the create and the look, so the caller tries again at once). Breaks nothing.
   */
  static tryCreate(
    path: string,
    proc: ProcessInfo,
    now: () => number,
  ): FileLockSync | { holder: LockSnapshot | undefined } {
    const record = newLockRecord(proc, now());
    if (tryCreateSync(path, JSON.stringify(record))) {
      return new FileLockSync(path, record.token, proc, now);
    }
    return { holder: inspectLockSync(path) };
  }

  /** One attempt (after breaking a stale lock): the lock, or undefined while someone holds it. */
  static tryAcquire(path: string, o: SyncLockOptions): FileLockSync | undefined {
    const proc = o.proc ?? thisProcess();
    const now = o.now ?? Date.now;
    for (let attempt = 0; attempt < 2; attempt++) {
      const got = FileLockSync.tryCreate(path, proc, now);
      if (got instanceof FileLockSync) return got;
      const { holder } = got;
      if (holder && !isStaleLock(holder, proc, now(), o.staleMs)) return undefined;
      if (holder) removeLockIfUnchangedSync(path, holder, proc, now);
    }
    return undefined;
  }

  private ours(): boolean {
    return inspectLockSync(this.path)?.token === this.token;
  }

  /** Heartbeat: keeps the mtime fresh while the lock is ours; false once it is not. */
  touch(): boolean {
    if (!this.ours()) return false;
    const t = new Date(this.now());
    utimesSync(this.path, t, t);
    return true;
  }

  /** Removes the lock file if it is still ours; only under the guard (release). */
  removeIfOurs(): void {
    if (this.ours()) rmSync(this.path, { force: true });
  }

  /**
   * Fencing: true if the lock file still carries our token, and then its mtime is fresh again, so
   * no waiter judges it stale during the write that follows. Call it right before the write.
   */
  stillHeld(): boolean {
    return underGuardSync(this.path, this.proc, this.now, () => this.touch());
  }

  /** Removes the lock file if it is still ours (a waiter may have broken it meanwhile). */
  release(): void {
    underGuardSync(this.path, this.proc, this.now, () => this.removeIfOurs());
  }
}

/** Whether someone holds a live lock on `path` right now (a stale one does not count). */
export function lockHeldSync(path: string, o: SyncLockOptions): boolean {
  try {
    const holder = inspectLockSync(path);
    return (
      holder !== undefined &&
      !isStaleLock(holder, o.proc ?? thisProcess(), (o.now ?? Date.now)(), o.staleMs)
    );
  } catch {
    return false;
  }
}
