/**
 * The one private-directory policy, for every directory awsid keeps secrets, locks or its socket
 * in. Anyone who can write in such a directory could replace the socket (and receive credential
 * requests) or the lock; anyone who can enter it could ask the daemon for credentials. So a
 * directory is trusted only when it is a real directory (not a symlink), owned by us, with no
 * group or other bits. We create missing ones 0700; we never chmod or chown one we did not just
 * create, since loose bits or another owner mean someone else set it up. The socket inside must
 * be a socket owned by us too. Synchronous `node:fs` only: the bundled hot path uses it
 * (src/daemon/client/fast-client.ts), and an lstat is microseconds.
 */
import { chmodSync, lstatSync, mkdirSync, type Stats } from 'node:fs';

import { ConfigError } from '../core/errors.js';
import { shellQuote } from '../core/shell-quote.js';
import { currentPlatform, currentUid } from './current-process.js';

/** Why a path is not trusted: one line for people, and the command that fixes it. */
export interface Distrust {
  reason: string;
  fix: string;
}

/** A directory or socket that fails the policy. Exit code 4 (ConfigError), docs/errors.md. */
export class UnsafeDirectoryError extends ConfigError {}

export interface PolicyOptions {
  /** The uid that must own it; default the effective uid (undefined on Windows: no check). */
  uid?: number | undefined;
  platform?: string;
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

function judgeDir(dir: string, s: Stats, uid: number | undefined): Distrust | undefined {
  const q = shellQuote(dir);
  if (s.isSymbolicLink()) {
    return { reason: `'${dir}' is a symlink, not a directory`, fix: `rm ${q}` };
  }
  if (!s.isDirectory()) return { reason: `'${dir}' is not a directory`, fix: `rm ${q}` };
  if (uid !== undefined && s.uid !== uid) {
    return {
      reason: `'${dir}' belongs to uid ${s.uid}, not to you (uid ${uid})`,
      fix: `rm -r ${q}   (or set XDG_RUNTIME_DIR to a directory of yours)`,
    };
  }
  const mode = s.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    const octal = mode.toString(8).padStart(4, '0');
    return {
      reason: `'${dir}' has mode ${octal}; other users could reach what is inside`,
      fix: `chmod 700 ${q}`,
    };
  }
  return undefined;
}

/** Looks, never changes anything: 'missing', 'private', or why not to trust it. */
export function inspectPrivateDir(
  dir: string,
  options: PolicyOptions = {},
): 'missing' | 'private' | Distrust {
  if ((options.platform ?? currentPlatform()) === 'win32') return 'private';
  let s: Stats;
  try {
    s = lstatSync(dir);
  } catch (e) {
    if (errno(e) === 'ENOENT') return 'missing';
    return {
      reason: `cannot inspect '${dir}' (${errno(e) ?? String(e)})`,
      fix: `ls -ld ${shellQuote(dir)}`,
    };
  }
  return judgeDir(dir, s, options.uid ?? currentUid()) ?? 'private';
}

/** A socket we may connect to: 'missing', 'ours', or why not (someone else's, or not a socket). */
export function inspectOwnedSocket(
  socketPath: string,
  options: PolicyOptions = {},
): 'missing' | 'ours' | Distrust {
  let s: Stats;
  try {
    s = lstatSync(socketPath);
  } catch (e) {
    if (errno(e) === 'ENOENT') return 'missing';
    return {
      reason: `cannot inspect '${socketPath}' (${errno(e) ?? String(e)})`,
      fix: `ls -l ${shellQuote(socketPath)}`,
    };
  }
  const uid = options.uid ?? currentUid();
  const q = shellQuote(socketPath);
  if (!s.isSocket()) return { reason: `'${socketPath}' is not a socket`, fix: `rm ${q}` };
  if (uid !== undefined && s.uid !== uid) {
    return {
      reason: `'${socketPath}' belongs to uid ${s.uid}, not to you (uid ${uid})`,
      fix: `rm ${q}`,
    };
  }
  return 'ours';
}

/** Creates `dir` (and missing parents) 0700, or checks an existing one; the result says which. */
export function preparePrivateDir(dir: string, options: PolicyOptions = {}): 'private' | Distrust {
  if ((options.platform ?? currentPlatform()) === 'win32') {
    mkdirSync(dir, { recursive: true });
    return 'private';
  }
  let created: string | undefined;
  try {
    created = mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    if (errno(e) !== 'EEXIST' && errno(e) !== 'ENOTDIR') throw e;
  }
  // mkdir's mode passes through the umask, which can only take bits away; set it exactly.
  if (created !== undefined) chmodSync(dir, 0o700);
  const state = inspectPrivateDir(dir, options);
  if (state === 'missing')
    return { reason: `'${dir}' vanished while being created`, fix: `ls -ld ${shellQuote(dir)}` };
  return state;
}

/** preparePrivateDir, throwing UnsafeDirectoryError (`what` names the directory's role). */
export function ensurePrivateDirSync(
  dir: string,
  what = 'awsid directory',
  options: PolicyOptions = {},
): void {
  const state = preparePrivateDir(dir, options);
  if (state !== 'private') {
    throw new UnsafeDirectoryError(`the ${what} ${state.reason}`, { hint: state.fix });
  }
}

/** The same, for async callers (the state directory, the daemon's runtime directory). */
export function ensurePrivateDir(
  dir: string,
  what = 'awsid directory',
  options: PolicyOptions = {},
): Promise<void> {
  return Promise.resolve().then(() => ensurePrivateDirSync(dir, what, options));
}
