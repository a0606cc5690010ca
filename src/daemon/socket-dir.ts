/**
 * The daemon's runtime directory: private to the user, or we refuse.
 * Anyone who can write here could replace the socket and receive credential requests, and anyone
 * who can connect could ask for credentials, so the directory mode is the access control.
 */
import { currentPlatform } from '../platform/current-process.js';
import { preparePrivateDir, type PolicyOptions } from '../platform/private-dir.js';
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

/**
 * Creates the daemon's directory 0700 if it is missing, or accepts an existing one only under the
 * private-directory policy (src/platform/private-dir.ts).
 */
export function ensureSocketDir(dir: string, options: PolicyOptions = {}): Promise<void> {
  return Promise.resolve().then(() => {
    const state = preparePrivateDir(dir, options);
    if (state !== 'private') {
      throw new UnsafeSocketDirError(`the daemon directory ${state.reason}`, { hint: state.fix });
    }
  });
}
