/**
 * The daemon: a net.Server on the per-user socket in front of a CredentialService (issue #3 §2).
 * Lifecycle after eslint_d (style.md §2.E, §5.7): one per user via the pid file, stale socket
 * removed, idle shutdown, `shutdown` request; the caller wires SIGTERM to close(). Nothing runs at
 * import time.
 */
import { chmod, rm, stat } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';

import type { Clock } from '../../core/clock.js';
import { AwsidError } from '../../core/errors.js';
import { currentPid } from '../../platform/current-process.js';
import { probeDaemon } from '../client/client.js';
import { type CredentialService, MAX_TIMER_MS } from '../../credentials/credential-cache.js';
import { type DaemonKeys, daemonKeys } from './daemon-keys.js';
import { DaemonAlreadyRunningError } from '../errors.js';
import {
  checkGetCredentialsParams,
  checkInvalidateParams,
  checkUnlockParams,
  MalformedRequestError,
  parseRequest,
} from '../protocol/parse-request.js';
import { acquirePidFile, releasePidFile } from './pid-file.js';
import { type HelloResult, PROTOCOL_VERSION, type RequestMessage } from '../protocol/protocol.js';
import { type Send, serveConnection } from './serve-connection.js';
import { checkSocketPathLength, ensureSocketDir } from '../socket-dir.js';
import { isNamedPipe, pidFilePathFor } from '../socket-path.js';
import { toWireError } from '../protocol/wire-errors.js';

export interface DaemonServerOptions {
  socketPath: string;
  version: string;
  /** The world this daemon serves (world.ts); names the pid file and is reported in `hello`. */
  world: string;
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

/** Throws DaemonAlreadyRunningError when another daemon owns the socket; removes a stale one. */
async function claimSocket(socketPath: string): Promise<void> {
  const probe = await probeDaemon(socketPath);
  if (probe.state === 'running') throw new DaemonAlreadyRunningError(socketPath, probe.daemon.pid);
  if (probe.state === 'unresponsive') throw new DaemonAlreadyRunningError(socketPath, undefined);
  // A socket file nobody listens on: left by a daemon that was killed (SIGKILL, crash).
  if (probe.state === 'stale' && !isNamedPipe(socketPath)) await rm(socketPath, { force: true });
}

function listen(server: Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function startDaemonServer(options: DaemonServerOptions): Promise<DaemonServer> {
  const { socketPath, version, service, clock, idleMs, log } = options;
  const keys = options.keys ?? daemonKeys('unknown', undefined);
  const pid = currentPid();
  const pipe = isNamedPipe(socketPath);
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
  // Clients poll the socket while a daemon starts (fast-start.ts): one may connect right after
  // listen(), before the real handler below is attached. An unhandled 'connection' leaves that
  // client waiting for a reply until its 2-minute timeout, so hold such sockets (paused: their
  // data stays buffered) and serve them once the handler is in place.
  const early: Socket[] = [];
  const holdEarly = (socket: Socket) => {
    socket.on('error', () => {});
    early.push(socket);
  };
  server.on('connection', holdEarly);
  let socketIno: number | undefined;
  try {
    await claimSocket(socketPath);
    await listen(server, socketPath).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') throw new DaemonAlreadyRunningError(socketPath, undefined);
      throw e;
    });
    if (!pipe) {
      await chmod(socketPath, 0o600);
      socketIno = (await stat(socketPath)).ino;
    }
  } catch (e) {
    server.close();
    for (const socket of early) socket.destroy();
    await releasePidFile(pidPath, pid);
    throw e;
  }

  const startedAt = clock.now();
  const hello: HelloResult = {
    version,
    protocol: PROTOCOL_VERSION,
    pid,
    startedAt,
    world: options.world,
  };
  const sockets = new Set<Socket>();
  const inFlight = new Set<Promise<void>>();
  let requests = 0;
  let lastActivityAt = startedAt;
  let closing: Promise<void> | undefined;
  const stopWatch = new AbortController();
  let resolveClosed!: (reason: string) => void;
  const closed = new Promise<string>((resolve) => (resolveClosed = resolve));

