/**
 * The full client (slow path and `awsid daemon start|stop|status`): connect with a short bound,
 * handshake, restart a daemon of another version, start one when none answers (eslint_d's
 * launcher and forwarder, style.md §2.E). Every failure is a DaemonUnavailableError, so callers
 * fall back to doing the work in-process (issue #3 §2).
 */
import { dirname } from 'node:path';

import type { Clock } from '../../core/clock.js';
import { AwsidError } from '../../core/errors.js';
import type { RoleCredentials, RoleRef } from '../../core/model.js';
import { Connection, DaemonConnectError, openSocket, untrustedSocket } from './connection.js';
import { DaemonUnavailableError } from '../errors.js';
import {
  type HelloResult,
  type LoginNotice,
  isCredentialsResult,
  type Method,
  type ParamsOf,
  type ResultOf,
  type StatusResult,
} from '../protocol/protocol.js';
import { ensureSocketDir } from '../socket-dir.js';
import { isNamedPipe } from '../socket-path.js';
import { spawnLockPath } from '../spawn-lock-path.js';
import { startAndWait } from './start-and-wait.js';

/** A local accept takes well under a millisecond; anything slower is a daemon in trouble. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 200;
export const DEFAULT_HELLO_TIMEOUT_MS = 1_000;
/** eslint_d waits 2 s for a new daemon; Node starts in ~50 ms (environment.md, start-up cost). */
export const DEFAULT_START_TIMEOUT_MS = 2_000;
/**
 * Past DEFAULT_START_TIMEOUT_MS a caller keeps waiting only while a start is visibly in progress
 * (our daemon process alive, or another caller's spawn lock held): on a loaded 2-core machine,
 * 200 cold callers starting at once delay the daemon's own start by seconds. Below the spawn
 * lock's stale limit, so a waiter never breaks a live launcher's lock.
 */
export const MAX_START_WAIT_MS = 8_000;

export interface DaemonConnection {
  /** The daemon's handshake answer. */
  readonly daemon: HelloResult;
  request<M extends Method>(
    method: M,
    params: ParamsOf<M>,
    options?: { timeoutMs?: number; onNotice?: ((n: LoginNotice) => void) | undefined },
  ): Promise<ResultOf<M>>;
  close(): void;
}

export interface ConnectOptions {
  timeoutMs?: number;
  helloTimeoutMs?: number;
  /** Our build identity, for the daemon's log. */
  clientVersion?: string;
  /** Our world (world.ts): a daemon of another world is refused (DaemonConnectError 'untrusted'). */
  world?: string;
}

