/**
 * The state lock (`state.lock`, and the login locks of src/sso/login-lock.ts): the lock kit of
 * src/platform/file-lock.ts with the store's error when waiting gives up.
 */
import type { Clock } from '../core/clock.js';
import { SecretStoreError } from '../core/errors.js';
import { shellCommand } from '../core/shell-quote.js';
import {
  withFileLock as withLock,
  type FileLock,
  type FileLockOptions as PlatformLockOptions,
} from '../platform/file-lock.js';
import { describeHolder, type ProcessInfo } from '../platform/lock-record.js';

export type { FileLock } from '../platform/file-lock.js';

export interface FileLockOptions {
  clock: Clock;
  proc?: ProcessInfo;
  /** A lock untouched for this long is abandoned. Default 30 s. */
  staleMs?: number;
  /** Give up waiting after this long. Default 20 s. */
  waitMs?: number;
  /** Called once when another process holds the lock and this one starts waiting. */
  onWait?: NonNullable<PlatformLockOptions['onWait']>;
}

/** Runs `fn` holding the lock file `path` (its directory must exist); releases it in all cases. */
export function withFileLock<T>(
  path: string,
  fn: (lock: FileLock) => Promise<T>,
  opts: FileLockOptions,
): Promise<T> {
  return withLock(path, fn, {
    ...opts,
    busyError: (holder, waitedMs) =>
      new SecretStoreError(
        `awsid's state is locked by ${describeHolder(holder)} since ${holder?.since ?? '?'} (${path}); gave up after ${Math.round(waitedMs / 1000)} s`,
        { hint: `if no awsid process is running: ${shellCommand(['rm', path])}` },
      ),
  });
}
