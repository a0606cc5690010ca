/**
 * The daemon: a net.Server on its world's socket in front of a CredentialService
 * (docs/architecture.md, "One daemon per world"). Lifecycle after eslint_d (mantoni/eslint_d.js
 * lib/daemon.js, lib/launcher.js): one per world via the pid file, stale socket
 * removed, idle shutdown, `shutdown` request; the caller wires SIGTERM to close(). Nothing runs at
 * import time.
 */
import { createServer, type Socket } from 'node:net';
import { dirname } from 'node:path';

import type { Clock } from '../../core/clock.js';
import { currentPid } from '../../platform/current-process.js';
import { probeDaemon } from '../client/client.js';
import type { CredentialService } from '../../credentials/credential-cache.js';
import { bindSocket } from './bind-socket.js';
import { closeServer } from './close-server.js';
import { type DaemonKeys, daemonKeys } from './daemon-keys.js';
import { acceptConnection, type DispatchContext } from './dispatch.js';
import { acquirePidFile, releasePidFile } from './pid-file.js';
import type { ProfileRoles } from './profile-roles.js';
import { type HelloResult, PROTOCOL_VERSION } from '../protocol/protocol.js';
import type { ServerState } from './server-state.js';
import { checkSocketPathLength, ensureSocketDir } from '../socket-dir.js';
import { pidFilePathFor } from '../socket-path.js';
import { watchSocket } from './watch-socket.js';

export interface DaemonServerOptions {
  socketPath: string;
  version: string;
  /** The world this daemon serves (world.ts); names the pid file and is reported in `hello`. */
  world: string;
  /** The id of the state directory it serves (world.ts, stateIdOf), reported in `hello`. */
  state?: string;
  /** Owned by the server from now on: close() closes it. */
  service: CredentialService;
  clock: Clock;
  /** Shut down after this long without a request. */
  idleMs: number;
  /** One line per event; never given secrets. */
  log: (line: string) => void;
  /** Where the pid file goes; default the socket's directory (required for a Windows pipe). */
  runtimeDir?: string;
  /** How long close() lets requests in progress finish before dropping them. Default 5 s. */
  graceMs?: number;
  /** How often to check that our socket file is still there. Default 30 s. */
  watchMs?: number;
  /** The passphrase store's key (`unlock`, `lock`); default: no key to hold. */
  keys?: DaemonKeys;
  /** Resolves `getCredentials` by profile (profile-roles.ts); default: left to the full CLI. */
  profileRoles?: ProfileRoles;
  /** Turns an error into the one to report (a permission error's fix); default: as it is. */
  explainError?: (e: unknown) => unknown;
}

export interface DaemonServer {
  readonly socketPath: string;
  readonly pid: number;
  readonly startedAt: number;
  /**
   * Resolves with the reason once the daemon has stopped (idle, shutdown request, close). The
   * `daemon run` caller should then call process.exit().
   */
  readonly closed: Promise<string>;
  close(reason?: string): Promise<void>;
}

export async function startDaemonServer(options: DaemonServerOptions): Promise<DaemonServer> {
  const { socketPath, version, service, clock, idleMs, log } = options;
  const keys = options.keys ?? daemonKeys('unknown', undefined);
  const pid = currentPid();
  const runtimeDir = options.runtimeDir ?? dirname(socketPath);
  const pidPath = pidFilePathFor({ runtimeDir }, options.world);
  checkSocketPathLength(socketPath);
  await ensureSocketDir(runtimeDir);
  await acquirePidFile(pidPath, {
    pid,
    socketPath,
    probe: async () => {
      const p = await probeDaemon(socketPath);
      if (p.state === 'running') return { running: true, pid: p.daemon.pid };
      // Accepting but silent: a live daemon that is busy or paused (SIGSTOP) keeps its pid file.
      return { running: p.state === 'unresponsive' };
    },
  });

  const server = createServer();
  const bound = await bindSocket(server, socketPath, () => releasePidFile(pidPath, pid));

  const startedAt = clock.now();
  const hello: HelloResult = {
    version,
    protocol: PROTOCOL_VERSION,
    pid,
    startedAt,
    world: options.world,
    ...(options.state === undefined ? {} : { state: options.state }),
  };
  const state: ServerState = {
    requests: 0,
    lastActivityAt: startedAt,
    sockets: new Set<Socket>(),
    inFlight: new Set<Promise<void>>(),
    closing: undefined,
  };
  const stopWatch = new AbortController();
  let resolveClosed!: (reason: string) => void;
  const closed = new Promise<string>((resolve) => (resolveClosed = resolve));
  const { graceMs } = options;
  const closeContext = { server, pidPath, pid, state, stopWatch, clock, graceMs, service, log };
  const close = (reason = 'close()', replaced = false): Promise<void> =>
    closeServer({ ...closeContext, resolveClosed }, reason, replaced);
  const dispatchContext: DispatchContext = {
    hello,
    socketPath,
    idleMs,
    service,
    keys,
    clock,
    log,
    state,
    profileRoles: options.profileRoles,
    explainError: options.explainError ?? ((e) => e),
    close: () => void close('shutdown request'),
  };

  bound.serve((socket) => acceptConnection(dispatchContext, socket));

  log(`awsid daemon ${version} (pid ${pid}) listening on ${socketPath}`);
  const { socketIno } = bound;
  void watchSocket({
    socketPath,
    socketIno,
    idleMs,
    watchMs: options.watchMs,
    clock,
    state,
    signal: stopWatch.signal,
    close: (reason, replaced) => void close(reason, replaced),
  });
  return { socketPath, pid, startedAt, closed, close };
}