/** Connects and says hello. Throws DaemonUnavailableError (DaemonConnectError) when unreachable. */
export async function connectDaemon(
  socketPath: string,
  options: ConnectOptions = {},
): Promise<DaemonConnection> {
  const socket = await openSocket(socketPath, options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  const connection = new Connection(socket);
  let daemon: HelloResult;
  try {
    const params = {
      ...(options.clientVersion === undefined ? {} : { version: options.clientVersion }),
      ...(options.world === undefined ? {} : { world: options.world }),
    };
    daemon = await connection.request(
      'hello',
      params,
      options.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS,
    );
  } catch (e) {
    connection.close();
    if (e instanceof DaemonUnavailableError) throw e;
    throw new DaemonUnavailableError('the awsid daemon refused the handshake', { cause: e });
  }
  if (options.world !== undefined && daemon.world !== options.world) {
    connection.close();
    throw new DaemonConnectError(
      `the awsid daemon on '${socketPath}' serves another world (${String(daemon.world)}, not ${options.world})`,
      'untrusted',
    );
  }
  return {
    daemon,
    request: (method, params, opts = {}) =>
      connection.request(method, params, opts.timeoutMs, opts.onNotice),
    close: () => connection.close(),
  };
}

export type ProbeResult =
  | { state: 'running'; daemon: HelloResult }
  /** No socket file, or a file nobody listens on (stale, left by a killed daemon). */
  | { state: 'absent' | 'stale' }
  /** The directory or socket is not ours and private (or serves another world): not connected. */
  | { state: 'untrusted'; reason: string; fix: string | undefined }
  /** Something accepts but does not complete the handshake in time. */
  | { state: 'unresponsive' };

/** What is on the socket, without side effects. */
export async function probeDaemon(
  socketPath: string,
  options: ConnectOptions = {},
): Promise<ProbeResult> {
  try {
    const connection = await connectDaemon(socketPath, options);
    connection.close();
    return { state: 'running', daemon: connection.daemon };
  } catch (e) {
    if (e instanceof DaemonConnectError && e.reason === 'absent') return { state: 'absent' };
    if (e instanceof DaemonConnectError && e.reason === 'refused') return { state: 'stale' };
    if (e instanceof DaemonConnectError && e.reason === 'untrusted') {
      return { state: 'untrusted', reason: e.message, fix: e.hint };
    }
    return { state: 'unresponsive' };
  }
}

export interface RequestCredentialsOptions {
  autoLogin?: boolean;
  /** Default: 2 min, or 12 min with autoLogin (the daemon waits up to 10 min for a sign-in). */
  timeoutMs?: number;
  /** Hears where to approve the sign-in while an auto-login is waited on. */
  onNotice?: (notice: LoginNotice) => void;
}

/** getCredentials over an open connection; the daemon's own errors keep their class and hint. */
export async function requestCredentials(
  connection: DaemonConnection,
  ref: RoleRef,
  options: RequestCredentialsOptions = {},
): Promise<RoleCredentials> {
  const autoLogin = options.autoLogin === true;
  const params = {
    ssoSession: ref.ssoSession,
    accountId: ref.accountId,
    roleName: ref.roleName,
    ...(autoLogin ? { autoLogin } : {}),
  };
  const timeoutMs = options.timeoutMs ?? (autoLogin ? 12 : 2) * 60_000;
  const opts = { timeoutMs, onNotice: options.onNotice };
  const result: unknown = await connection.request('getCredentials', params, opts);
  if (!isCredentialsResult(result))
    throw new DaemonUnavailableError('the awsid daemon sent malformed credentials');
  return result;
}

export interface EnsureDaemonOptions {
  socketPath: string;
  /** Our build identity: a daemon answering with another one is asked to shut down and replaced. */
  version: string;
  /** Our world (world.ts); the socket path already names it, the daemon's hello must agree. */
  world: string;
  /**
   * Starts `awsid daemon run` detached (src/platform/spawn-detached.ts). Called at most once.
   * When it returns the process, a daemon that exits while starting ends the wait at once.
   */
  spawnDaemon: () => { exited(): boolean } | void;
  clock: Clock;
  /** Holds the spawn lock; default: the socket's directory (required for a Windows pipe). */
  runtimeDir?: string;
  connectTimeoutMs?: number;
  startTimeoutMs?: number;
  pollMs?: number;
  log?: (line: string) => void;
}

/**
 * Returns a connection to a daemon of our version, starting or restarting it once if needed.
 * Throws DaemonUnavailableError (with the reason as `cause`) when that fails; never anything else.
 */
export async function ensureDaemon(options: EnsureDaemonOptions): Promise<DaemonConnection> {
  const { socketPath, version, clock } = options;
  const log = options.log ?? (() => {});
  const connectOptions = {
    timeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    clientVersion: version,
    world: options.world,
  };
  // Someone else's directory or socket: say so (the caller works in-process), never connect.
  const untrusted = untrustedSocket(socketPath);
  if (untrusted) throw untrusted;
  const tryConnect = () =>
    connectDaemon(socketPath, connectOptions).catch((e: unknown) => {
      if (e instanceof DaemonConnectError && e.reason === 'untrusted') throw e;
      return undefined;
    });
  const pollMs = options.pollMs ?? 20;
  const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;

  const first = await tryConnect();
  if (first && first.daemon.version === version) return first;
  if (first) {
    log(
      `daemon pid ${first.daemon.pid} runs version ${first.daemon.version}, not ${version}: replacing it`,
    );
    await first
      .request('shutdown', {}, { timeoutMs: DEFAULT_HELLO_TIMEOUT_MS })
      .catch(() => undefined);
    first.close();
    // Wait for it to let go of the socket, or the new daemon would find it still there and refuse.
    const deadline = clock.now() + startTimeoutMs;
    while (
      clock.now() < deadline &&
      (await probeDaemon(socketPath, connectOptions)).state === 'running'
    ) {
      await clock.sleep(pollMs);
    }
  }

  const runtimeDir =
    options.runtimeDir ?? (isNamedPipe(socketPath) ? undefined : dirname(socketPath));
  let lockPath: string | undefined;
  if (runtimeDir !== undefined) {
    try {
      await ensureSocketDir(runtimeDir);
    } catch (e) {
      const hint = e instanceof AwsidError ? e.hint : undefined;
      throw new DaemonUnavailableError(`the awsid daemon cannot start: ${(e as Error).message}`, {
        cause: e,
        hint,
      });
    }
    lockPath = spawnLockPath(runtimeDir, options.world);
  }
  const outcome = await startAndWait({
    lockPath,
    launch: () => {
      log('starting the awsid daemon');
      return options.spawnDaemon();
    },
    attempt: tryConnect,
    now: () => clock.now(),
    sleep: (ms) => clock.sleep(ms),
    softMs: startTimeoutMs,
    hardMs: Math.max(startTimeoutMs, MAX_START_WAIT_MS),
    pollMs: { first: pollMs, max: pollMs },
  });
  if ('value' in outcome) {
    const connection = outcome.value;
    if (connection.daemon.version === version) return connection;
    connection.close();
    throw new DaemonUnavailableError(
      `the awsid daemon that started runs version ${connection.daemon.version}, not ${version}`,
    );
  }
  if (outcome.failed === 'exited') {
    throw new DaemonUnavailableError('the awsid daemon exited while starting', {
      hint: 'awsid daemon run   (shows why in the foreground)',
    });
  }
  throw new DaemonUnavailableError(`the awsid daemon did not start within ${outcome.waitedMs} ms`);
}

/**
 * Runs `fn` on a connection to a running daemon, or returns undefined when none answers or the
 * request fails. Never starts a daemon (for stop, status and post-login invalidation).
 */
export async function withRunningDaemon<T>(
  socketPath: string,
  fn: (connection: DaemonConnection) => Promise<T>,
  options: ConnectOptions = {},
): Promise<T | undefined> {
  let connection: DaemonConnection;
  try {
    connection = await connectDaemon(socketPath, options);
  } catch {
    return undefined;
  }
  try {
    return await fn(connection);
  } catch {
    return undefined;
  } finally {
    connection.close();
  }
}

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
