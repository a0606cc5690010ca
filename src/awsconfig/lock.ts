/**
 * The config-file lock (`<path>.awsid.lock`): the lock kit of src/platform/file-lock.ts (one
 * format, staleness rule, guarded break and fencing for every awsid lock) with ConfigError when
 * waiting gives up. withConfigLock (file.ts) edits under it through the kit's one fenced
 * read-modify-write (src/platform/locked-update.ts).
 */
import { hostname } from 'node:os';

import type { Clock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import { shellCommand } from '../core/shell-quote.js';
import { systemClock } from '../platform/clock-node.js';
import { currentPid } from '../platform/current-process.js';
import { withFileLock, type FileLock } from '../platform/file-lock.js';
import { isProcessAlive } from '../platform/process-alive.js';

export type { FileLock } from '../platform/file-lock.js';

export interface LockOptions {
  clock?: Clock;
  pid?: number;
  isAlive?: (pid: number) => boolean;
  /** A holder edits a small text file; anything untouched for this long crashed. Default 30 s. */
  staleMs?: number;
  /** Give up waiting after this long. Default 40 s. */
  timeoutMs?: number;
}

export function withLockFile<T>(
  path: string,
  fn: (lock: FileLock) => Promise<T>,
  opts: LockOptions = {},
): Promise<T> {
  return withFileLock(path, fn, {
    clock: opts.clock ?? systemClock,
    proc: {
      pid: opts.pid ?? currentPid(),
      host: hostname(),
      isAlive: opts.isAlive ?? isProcessAlive,
    },
    staleMs: opts.staleMs ?? 30_000,
    waitMs: opts.timeoutMs ?? 40_000,
    busyError: (holder) => {
      const who =
        holder?.pid === undefined ? 'another process' : `process ${holder.pid} on ${holder.host}`;
      return new ConfigError(`${path} is held by ${who}`, {
        hint: `wait for it to finish, or if no awsid is running: ${shellCommand(['rm', path])}`,
      });
    },
  });
}
