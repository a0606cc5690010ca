/**
 * The daemon's runtime directory: private to the user, or we refuse (issue #3 §2, style.md §5.7).
 * Anyone who can write here could replace the socket and receive credential requests, and anyone
 * who can connect could ask for credentials, so the directory mode is the access control.
 */
import { chmod, lstat, mkdir } from 'node:fs/promises';

import { shellCommand } from '../core/shell-quote.js';
import { currentPlatform, currentUid } from '../platform/current-process.js';
import { SocketPathTooLongError, UnsafeSocketDirError } from './errors.js';
import { isNamedPipe } from './socket-path.js';

/**
 * Usable bytes of `sockaddr_un.sun_path` (one is kept for the NUL terminator): 108 on Linux
 * (unix(7), `UNIX_PATH_MAX`), 104 on macOS and the BSDs (`<sys/un.h>`).
 */
export function maxSocketPathBytes(platform: string): number {
  return platform === 'linux' ? 107 : 103;
}

export function checkSocketPathLength(socketPath: string, platform: string = currentPlatform()) {
  if (isNamedPipe(socketPath)) return;
  const bytes = Buffer.byteLength(socketPath);
  const max = maxSocketPathBytes(platform);
  if (bytes > max) {
    throw new SocketPathTooLongError(
      `the daemon socket path '${socketPath}' is ${bytes} bytes; Unix sockets allow at most ${max} on ${platform}`,
      { hint: 'export XDG_RUNTIME_DIR=/run/user/$(id -u)  (or another short private directory)' },
    );
  }
}

export interface EnsureSocketDirOptions {
  /** The uid that must own the directory; defaults to the effective uid. */
  uid?: number | undefined;
  platform?: string;
}

/**
 * Creates `dir` with mode 0700 if it is missing. An existing directory is accepted only if it is a
 * real directory (not a symlink), owned by us, with no group or other bits: we do not chmod a
 * directory we did not create, since loose bits there mean someone else set it up.
 */
export async function ensureSocketDir(dir: string, options: EnsureSocketDirOptions = {}) {
  const platform = options.platform ?? currentPlatform();
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  // Windows: the pipe is not in this directory (it only holds the pid file) and POSIX modes do
  // not apply; the pipe's default ACL is per-user.
  if (platform === 'win32') return;
  // mkdir's mode passes through the umask, which can only take bits away; set it exactly.
  if (created !== undefined) await chmod(dir, 0o700);
  const s = await lstat(dir);
  const fix = shellCommand(['chmod', '700', dir]);
  if (!s.isDirectory()) {
    throw new UnsafeSocketDirError(`the daemon directory '${dir}' is not a directory`, {
      hint: shellCommand(['rm', dir]),
    });
  }
  const uid = options.uid ?? currentUid();
  if (uid !== undefined && s.uid !== uid) {
    throw new UnsafeSocketDirError(
      `the daemon directory '${dir}' belongs to uid ${s.uid}, not to you (uid ${uid})`,
      {
        hint: `${shellCommand(['rm', '-r', dir])}  (or set XDG_RUNTIME_DIR to a directory you own)`,
      },
    );
  }
  const mode = s.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new UnsafeSocketDirError(
      `the daemon directory '${dir}' has mode ${mode.toString(8).padStart(4, '0')}; other users could reach the daemon`,
      { hint: fix },
    );
  }
}
