/** Where the spawn lock lives and when it counts as stale (start-and-wait.ts, fast-start.ts). */
import { join } from 'node:path';

export const SPAWN_LOCK_FILE_NAME = 'spawn.lock';

/** A lock file older than this was left by a client that died while starting the daemon. */
export const SPAWN_LOCK_STALE_MS = 10_000;

export function spawnLockPath(runtimeDir: string): string {
  return join(runtimeDir, SPAWN_LOCK_FILE_NAME);
}
