/**
 * The daemon's pid file doubles as its lock: one daemon per world (docs/architecture.md;
 * eslint_d's runtime file in mantoni/eslint_d.js lib/daemon.js plays the same part).
 * Created with link(2), which fails if the name exists, so the file appears whole and only once.
 * It is removed only the lock kit's way (src/platform/file-lock.ts): under its guard, and only if
 * it is still the very file judged, so a daemon never deletes another live daemon's pid file.
 */
import { link, readFile, rm, writeFile } from 'node:fs/promises';

import { systemClock } from '../../platform/clock-node.js';
import { inspectLock, removeLockIfUnchanged } from '../../platform/file-lock.js';
import { thisProcess, type LockSnapshot } from '../../platform/lock-record.js';
import { isProcessAlive } from '../../platform/process-alive.js';
import { DaemonAlreadyRunningError } from '../errors.js';

/** A pid file this young belongs to a daemon still starting up, whatever its socket says. */
const STARTING_MS = 5_000;

export interface AcquirePidFileOptions {
  pid: number;
  socketPath: string;
  /** Default src/platform/process-alive.ts (the one process-alive check). */
  isAlive?: (pid: number) => boolean;
  /** Whether a daemon holds the socket (answering, or accepting but silent), its pid if known. */
  probe(): Promise<{ running: boolean; pid?: number | undefined }>;
}

const pidIn = (text: string): number | undefined => {
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
};

export async function readPidFile(path: string): Promise<number | undefined> {
  try {
    return pidIn(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Removes the pid file if it is still exactly the one seen. */
function removeIfUnchanged(path: string, seen: LockSnapshot): Promise<void> {
  return removeLockIfUnchanged(path, seen, thisProcess(), systemClock);
}

async function createExclusive(path: string, pid: number): Promise<boolean> {
  const tmp = `${path}.${pid}.tmp`;
  await writeFile(tmp, `${pid}\n`, { mode: 0o600 });
  try {
    await link(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Takes the pid file or throws DaemonAlreadyRunningError naming the running daemon's pid. */
export async function acquirePidFile(path: string, options: AcquirePidFileOptions): Promise<void> {
  const { pid, socketPath } = options;
  const isAlive = options.isAlive ?? isProcessAlive;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createExclusive(path, pid)) return;
    const seen = await inspectLock(path);
    if (!seen) continue;
    const holder = pidIn(seen.raw);
    if (holder !== undefined && isAlive(holder)) {
      const answer = await options.probe();
      if (answer.running) throw new DaemonAlreadyRunningError(socketPath, answer.pid ?? holder);
      // Alive but nobody on the socket: still starting, or its pid was reused by another process.
      if (Date.now() - seen.mtimeMs < STARTING_MS) {
        throw new DaemonAlreadyRunningError(socketPath, holder);
      }
    }
    await removeIfUnchanged(path, seen);
  }
  throw new DaemonAlreadyRunningError(socketPath, await readPidFile(path));
}

/** Removes the pid file if it is still ours (a successor may have taken over already). */
export async function releasePidFile(path: string, pid: number): Promise<void> {
  const seen = await inspectLock(path).catch(() => undefined);
  if (seen && pidIn(seen.raw) === pid) await removeIfUnchanged(path, seen);
}
