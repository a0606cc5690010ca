/** Talking to a daemon only if one is already running: stop, status, post-login invalidation. */
import type { StatusResult } from '../protocol/protocol.js';
import type { DaemonAddress } from '../socket-path.js';
import { forEachStateDaemon } from './state-daemons.js';
import { type ConnectOptions, DEFAULT_HELLO_TIMEOUT_MS, withRunningDaemon } from './client.js';

/** Asks a running daemon to stop. Returns its pid, or undefined if none answered. */
export function stopDaemon(
  socketPath: string,
  options: ConnectOptions = {},
): Promise<number | undefined> {
  return withRunningDaemon(
    socketPath,
    async (c) => {
      await c
        .request('shutdown', {}, { timeoutMs: DEFAULT_HELLO_TIMEOUT_MS })
        .catch(() => undefined);
      return c.daemon.pid;
    },
    options,
  );
}

/** The daemon's status, or undefined if none answered. */
export function daemonStatus(
  socketPath: string,
  options: ConnectOptions = {},
): Promise<StatusResult | undefined> {
  return withRunningDaemon(
    socketPath,
    (c) => c.request('status', {}, { timeoutMs: DEFAULT_HELLO_TIMEOUT_MS }),
    options,
  );
}

/** A flush waits for the usage file's lock (held at most 20 s by a live writer). */
const FLUSH_TIMEOUT_MS = 25_000;

/**
 * Has a running daemon write its pending usage record now (`awsid access` reads it next); no
 * daemon running means nothing pending. Never starts one.
 */
export async function flushDaemonUsage(
  address: { socketPath: string; world: string },
  clientVersion: string,
): Promise<void> {
  await withRunningDaemon(
    address.socketPath,
    (c) => c.request('flushUsage', {}, { timeoutMs: FLUSH_TIMEOUT_MS }),
    { clientVersion, world: address.world },
  );
}

/**
 * Asks every running daemon of the state directory `state` to stop (state-daemons.ts): this
 * world's and any other world's that shares it. Returns their pids, this world's first.
 */
export function stopStateDaemons(
  address: Pick<DaemonAddress, 'runtimeDir' | 'socketPath' | 'world'>,
  state: string,
  clientVersion?: string,
): Promise<number[]> {
  return forEachStateDaemon(
    address,
    state,
    async (c) => {
      await c
        .request('shutdown', {}, { timeoutMs: DEFAULT_HELLO_TIMEOUT_MS })
        .catch(() => undefined);
      return c.daemon.pid;
    },
    clientVersion === undefined ? {} : { clientVersion },
  );
}
