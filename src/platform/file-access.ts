/**
 * EACCES/EPERM from the file system as one line naming the path that refuses this user and the
 * command that fixes it (the usual case: `sudo aws configure` or a root-run awsid left ~/.aws or
 * the state directory owned by root). main.ts, credential-process and the daemon all report such
 * errors through `fileAccessError`, whichever call hit them.
 */
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

import type { AwsidError } from '../core/errors.js';
import { FileAccessError } from '../core/errors.js';
import { shellCommand } from '../core/shell-quote.js';

const DENIED = new Set(['EACCES', 'EPERM']);

/** The first EACCES/EPERM with a path in the error or its causes. */
function deniedPath(e: unknown): string | undefined {
  for (let cur = e, depth = 0; cur instanceof Error && depth < 8; depth++) {
    const { code, path } = cur as NodeJS.ErrnoException;
    if (code !== undefined && DENIED.has(code) && typeof path === 'string') return resolve(path);
    cur = cur.cause;
  }
  return undefined;
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function may(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/** `/a/b/c` → `['/', '/a', '/a/b', '/a/b/c']`. */
function chain(path: string): string[] {
  const out = [path];
  for (let p = path; dirname(p) !== p; p = dirname(p)) out.unshift(dirname(p));
  return out;
}

/**
 * The component that refuses: a directory on the way this user may not enter, else the path
 * itself when it exists and may not be read and written, else the directory it is (or would be)
 * created, replaced or removed in.
 */
function blocker(path: string): { at: string; stat: Stats } | undefined {
  let parent: { at: string; stat: Stats } | undefined;
  for (const at of chain(path).slice(0, -1)) {
    const stat = statOf(at);
    if (!stat) break;
    if (!may(at, constants.X_OK)) return { at, stat };
    parent = { at, stat };
  }
  const own = statOf(path);
  const rw = constants.R_OK | constants.W_OK | (own?.isDirectory() ? constants.X_OK : 0);
  if (own && !may(path, rw)) return { at: path, stat: own };
  if (parent && !may(parent.at, constants.W_OK | constants.X_OK)) return parent;
  return own ? { at: path, stat: own } : parent;
}

function ownerName(uid: number): string {
  if (uid === 0) return 'root';
  return uid === userInfo().uid ? userInfo().username : `uid ${uid}`;
}

const inside = (path: string, dir: string) => {
  const r = relative(dir, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
};

/**
 * The error to report for `e` when it is a permission error on a path, else undefined. `home`
 * decides how far a fix may reach: `chown -R` only inside the home directory.
 */
export function fileAccessError(e: unknown, home: string): AwsidError | undefined {
  const path = deniedPath(e);
  if (path === undefined) return undefined;
  const found = blocker(path);
  const at = found?.at ?? path;
  const me = userInfo();
  const dir = found?.stat.isDirectory() ?? false;
  const what = found
    ? ` (owned by ${ownerName(found.stat.uid)}, mode ${(found.stat.mode & 0o7777).toString(8).padStart(4, '0')})`
    : '';
  const message =
    at === path
      ? `permission denied on ${path}${what}`
      : `cannot use ${path}: permission denied on ${at}${what}`;
  const bits = dir ? 0o700 : 0o600;
  const chmod = shellCommand(['chmod', dir ? 'u+rwx' : 'u+rw', at]);
  let hint: string;
  if (found && found.stat.uid !== me.uid) {
    const chown = shellCommand(['sudo', 'chown', ...(dir ? ['-R'] : []), me.username, at]);
    hint = !inside(at, home)
      ? `${shellCommand(['ls', '-ld', at])}   (not yours and outside your home: use a path of your own)`
      : (found.stat.mode & bits) === bits
        ? chown
        : `${chown} && ${chmod}`;
  } else {
    hint = chmod;
  }
  return new FileAccessError(message, { hint, cause: e });
}
