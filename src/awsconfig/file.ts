import { lstat, readlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

import { ConfigError } from '../core/errors.js';
import { shellCommand } from '../core/shell-quote.js';
import type { RegularFile } from '../platform/read-regular-file.js';
import { lockedUpdate } from '../platform/locked-update.js';
import { ensureDirOwned, writeFileAtomic } from '../platform/secure-fs.js';
import { parseConfigDocument, type ConfigDocument } from './document.js';
import { withLockFile, type LockOptions } from './lock.js';
import { configSyntaxError } from './problems.js';
import { readConfigText, resolveConfig, type AwsConfig } from './resolve.js';

/*
 * Reading and writing ~/.aws/config: atomic replace (temp file in the
 * same directory, fsync, rename), the existing mode kept, a new file 0600 in a new 0700
 * directory, the previous version kept as `<path>.awsid.bak` (0600), and never a rewrite of a
 * file that botocore or the JS SDK would refuse.
 */

export interface LoadedConfigFile {
  path: string;
  exists: boolean;
  text: string;
  /** Permission bits of the existing file. */
  mode: number | undefined;
  document: ConfigDocument;
  config: AwsConfig;
}

export interface SaveOptions {
  /** Keep the previous text as `<path>.awsid.bak`. Default true. */
  backup?: boolean;
  /** For messages: show `~/.aws/config` instead of the full path. */
  home?: string;
}

export interface SaveResult {
  changed: boolean;
  backupPath?: string;
}

export interface EditResult extends SaveResult {
  oldText: string;
  newText: string;
}

export type ConfigLockOptions = SaveOptions & LockOptions;

/**
 * A symlinked config (dotfile managers) is written through, so the link survives. A link to a
 * missing file is refused: creating its target would write wherever the link points.
 */
async function writeTarget(path: string, depth = 0, link = path): Promise<string> {
  try {
    const s = await lstat(path);
    if (!s.isSymbolicLink() || depth > 20) return path;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    if (depth === 0) return path;
    throw new ConfigError(`${link} is a symlink to a missing file (${path})`, {
      hint: shellCommand(['rm', link]),
    });
  }
  return writeTarget(resolve(dirname(path), await readlink(path)), depth + 1, link);
}

async function readCurrent(path: string): Promise<RegularFile | undefined> {
  try {
    const file = await readConfigText(path);
    return file && { ...file, mode: file.mode & 0o7777 };
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

export async function loadConfigFile(path: string): Promise<LoadedConfigFile> {
  const current = await readCurrent(path);
  const text = current?.text ?? '';
  return {
    path,
    exists: current !== undefined,
    text,
    mode: current?.mode,
    document: parseConfigDocument(text),
    config: { ...resolveConfig(text, path), exists: current !== undefined },
  };
}

function refuseUnreadable(
  path: string,
  text: string,
  home: string | undefined,
  what: string,
): void {
  const e = configSyntaxError(resolveConfig(text, path), home);
  if (e) throw new ConfigError(`${e.message}; ${what}`, { hint: e.hint, cause: e });
}

async function write(
  path: string,
  current: RegularFile | undefined,
  newText: string,
  opts: SaveOptions,
): Promise<SaveResult> {
  if (current)
    refuseUnreadable(
      path,
      current.text,
      opts.home,
      'awsid does not rewrite it until that is fixed',
    );
  refuseUnreadable(path, newText, opts.home, 'awsid refused to write this edit');
  if (current ? current.text === newText : newText === '') return { changed: false };
  const target = await writeTarget(path);
  // Only directories that do not exist yet are created (0700); an existing ~/.aws keeps its mode.
  // Run as root, the file (and its backup) keeps its owner; a new one gets its directory's.
  const dirOwner = await ensureDirOwned(dirname(target));
  const owner = current ? { uid: current.uid, gid: current.gid } : dirOwner;
  let backupPath: string | undefined;
  if (current && opts.backup !== false) {
    backupPath = `${path}.awsid.bak`;
    await writeFileAtomic(backupPath, current.text, 0o600, owner);
  }
  await writeFileAtomic(target, newText, current?.mode ?? 0o600, owner);
  return backupPath === undefined ? { changed: true } : { changed: true, backupPath };
}

/** Writes `newText` (no lock; see withConfigLock for read-edit-write). */
export async function saveConfigFile(
  path: string,
  newText: string,
  opts: SaveOptions = {},
): Promise<SaveResult> {
  return write(path, await readCurrent(await writeTarget(path)), newText, opts);
}

/**
 * Read-edit-write under `<path>.awsid.lock`, through the lock kit's one read-modify-write
 * (src/platform/locked-update.ts): the file is read inside the lock and `edit` maps its text to
 * the new text, so two writers never lose each other's changes; fenced out (a writer paused past
 * the lock's stale limit), the edit starts over on the fresh file (`edit` must be a pure function
 * of the text).
 */
export async function withConfigLock(
  path: string,
  edit: (text: string) => string | Promise<string>,
  opts: ConfigLockOptions = {},
): Promise<EditResult> {
  await ensureDirOwned(dirname(path));
  return lockedUpdate<RegularFile | undefined, EditResult>({
    file: path,
    withLock: (fn) => withLockFile(`${path}.awsid.lock`, fn, opts),
    read: async () => readCurrent(await writeTarget(path)),
    text: (current) => current?.text,
    change: async (current) => {
      const oldText = current?.text ?? '';
      if (current)
        refuseUnreadable(path, oldText, opts.home, 'awsid does not rewrite it until that is fixed');
      const newText = await edit(oldText);
      return {
        commit: async () => ({ ...(await write(path, current, newText, opts)), oldText, newText }),
      };
    },
  });
}
