/**
 * `doctor --fix`'s chmod. Run as root with a user's HOME (`sudo -E awsid doctor --fix`), a plain
 * chmod would follow a symlink the user planted (`~/.aws/config -> /etc/shadow`) and change root's
 * file. So the file is opened without following a final symlink (O_NOFOLLOW), every directory
 * from the home down must be a real directory, and the opened file must be the one the check saw
 * (same inode) and belong to the caller; only then is its mode changed, on the open descriptor.
 */
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';

import { ownerName } from '../awsconfig/config-trust.js';

export interface Expected {
  /** The inode the check saw. */
  ino: number;
  /** The caller's uid; undefined (Windows) skips the owner check. */
  uid: number | undefined;
  /** Directories from here down to the file must not be symlinks. */
  home: string;
}

async function noLinkBetween(home: string, path: string): Promise<void> {
  const rel = relative(home, dirname(path));
  if (rel.startsWith('..')) return;
  let at = home;
  for (const part of rel === '' ? [] : rel.split(sep)) {
    at = `${at}${sep}${part}`;
    if ((await lstat(at)).isSymbolicLink()) {
      throw new Error(`${at} is a symlink; --fix does not follow symlinks`);
    }
  }
}

export async function chmodNoFollow(path: string, mode: number, want: Expected): Promise<void> {
  await noLinkBetween(want.home, path);
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new Error(`${path} is a symlink; --fix does not follow symlinks`);
    }
    throw e;
  }
  try {
    const s = await fh.stat();
    if (s.ino !== want.ino) throw new Error(`${path} changed since it was checked; not changed`);
    if (want.uid !== undefined && s.uid !== want.uid) {
      throw new Error(`${path} belongs to ${ownerName(s.uid)}, not to you; not changed`);
    }
    await fh.chmod(mode);
  } finally {
    await fh.close();
  }
}
