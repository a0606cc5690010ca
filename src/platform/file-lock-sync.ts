/**
 * The synchronous twin of file-lock.ts, for the bundled fast path (dist/fast/credential-process.cjs,
 * see src/daemon/client/fast-start.ts): synchronous node:fs only, because node:fs/promises would load
 * ~20 more internal modules into every call. Same file format, staleness rule, guarded break and
 * fencing (lock-record.ts), so a sync holder and an async waiter share one lock file.
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

function underGuardSync<T>(path: string, proc: ProcessInfo, now: () => number, fn: () => T): T {
  const guard = guardPath(path);
  const me = JSON.stringify({ pid: proc.pid, host: proc.host });
  while (!tryCreateSync(guard, me)) {
    const g = inspectLockSync(guard);
    if (g && isStaleLock(g, proc, now(), GUARD_STALE_MS)) rmSync(guard, { force: true });
    else pauseSync(1 + Math.random() * 4);
  }
  try {
    return fn();
  } finally {
    rmSync(guard, { force: true });
  }
}

export function removeLockIfUnchangedSync(
  path: string,
  judged: LockSnapshot,
  proc: ProcessInfo,
  now: () => number,
): void {
  underGuardSync(path, proc, now, () => {
    if (sameLock(inspectLockSync(path), judged)) rmSync(path, { force: true });
  });
}

export class FileLockSync {
  private constructor(
    readonly path: string,
    readonly token: string,
    private readonly proc: ProcessInfo,
    private readonly now: () => number,
  ) {}

  /** One attempt (after breaking a stale lock): the lock, or undefined while someone holds it. */
  static tryAcquire(path: string, o: SyncLockOptions): FileLockSync | undefined {
    const proc = o.proc ?? thisProcess();
    const now = o.now ?? Date.now;
    for (let attempt = 0; attempt < 2; attempt++) {
      const record = newLockRecord(proc, now());
      if (tryCreateSync(path, JSON.stringify(record))) {
        return new FileLockSync(path, record.token, proc, now);
      }
      const holder = inspectLockSync(path);
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

  /** Fencing, as FileLock.stillHeld: ours, and freshly touched, right before a protected write. */
  stillHeld(): boolean {
    return underGuardSync(this.path, this.proc, this.now, () => this.touch());
  }

  release(): void {
    underGuardSync(this.path, this.proc, this.now, () => {
      if (this.ours()) rmSync(this.path, { force: true });
    });
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
