/**
 * The daemon: a net.Server on its world's socket in front of a CredentialService
 * (docs/architecture.md, "One daemon per world"). Lifecycle after eslint_d (mantoni/eslint_d.js
 * lib/daemon.js, lib/launcher.js): one per world via the pid file, stale socket removed, idle
 * shutdown, `shutdown` request; the caller wires SIGTERM to close(). Nothing runs at import time.
 * One DaemonServer holds the running state; connections.ts bounds what clients can make it hold.
 */
import { stat } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';

import type { Clock } from '../../core/clock.js';
import { AwsidError } from '../../core/errors.js';
import {
  type CredentialService,
  CredentialServiceClosedError,
  MAX_TIMER_MS,
} from '../../credentials/credential-service.js';
import { currentPid } from '../../platform/current-process.js';
import { probeDaemon } from '../client/client.js';
import { DaemonUnavailableError } from '../errors.js';
import {
  checkGetCredentialsParams,
  checkInvalidateParams,
  checkProfileStatusParams,
  checkUnlockParams,
  MalformedRequestError,
  parseRequest,
} from '../protocol/parse-request.js';
import { type HelloResult, PROTOCOL_VERSION, type RequestMessage } from '../protocol/protocol.js';
import { toWireError } from '../protocol/wire-errors.js';
import { checkSocketPathLength, ensureSocketDir } from '../socket-dir.js';
import { pidFilePathFor } from '../socket-path.js';
import { bindSocket } from './bind-socket.js';
import { Connections, type Send } from './connections.js';
import { type DaemonKeys, daemonKeys } from './daemon-keys.js';
import { acquirePidFile, releasePidFile } from './pid-file.js';
import type { ProfileRoles } from './profile-roles.js';

/**
 * The idle limit of a daemon that never handed out credentials (a world started by a typo, a
 * status check, a prompt): it holds nobody's cache, so it need not stay the full idle time.
 */
export const UNSERVED_IDLE_MS = 5 * 60_000;

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
  /** Shut down after this long without a request (UNSERVED_IDLE_MS at most until it served). */
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
  /** The usage recorder, written out on `flushUsage` (src/access/usage-recorder.ts). */
  usage?: { flush(): Promise<void> };
  /** Turns an error into the one to report (a permission error's fix); default: as it is. */
  explainError?: (e: unknown) => unknown;
}

export async function startDaemonServer(options: DaemonServerOptions): Promise<DaemonServer> {
  const { socketPath } = options;
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
  const daemon = new DaemonServer(options, server, pid, pidPath);
  bound.serve((socket) => daemon.accept(socket));
  options.log(`awsid daemon ${options.version} (pid ${pid}) listening on ${socketPath}`);
  void daemon.watch(bound.socketIno);
  return daemon;
}

