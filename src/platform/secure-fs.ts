import { randomBytes } from 'node:crypto';
import { chmod, chown, lstat, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { isProcessAlive } from './process-alive.js';

export { ensurePrivateDir } from './private-dir.js';

export interface FileOwner {
  uid: number;
  gid: number;
}

/** Only root can give a file to someone else; anyone else's files are theirs already. */
function isRoot(): boolean {
  return typeof process.geteuid === 'function' && process.geteuid() === 0;
}

/**
 * Creates `dir` and missing parents (0700). Run as root (`sudo -E awsid setup`), each directory
 * it creates goes to the owner of the nearest one that existed, so a user's ~/.aws stays theirs.
 * Returns the owner a new file in `dir` should get.
 */
export async function ensureDirOwned(dir: string): Promise<FileOwner> {
  let existing = dir;
  for (;;) {
    const s = await stat(existing).catch(() => undefined);
    if (s || dirname(existing) === existing) break;
    existing = dirname(existing);
  }
  const first = await mkdir(dir, { recursive: true, mode: 0o700 });
  const { uid, gid } = await stat(existing);
  if (first !== undefined && isRoot()) {
    for (let d = dir; d.length >= first.length; d = dirname(d)) await chown(d, uid, gid);
  }
  return { uid, gid };
}

/** A temp file of writeFileAtomic: `.<target name>.awsid-tmp-<writer pid>-<12 hex>`. */
const TEMP_MARK = '.awsid-tmp-';
const TEMP_TAIL = /^(\d+)-[0-9a-f]{12}$/;
// The name is cut so the temp file's name stays under NAME_MAX (255) for any target.
const tempPrefix = (path: string): string => `.${basename(path).slice(0, 200)}${TEMP_MARK}`;
/** A write takes milliseconds; a temp file this old belongs to no write still going on. */
export const STALE_TEMP_MS = 60 * 60_000;

/**
 * Removes the temp files a crashed writer (power loss, SIGKILL mid-write) left next to `path`:
 * only ours by name, regular files owned by this user (or by `owner`, when root writes for a
 * user), and only when their writer's pid is gone or they are older than STALE_TEMP_MS, so a
 * live writer's file is kept.
 */
async function removeStaleTemps(path: string, owner: FileOwner | undefined): Promise<void> {
  const dir = dirname(path);
  const prefix = tempPrefix(path);
  const names = await readdir(dir).catch(() => [] as string[]);
  const uids = new Set([process.geteuid?.(), isRoot() ? owner?.uid : undefined]);
  for (const name of names) {
    const pid = name.startsWith(prefix) && TEMP_TAIL.exec(name.slice(prefix.length))?.[1];
    if (!pid) continue;
    const file = join(dir, name);
    const s = await lstat(file).catch(() => undefined);
    if (!s?.isFile() || !uids.has(s.uid)) continue;
    if (isProcessAlive(Number(pid)) && Date.now() - s.mtimeMs < STALE_TEMP_MS) continue;
    await rm(file, { force: true });
  }
}

/**
 * Writes `data` atomically: a temp file in the same directory, fsync, rename over the target.
 * A new file gets `mode` (default 0600); readers never see a half-written file. Callers hold the
 * target's lock, so this is also where stale temp files of earlier crashed writes are removed.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  mode = 0o600,
  owner?: FileOwner,
): Promise<void> {
  await removeStaleTemps(path, owner);
  const tmp = join(
    dirname(path),
    `${tempPrefix(path)}${process.pid}-${randomBytes(6).toString('hex')}`,
  );
  const fh = await open(tmp, 'wx', mode);
  try {
    if (owner && isRoot()) await fh.chown(owner.uid, owner.gid);
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    await chmod(tmp, mode);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
