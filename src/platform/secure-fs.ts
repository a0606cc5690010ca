import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

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

/**
 * Writes `data` atomically: a temp file in the same directory, fsync, rename over the target.
 * A new file gets `mode` (default 0600); readers never see a half-written file.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  mode = 0o600,
  owner?: FileOwner,
): Promise<void> {
  const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
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
