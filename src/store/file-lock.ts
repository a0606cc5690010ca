/**
 * A cross-process lock: `<path>` created with O_EXCL ('wx') holding {pid, host, token, since}.
 * Waiters poll with a short jittered backoff. A lock is broken when its holder is a dead process
 * on this host, or when its mtime is older than `staleMs` (the holder refreshes the mtime every
 * `heartbeatMs`, so a long token refresh under the lock is never mistaken for a crash).
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rm, stat, utimes } from 'node:fs/promises';

import type { Clock } from '../core/clock.js';
import { SecretStoreError } from '../core/errors.js';
import { shellCommand } from '../core/shell-quote.js';
import { thisProcess, type ProcessInfo } from '../platform/lock-owner.js';

export interface FileLockOptions {
  clock: Clock;
  proc?: ProcessInfo;
  /** A lock untouched for this long is abandoned. Default 30 s. */
  staleMs?: number;
  /** Give up waiting after this long. Default 20 s. */
  waitMs?: number;
}

interface Holder {
  raw: string;
  mtimeMs: number;
  pid?: number;
  host?: string;
  since?: string;
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

async function inspect(path: string): Promise<Holder | undefined> {
  try {
    const [raw, s] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    const holder: Holder = { raw, mtimeMs: s.mtimeMs };
    try {
      const info = JSON.parse(raw) as Partial<Holder>;
      if (typeof info.pid === 'number') holder.pid = info.pid;
      if (typeof info.host === 'string') holder.host = info.host;
      if (typeof info.since === 'string') holder.since = info.since;
    } catch {
      // Empty or half-written (the holder is between open and write): judged by age alone.
    }
    return holder;
  } catch (e) {
    if (errno(e) === 'ENOENT') return undefined;
    throw e;
  }
}

class Lock {
  private readonly proc: ProcessInfo;
  private readonly staleMs: number;
  private readonly waitMs: number;
  private readonly token = randomBytes(8).toString('hex');

  constructor(
    private readonly path: string,
    private readonly o: FileLockOptions,
  ) {
    this.proc = o.proc ?? thisProcess;
    this.staleMs = o.staleMs ?? 30_000;
    this.waitMs = o.waitMs ?? 20_000;
  }

  private isStale(h: Holder): boolean {
    if (h.pid !== undefined && h.host === this.proc.host && !this.proc.isAlive(h.pid)) return true;
    return this.o.clock.now() - h.mtimeMs > this.staleMs;
  }

  private async tryCreate(): Promise<boolean> {
    let fh;
    try {
      fh = await open(this.path, 'wx', 0o600);
    } catch (e) {
      if (errno(e) === 'EEXIST') return false;
      throw e;
    }
    const { pid, host } = this.proc;
    const since = new Date(this.o.clock.now()).toISOString();
    try {
      await fh.writeFile(JSON.stringify({ pid, host, token: this.token, since }));
    } catch (e) {
      await fh.close();
      await rm(this.path, { force: true });
      throw e;
    }
    await fh.close();
    return true;
  }

  /** Only the holder of `<path>.break` removes a stale lock, and only if it is still the one judged. */
  private async breakStale(judged: Holder): Promise<void> {
    const breaker = `${this.path}.break`;
    let fh;
    try {
      fh = await open(breaker, 'wx', 0o600);
    } catch (e) {
      if (errno(e) !== 'EEXIST') throw e;
      const s = await stat(breaker).catch(() => undefined);
      // A breaker that crashed mid-break: its file is seconds old at most otherwise.
      if (s && this.o.clock.now() - s.mtimeMs > 5000) await rm(breaker, { force: true });
      await this.o.clock.sleep(5);
      return;
    }
    try {
      const now = await inspect(this.path);
      if (now && now.raw === judged.raw && now.mtimeMs === judged.mtimeMs) {
        await rm(this.path, { force: true });
      }
    } finally {
      await fh.close();
      await rm(breaker, { force: true });
    }
  }

  async acquire(): Promise<void> {
    const deadline = this.o.clock.now() + this.waitMs;
    let delay = 2;
    for (;;) {
      if (await this.tryCreate()) return;
      const holder = await inspect(this.path);
      if (!holder) continue;
      if (this.isStale(holder)) {
        await this.breakStale(holder);
        continue;
      }
      if (this.o.clock.now() >= deadline) {
        const who =
          holder.pid === undefined
            ? 'another process'
            : `pid ${holder.pid} on ${holder.host ?? '?'}`;
        throw new SecretStoreError(
          `awsid's state is locked by ${who} since ${holder.since ?? '?'} (${this.path}); gave up after ${this.waitMs / 1000} s`,
          { hint: `if no awsid process is running: ${shellCommand(['rm', this.path])}` },
        );
      }
      await this.o.clock.sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 40);
    }
  }

  private async isOurs(): Promise<boolean> {
    const h = await inspect(this.path);
    return h !== undefined && h.raw.includes(this.token);
  }

  /** Keeps the mtime fresh while `fn` runs (it may do network I/O, e.g. a token refresh). */
  async heartbeat(signal: AbortSignal): Promise<void> {
    const every = Math.max(50, Math.floor(this.staleMs / 3));
    for (;;) {
      await this.o.clock.sleep(every, signal);
      if (!(await this.isOurs())) return;
      const t = new Date(this.o.clock.now());
      await utimes(this.path, t, t);
    }
  }

  async release(): Promise<void> {
    if (await this.isOurs()) await rm(this.path, { force: true });
  }
}

/** Runs `fn` holding the lock file `path` (its directory must exist); releases it in all cases. */
export async function withFileLock<T>(
  path: string,
  fn: () => Promise<T>,
  opts: FileLockOptions,
): Promise<T> {
  const lock = new Lock(path, opts);
  await lock.acquire();
  const stop = new AbortController();
  const beating = lock.heartbeat(stop.signal).catch(() => undefined);
  try {
    return await fn();
  } finally {
    stop.abort();
    await beating;
    await lock.release();
  }
}
