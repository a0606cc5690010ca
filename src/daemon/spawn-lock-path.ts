/** Where the spawn lock lives and when it counts as stale (start-and-wait.ts, fast-start.ts). */
import { join } from 'node:path';

/** A lock file older than this was left by a client that died while starting the daemon. */
export const SPAWN_LOCK_STALE_MS = 10_000;

/**
 * How long a caller waits for a start that is visibly in progress: the launcher while the daemon it
 * started is alive, the others while the launcher's spawn lock stays held (heartbeated, so older
 * than SPAWN_LOCK_STALE_MS is fine). A fixed few seconds is not enough: 200 cold callers on a
 * loaded 2-core machine delayed one daemon's start past 8 s, and every caller that gave up then
 * loaded the AWS SDK in-process, added to the load and made its own GetRoleCredentials call. A
 * start is bounded anyway (the keychain read has its own timeout; a failed start exits, which ends
 * the wait at once), so this is only a backstop against a daemon that hangs.
 */
export const MAX_START_WAIT_MS = 60_000;

/** One spawn lock per world (world.ts): starting one world's daemon never holds up another's. */
export function spawnLockPath(runtimeDir: string, world: string): string {
  return join(runtimeDir, `spawn-${world}.lock`);
}
