/**
 * Who starts the daemon when many cold callers arrive at once (200 parallel credential_process
 * runs): O_EXCL on `<runtimeDir>/spawn.lock` makes one of them the launcher, the rest wait for the
 * socket. The bundled fast client takes the same lock synchronously (fast-start.ts).
 */
import { open, rm, stat } from 'node:fs/promises';

import { SPAWN_LOCK_STALE_MS } from './spawn-lock-path.js';

export { SPAWN_LOCK_FILE_NAME, SPAWN_LOCK_STALE_MS, spawnLockPath } from './spawn-lock-path.js';

/** True when we hold the lock now (or the file system will not say: then we launch anyway). */
export async function takeSpawnLock(lockPath: string): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await (await open(lockPath, 'wx', 0o600)).close();
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return true;
      // File ages are file-system time, hence Date and not an injected clock.
      const age = Date.now() - (await stat(lockPath).catch(() => ({ mtimeMs: 0 }))).mtimeMs;
      if (age < SPAWN_LOCK_STALE_MS) return false;
      await rm(lockPath, { force: true });
    }
  }
  return false;
}

export async function releaseSpawnLock(lockPath: string): Promise<void> {
  await rm(lockPath, { force: true });
}

/** Someone is starting the daemon right now. */
export async function spawnLockHeld(lockPath: string): Promise<boolean> {
  try {
    await stat(lockPath);
    return true;
  } catch {
    return false;
  }
}
