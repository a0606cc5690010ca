/**
 * Whose config awsid edits. The config names the program every AWS client runs for credentials,
 * so whoever can replace it runs code as the user: a config in a directory another user made
 * first (a fixed `/tmp/demo`), or a file or directory anyone else may write, is refused by setup,
 * populate and adopt, and reported by doctor. The rule is OpenSSH's for ~/.ssh (StrictModes,
 * sshd_config(5)): the file and every directory above it belong to the caller or root and are not
 * writable by group or others; a sticky directory (/tmp) is fine, since nobody else may rename
 * what is ours in it. Root's files are trusted by everyone; run as root, only root's are.
 */
import { realpath, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';

import { ConfigError } from '../core/errors.js';
import { shellCommand } from '../core/shell-quote.js';
import { displayPath } from './problems.js';

const STICKY = 0o1000;

/** `/a/b` → `['/', '/a', '/a/b']`. */
function chain(dir: string): string[] {
  const out = [dir];
  for (let p = dir; dirname(p) !== p; p = dirname(p)) out.unshift(dirname(p));
  return out;
}

async function statOf(path: string): Promise<{ uid: number; mode: number } | undefined> {
  try {
    const s = await stat(path);
    return { uid: s.uid, mode: s.mode & 0o7777 };
  } catch {
    return undefined;
  }
}

/** The real path of `path`, or of its nearest existing ancestor with the rest appended. */
async function realOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : resolve(await realOf(parent), path.slice(parent.length + 1));
  }
}

/** `root`, the caller's login name, or `uid N`. */
export function ownerName(uid: number): string {
  if (uid === 0) return 'root';
  try {
    const me = userInfo();
    if (me.uid === uid) return me.username;
  } catch {
    // No passwd entry for this uid: its number is the name.
  }
  return `uid ${uid}`;
}

const octal = (mode: number) => mode.toString(8).padStart(4, '0');

export interface TrustOptions {
  /** The caller's effective uid; undefined (Windows) checks nothing. */
  uid: number | undefined;
  /** For messages: `~/.aws/config` instead of the full path. */
  home?: string;
}

/**
 * Why `path` (the config file) is not safe to use, or undefined. Every directory above the file
 * as written and above the file it resolves to (a dotfile manager's symlink) is checked.
 */
export async function configTrustError(
  path: string,
  opts: TrustOptions,
): Promise<ConfigError | undefined> {
  const { uid } = opts;
  if (uid === undefined) return undefined;
  const abs = resolve(path);
  const real = await realOf(abs);
  const dirs = [...new Set([...chain(dirname(abs)), ...chain(dirname(real))])];
  const shown = displayPath(abs, opts.home);
  for (const at of [...dirs, real]) {
    const s = await statOf(at);
    if (!s) continue;
    const what =
      at === real ? 'it' : `${at === dirname(real) ? 'its directory' : 'the directory'} ${at}`;
    if (s.uid !== uid && s.uid !== 0) {
      return new ConfigError(
        `refusing ${shown}: ${what} belongs to ${ownerName(s.uid)}, not to you or root, who could replace the config`,
        { hint: shellCommand(['sudo', 'chown', ownerName(uid), at]) },
      );
    }
    const sticky = at !== real && (s.mode & STICKY) !== 0;
    if ((s.mode & 0o022) !== 0 && !sticky) {
      const who = s.mode & 0o002 ? 'every user' : 'its group';
      return new ConfigError(
        `refusing ${shown}: ${what} is writable by ${who} (mode ${octal(s.mode)}), who could replace the config`,
        { hint: shellCommand(['chmod', 'go-w', at]) },
      );
    }
  }
  return undefined;
}

/** Throws configTrustError's error, if any: setup, populate, adopt and uninstall start here. */
export async function assertConfigTrusted(path: string, opts: TrustOptions): Promise<void> {
  const e = await configTrustError(path, opts);
  if (e) throw e;
}
