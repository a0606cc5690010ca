/** Where the spawn lock lives and when it counts as stale (start-and-wait.ts, fast-start.ts). */
import { join } from 'node:path';

/** A lock file older than this was left by a client that died while starting the daemon. */
export const SPAWN_LOCK_STALE_MS = 10_000;

/** One spawn lock per world (world.ts): starting one world's daemon never holds up another's. */
export function spawnLockPath(runtimeDir: string, world: string): string {
  return join(runtimeDir, `spawn-${world}.lock`);
}
