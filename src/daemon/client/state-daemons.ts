/**
 * Every running daemon that serves a state directory. Two worlds (world.ts) can share one state
 * directory: one user, one config, but AWS_CA_BUNDLE or a proxy variable differs, say. Logout,
 * lock and stop must reach all of them, or a second daemon keeps serving role credentials that
 * logout meant to drop, or keeps a key that lock said was forgotten (docs/architecture.md, "One
 * daemon per world").
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { inspectPrivateDir } from '../../platform/private-dir.js';
import { isNamedPipe, type DaemonAddress } from '../socket-path.js';
import { type ConnectOptions, type DaemonConnection, withRunningDaemon } from './client.js';

/** Socket names daemons listen on (socket-path.ts): `daemon-<world id>.sock`. */
const DAEMON_SOCKET = /^daemon-[0-9a-f]{16}\.sock$/;

/**
 * The other daemons' sockets in our runtime directory: only a directory that passes the
 * private-directory policy is read (src/platform/private-dir.ts), and each socket is checked again
 * (ours, a socket) when it is connected to. A Windows pipe has no directory to list.
 */
export function daemonSockets(address: Pick<DaemonAddress, 'runtimeDir' | 'socketPath'>): string[] {
  const own = address.socketPath;
  if (isNamedPipe(own) || inspectPrivateDir(address.runtimeDir) !== 'private') return [own];
  let names: string[];
  try {
    names = readdirSync(address.runtimeDir);
  } catch {
    return [own];
  }
  const others = names
    .filter((n) => DAEMON_SOCKET.test(n))
    .map((n) => join(address.runtimeDir, n))
    .filter((p) => p !== own);
  return [own, ...others];
}

/**
 * Runs `fn` on each running daemon that serves the state directory `state` (world.ts, stateIdOf):
 * our world's daemon, and every other daemon in our runtime directory whose `hello` names the same
 * state. Never starts one. Returns what `fn` returned for each daemon it reached (a failed `fn` is
 * left out), our world's first.
 */
export async function forEachStateDaemon<T>(
  address: Pick<DaemonAddress, 'runtimeDir' | 'socketPath' | 'world'>,
  state: string,
  fn: (connection: DaemonConnection) => Promise<T>,
  options: Omit<ConnectOptions, 'world'> = {},
): Promise<T[]> {
  const reach = (socketPath: string): Promise<{ value: T } | undefined> => {
    const own = socketPath === address.socketPath;
    return withRunningDaemon(
      socketPath,
      // Our own world's daemon serves our state directory by construction (an older one may not
      // report it); any other must say so.
      async (c) => (!own && c.daemon.state !== state ? undefined : { value: await fn(c) }),
      own ? { ...options, world: address.world } : options,
    );
  };
  const reached = await Promise.all(daemonSockets(address).map(reach));
  return reached.flatMap((r) => (r === undefined ? [] : [r.value]));
}