  async function dispatch(request: RequestMessage, send: Send): Promise<unknown> {
    const params = request.params as Record<string, unknown>;
    switch (request.method) {
      case 'hello':
        return hello;
      case 'getCredentials':
        return service.getCredentials({
          ...checkGetCredentialsParams(params),
          // Every caller waiting on an auto-login learns where to approve it (no browser here).
          onLoginNotice: (notice) => send({ id: request.id, notice }),
        });
      case 'status':
        return {
          ...hello,
          socketPath,
          requests,
          lastActivityAt,
          idleMs,
          secretStore: keys.status(),
          service: service.status(),
        };
      case 'invalidate': {
        const { ssoSession } = checkInvalidateParams(params);
        service.invalidate(ssoSession);
        log(`invalidated ${ssoSession === undefined ? 'all sessions' : `session '${ssoSession}'`}`);
        return { ok: true };
      }
      case 'unlock':
        await keys.unlock(checkUnlockParams(params));
        log('unlocked: holding the passphrase store key in memory');
        return { ok: true };
      case 'lock': {
        const result = keys.lock();
        // Credentials fetched with the key go too: a locked daemon serves nothing.
        service.invalidate();
        log(result.wasUnlocked ? 'locked: forgot the passphrase store key' : 'lock: held no key');
        return result;
      }
      case 'shutdown':
        return { ok: true };
    }
  }

  async function handle(socket: Socket, line: string, send: Send): Promise<void> {
    let request: RequestMessage;
    try {
      request = parseRequest(line);
    } catch (e) {
      const id =
        e instanceof MalformedRequestError ? null : (JSON.parse(line) as { id: number }).id;
      send({ id, error: toWireError(e) });
      if (id === null) socket.end();
      return;
    }
    requests += 1;
    lastActivityAt = clock.now();
    try {
      send({ id: request.id, result: await dispatch(request, send) });
    } catch (e) {
      if (!(e instanceof AwsidError)) log(`internal error in '${request.method}': ${String(e)}`);
      else if (request.method === 'getCredentials') log(`getCredentials failed: ${e.name}`);
      send({ id: request.id, error: toWireError(e) });
    } finally {
      lastActivityAt = clock.now();
    }
    if (request.method === 'shutdown') void close('shutdown request');
  }

  function onConnection(socket: Socket): void {
    if (closing || socket.destroyed) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.setEncoding('utf8');
    serveConnection(socket, {
      handle: (line, send) => handle(socket, line, send),
      track: (work) => {
        inFlight.add(work);
        void work.finally(() => inFlight.delete(work));
      },
    });
  }
  server.off('connection', holdEarly);
  server.on('connection', onConnection);
  for (const socket of early.splice(0)) onConnection(socket);

  /** Idle shutdown, and shutdown if our socket file was removed or replaced (eslint_d watches its runtime file). */
  async function watch(): Promise<void> {
    const watchMs = options.watchMs ?? 30_000;
    for (;;) {
      const idleLeft = lastActivityAt + idleMs - clock.now();
      if (idleLeft <= 0 && inFlight.size === 0) {
        void close(`idle for ${idleMs} ms`);
        return;
      }
      try {
        await clock.sleep(
          Math.min(Math.max(idleLeft, Math.min(idleMs, 1_000)), watchMs, MAX_TIMER_MS),
          stopWatch.signal,
        );
      } catch {
        return;
      }
      if (socketIno !== undefined) {
        const now = await stat(socketPath).catch(() => undefined);
        if (!now || now.ino !== socketIno) {
          void close(now ? 'socket file replaced by another daemon' : 'socket file removed', !!now);
          return;
        }
      }
    }
  }

  function close(reason = 'close()', replaced = false): Promise<void> {
    closing ??= (async () => {
      log(`shutting down: ${reason}`);
      stopWatch.abort();
      // Stop accepting first: libuv unlinks the socket path right here (uv__pipe_close), while it
      // is still ours; the pid file goes next, so a successor can start at once. If a successor
      // already owns the path, closing would unlink its socket: leave the handle for process.exit
      // (which does not unlink) and just stop taking connections.
      if (replaced) server.unref();
      else server.close();
      await releasePidFile(pidPath, pid);
      const grace = new AbortController();
      await Promise.race([
        Promise.allSettled([...inFlight]),
        clock.sleep(options.graceMs ?? 5_000, grace.signal).catch(() => {}),
      ]);
      grace.abort();
      service.close();
      for (const socket of sockets) socket.destroy();
      resolveClosed(reason);
    })();
    return closing;
  }

  log(`awsid daemon ${version} (pid ${pid}) listening on ${socketPath}`);
  void watch();
  return { socketPath, pid, startedAt, closed, close };
}
