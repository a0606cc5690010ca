/**
 * The daemon's pid file doubles as its lock: one daemon per user (issue #3 §2, style.md §5.7).
 * Created with link(2), which fails if the name exists, so the file appears whole and only once.
 */
import { link, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';

import { DaemonAlreadyRunningError } from './errors.js';

/** A pid file this young belongs to a daemon still starting up, whatever its socket says. */
const STARTING_MS = 5_000;

export interface AcquirePidFileOptions {
  pid: number;
  socketPath: string;
  isAlive(pid: number): boolean;
  /** Whether a daemon answers on the socket, and its pid if so. */
  probe(): Promise<{ running: boolean; pid?: number | undefined }>;
}

export async function readPidFile(path: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
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

/**
 * Removes a stale pid file, unless someone replaced it since we looked: rename is atomic, and the
 * inode tells us whether what we moved away is the file we judged stale.
 */
async function breakStale(path: string, ino: number, pid: number): Promise<boolean> {
  const aside = `${path}.${pid}.stale`;
  try {
    await rename(path, aside);
  } catch {
    return false;
  }
  const moved = await stat(aside);
  if (moved.ino !== ino) {
    // A new daemon's fresh file: put it back (link fails if yet another one appeared meanwhile).
    await link(aside, path).catch(() => {});
    await rm(aside, { force: true });
    return false;
  }
  await rm(aside, { force: true });
  return true;
}

/** Takes the pid file or throws DaemonAlreadyRunningError naming the running daemon's pid. */
export async function acquirePidFile(path: string, options: AcquirePidFileOptions): Promise<void> {
  const { pid, socketPath } = options;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createExclusive(path, pid)) return;
    const before = await stat(path).catch(() => undefined);
    if (!before) continue;
    const holder = await readPidFile(path);
    if (holder !== undefined && options.isAlive(holder)) {
      const answer = await options.probe();
      if (answer.running) throw new DaemonAlreadyRunningError(socketPath, answer.pid ?? holder);
      // Alive but not answering: still starting, or its pid was reused by an unrelated process.
      if (Date.now() - before.mtimeMs < STARTING_MS) {
        throw new DaemonAlreadyRunningError(socketPath, holder);
      }
    }
    await breakStale(path, before.ino, pid);
  }
  throw new DaemonAlreadyRunningError(socketPath, await readPidFile(path));
}

/** Removes the pid file if it is still ours (a successor may have taken over already). */
export async function releasePidFile(path: string, pid: number): Promise<void> {
  if ((await readPidFile(path)) === pid) await rm(path, { force: true });
}
