import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';

import type { Clock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import { shellCommand } from '../core/shell-quote.js';
import { systemClock } from '../platform/clock-node.js';
import { isProcessAlive } from '../platform/process-alive.js';
import { currentPid } from '../platform/current-process.js';

/**
 * A lock file created with O_EXCL (`wx`), holding the owner's pid, host, start time and a nonce.
 * A lock whose owner is dead (same host) or that is older than `staleMs` is broken; breaking
 * renames it aside first and checks it is still the same lock, so two waiters never both break
 * and re-take it. Release removes the file only if it is still ours.
 */
export interface LockOptions {
  clock?: Clock;
  pid?: number;
  isAlive?: (pid: number) => boolean;
  /** A holder edits a small text file; anything older than this crashed. Default 30 s. */
  staleMs?: number;
  /** Give up waiting after this long. Default 40 s. */
  timeoutMs?: number;
}

interface LockContent {
  pid: number;
  host: string;
  time: number;
  nonce: string;
}

function parseContent(raw: string): LockContent | undefined {
  try {
    const v = JSON.parse(raw) as Partial<LockContent>;
    return typeof v.pid === 'number' && typeof v.time === 'number' && typeof v.nonce === 'string'
      ? (v as LockContent)
      : undefined;
  } catch {
    return undefined;
  }
}

async function tryCreate(path: string, content: LockContent): Promise<boolean> {
  try {
    const fh = await open(path, 'wx', 0o600);
    try {
      await fh.writeFile(JSON.stringify(content));
    } finally {
      await fh.close();
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

async function readLock(path: string): Promise<{ raw: string; mtime: number } | undefined> {
  try {
    const [raw, s] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { raw, mtime: s.mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Moves a stale lock aside; puts it back if it turned out to be a fresh one. */
async function breakLock(path: string, observed: string): Promise<void> {
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const raw = await readFile(aside, 'utf8').catch(() => observed);
  if (raw !== observed) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

export async function withLockFile<T>(
  path: string,
  fn: () => Promise<T>,
  opts: LockOptions = {},
): Promise<T> {
  const clock = opts.clock ?? systemClock;
  const isAlive = opts.isAlive ?? isProcessAlive;
  const staleMs = opts.staleMs ?? 30_000;
  const host = hostname();
  const mine: LockContent = {
    pid: opts.pid ?? currentPid(),
    host,
    time: clock.now(),
    nonce: randomBytes(8).toString('hex'),
  };
  const deadline = clock.now() + (opts.timeoutMs ?? 40_000);
  let wait = 10;
  let holder: LockContent | undefined;
  for (;;) {
    mine.time = clock.now();
    if (await tryCreate(path, mine)) break;
    const seen = await readLock(path);
    if (!seen) continue;
    holder = parseContent(seen.raw);
    // An unreadable lock is one being written right now, or a torn one: judge it by its mtime.
    const age = clock.now() - (holder?.time ?? seen.mtime);
    const dead = holder !== undefined && holder.host === host && !isAlive(holder.pid);
    if (dead || age > staleMs) {
      await breakLock(path, seen.raw);
      continue;
    }
    if (clock.now() >= deadline) {
      const who = holder ? `process ${holder.pid} on ${holder.host}` : 'another process';
      throw new ConfigError(`${path} is held by ${who}`, {
        hint: `wait for it to finish, or if no awsid is running: ${shellCommand(['rm', path])}`,
      });
    }
    await clock.sleep(wait + Math.floor(Math.random() * wait));
    wait = Math.min(wait * 2, 200);
  }
  try {
    return await fn();
  } finally {
    const now = await readLock(path);
    if (now && parseContent(now.raw)?.nonce === mine.nonce) await rm(path, { force: true });
  }
}
