/** The cross-process login lock for LoginDeps.withLoginLock (one device flow per sso-session). */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

import { describeHolder } from '../platform/lock-record.js';
import { ensurePrivateDir } from '../platform/secure-fs.js';
import { withFileLock } from '../store/file-lock.js';
import type { Clock } from '../core/clock.js';
import type { Paths } from '../platform/paths.js';
import type { StateStore } from '../store/state-store.js';

/**
 * A device code lives 10 minutes (docs/protocol.md, "Lifetimes"); waiters give up a little after.
 */
const LOGIN_WAIT_MS = 11 * 60_000;

/**
 * `signal` (Ctrl-C) also ends the wait for another process's login; `onWait` hears once that this
 * process waits for it (awsid login says so on stderr).
 */
/** What the lock needs of a command's world (the cli's Context has it). */
export interface LoginLockWorld {
  paths: Pick<Paths, 'stateDir'>;
  clock: Clock;
  store(): Promise<StateStore>;
}

export function loginLock(
  ctx: LoginLockWorld,
  signal?: AbortSignal,
  onWait?: (holder: string, sessionName: string) => void,
) {
  return async <T>(sessionName: string, fn: () => Promise<T>): Promise<T> => {
    if ((await ctx.store()).kind === 'memory') return fn();
    await ensurePrivateDir(ctx.paths.stateDir);
    const id = createHash('sha256').update(sessionName).digest('hex').slice(0, 16);
    return withFileLock(join(ctx.paths.stateDir, `login-${id}.lock`), fn, {
      clock: signal
        ? { now: () => ctx.clock.now(), sleep: (ms, s) => ctx.clock.sleep(ms, s ?? signal) }
        : ctx.clock,
      waitMs: LOGIN_WAIT_MS,
      ...(onWait && { onWait: (holder) => onWait(describeHolder(holder), sessionName) }),
    });
  };
}