export class DaemonServer {
  readonly socketPath: string;
  readonly startedAt: number;
  /**
   * Resolves with the reason once the daemon has stopped (idle, shutdown request, close). The
   * `daemon run` caller should then call process.exit().
   */
  readonly closed: Promise<string>;
  private resolveClosed!: (reason: string) => void;
  private readonly hello: HelloResult;
  private readonly keys: DaemonKeys;
  private readonly connections: Connections;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopWatch = new AbortController();
  private requests = 0;
  private lastActivityAt: number;
  /** Whether it has handed out credentials yet: one that never did exits sooner when idle. */
  private served = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly options: DaemonServerOptions,
    private readonly server: Server,
    readonly pid: number,
    private readonly pidPath: string,
  ) {
    this.socketPath = options.socketPath;
    this.startedAt = options.clock.now();
    this.lastActivityAt = this.startedAt;
    this.keys = options.keys ?? daemonKeys('unknown', undefined);
    this.hello = {
      version: options.version,
      protocol: PROTOCOL_VERSION,
      pid,
      startedAt: this.startedAt,
      world: options.world,
      ...(options.state === undefined ? {} : { state: options.state }),
    };
    this.closed = new Promise<string>((resolve) => (this.resolveClosed = resolve));
    this.connections = new Connections({
      handle: (socket, line, send) => this.handle(socket, line, send),
      track: (work) => {
        this.inFlight.add(work);
        void work.finally(() => this.inFlight.delete(work));
      },
      log: options.log,
    });
  }

  accept(socket: Socket): void {
    if (this.closing || socket.destroyed) socket.destroy();
    else this.connections.accept(socket);
  }

  /**
   * The shutdown sequence, run once whatever asks for it (idle, request, signal). `replaced`: a
   * successor already owns the socket path.
   */
  close(reason = 'close()', replaced = false): Promise<void> {
    const { clock, log } = this.options;
    this.closing ??= (async () => {
      log(`shutting down: ${reason}`);
      this.stopWatch.abort();
      // Stop accepting first: libuv unlinks the socket path right here (uv__pipe_close), while
      // it is still ours; the pid file goes next, so a successor can start at once. If a
      // successor already owns the path, closing would unlink its socket: leave the handle for
      // process.exit (which does not unlink) and just stop taking connections.
      if (replaced) this.server.unref();
      else this.server.close();
      await releasePidFile(this.pidPath, this.pid);
      const grace = new AbortController();
      await Promise.race([
        Promise.allSettled([...this.inFlight]),
        clock.sleep(this.options.graceMs ?? 5_000, grace.signal).catch(() => {}),
      ]);
      grace.abort();
      this.options.service.close();
      this.connections.destroyAll();
      this.resolveClosed(reason);
    })();
    return this.closing;
  }

  /**
   * The background loop: idle shutdown, and shutdown if our socket file was removed or replaced
   * (eslint_d watches its runtime file). `socketIno` undefined: nothing to compare (a pipe).
   */
  async watch(socketIno: number | undefined): Promise<void> {
    const { socketPath, idleMs, clock } = this.options;
    const watchMs = this.options.watchMs ?? 30_000;
    for (;;) {
      const limit = this.served ? idleMs : Math.min(idleMs, UNSERVED_IDLE_MS);
      const idleLeft = this.lastActivityAt + limit - clock.now();
      if (idleLeft <= 0 && this.inFlight.size === 0) {
        void this.close(`idle for ${limit} ms${this.served ? '' : ' without serving credentials'}`);
        return;
      }
      try {
        await clock.sleep(
          Math.min(Math.max(idleLeft, Math.min(limit, 1_000)), watchMs, MAX_TIMER_MS),
          this.stopWatch.signal,
        );
      } catch {
        return;
      }
      if (socketIno !== undefined) {
        const now = await stat(socketPath).catch(() => undefined);
        if (!now || now.ino !== socketIno) {
          void this.close(
            now ? 'socket file replaced by another daemon' : 'socket file removed',
            !!now,
          );
          return;
        }
      }
    }
  }

  /** One request line to one reply: parse, run the method, answer its result or wire error. */
  private async handle(socket: Socket, line: string, send: Send): Promise<void> {
    const { clock, log } = this.options;
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
    // A shell prompt asks on every command line, `access` flushes the usage record: neither alone
    // keeps an idle daemon alive.
    const activity = request.method !== 'profileStatus' && request.method !== 'flushUsage';
    this.requests += 1;
    if (activity) this.lastActivityAt = clock.now();
    try {
      send({ id: request.id, result: await this.dispatch(request, send) });
    } catch (thrown) {
      // A closing service: DaemonUnavailableError makes the client do the work in-process.
      const e =
        thrown instanceof CredentialServiceClosedError
          ? new DaemonUnavailableError(thrown.message)
          : (this.options.explainError ?? ((x: unknown) => x))(thrown);
      if (!(e instanceof AwsidError)) log(`internal error in '${request.method}': ${String(e)}`);
      else if (request.method === 'getCredentials') log(`getCredentials failed: ${e.name}`);
      send({ id: request.id, error: toWireError(e) });
    } finally {
      if (activity) this.lastActivityAt = clock.now();
    }
    if (request.method === 'shutdown') void this.close('shutdown request');
  }

  private profileRole(profile: string) {
    if (!this.options.profileRoles) {
      // DaemonUnavailableError makes the fast client hand the call to the full CLI.
      throw new DaemonUnavailableError('this awsid daemon does not read profiles');
    }
    return this.options.profileRoles(profile);
  }

  private async dispatch(request: RequestMessage, send: Send): Promise<unknown> {
    const { service, log } = this.options;
    const params = request.params as Record<string, unknown>;
    switch (request.method) {
      case 'hello':
        return this.hello;
      case 'getCredentials': {
        const checked = checkGetCredentialsParams(params);
        const { autoLogin, loginEnv } = checked;
        const { region, ...role } =
          'profile' in checked
            ? await this.profileRole(checked.profile)
            : { ...checked, region: '' };
        const creds = await service.getCredentials({
          ssoSession: role.ssoSession,
          accountId: role.accountId,
          roleName: role.roleName,
          ...(autoLogin === undefined ? {} : { autoLogin }),
          // The caller's environment picks the login flow, not the daemon's.
          ...(loginEnv === undefined ? {} : { loginEnv }),
          // Every caller waiting on an auto-login learns where to approve it (no browser here).
          onLoginNotice: (notice) => send({ id: request.id, notice }),
        });
        this.served = true;
        return region ? { ...creds, region } : creds;
      }
      case 'status':
        return {
          ...this.hello,
          socketPath: this.socketPath,
          requests: this.requests,
          lastActivityAt: this.lastActivityAt,
          idleMs: this.options.idleMs,
          secretStore: this.keys.status(),
          service: service.status(),
        };
      case 'invalidate': {
        const { ssoSession } = checkInvalidateParams(params);
        service.invalidate(ssoSession);
        log(`invalidated ${ssoSession === undefined ? 'all sessions' : `session '${ssoSession}'`}`);
        return { ok: true };
      }
      case 'unlock':
        await this.keys.unlock(checkUnlockParams(params));
        log('unlocked: holding the passphrase store key in memory');
        return { ok: true };
      case 'lock': {
        const result = this.keys.lock();
        // Credentials fetched with the key go too: a locked daemon serves nothing.
        service.invalidate();
        log(result.wasUnlocked ? 'locked: forgot the passphrase store key' : 'lock: held no key');
        return result;
      }
      case 'heldKey':
        // Same user, private socket: nothing the caller could not read from this process anyway.
        return { material: this.keys.held() ?? null };
      case 'profileStatus': {
        const role = await this.profileRole(checkProfileStatusParams(params).profile);
        const held = service
          .status()
          .cached.find(
            (c) =>
              c.ssoSession === role.ssoSession &&
              c.accountId === role.accountId &&
              c.roleName === role.roleName,
          );
        return { expiration: held ? held.expiration : null };
      }
      case 'flushUsage':
        await this.options.usage?.flush();
        return { ok: true };
      case 'shutdown':
        return { ok: true };
    }
  }
}
