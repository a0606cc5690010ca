/**
 * The full client (slow path and `awsid daemon start|stop|status`): connect with a short bound,
 * handshake (build and world), probe, ask for credentials; starting or replacing a daemon is in
 * ensure-daemon.ts (after mantoni/eslint_d.js lib/launcher.js and lib/forwarder.js). Every failure
 * is a DaemonUnavailableError, so callers fall back to doing the work in-process (docs/errors.md).
 */
import type { RoleCredentials, RoleRef } from '../../core/model.js';
import { CONNECT_TIMEOUT_MS, Connection, DaemonConnectError, openSocket } from './connection.js';
import { fromWireError } from '../protocol/wire-errors.js';
import { DaemonUnavailableError } from '../errors.js';
import {
  type HelloResult,
  type LoginEnvFacts,
  type LoginNotice,
  isCredentialsResult,
  type Method,
  type ParamsOf,
  type ResultOf,
} from '../protocol/protocol.js';

/** A local accept takes well under a millisecond; anything slower is a daemon in trouble. */
/** The fast client's bound (fast-exchange.ts says why it is not shorter). */
export const DEFAULT_CONNECT_TIMEOUT_MS = CONNECT_TIMEOUT_MS;
export const DEFAULT_HELLO_TIMEOUT_MS = 1_000;

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
  const connection = new Connection(socket, fromWireError);
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
  /** With autoLogin: the caller's environment, which picks the login flow. */
  loginEnv?: LoginEnvFacts;
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
    ...(autoLogin && options.loginEnv ? { loginEnv: options.loginEnv } : {}),
  };
  const timeoutMs = options.timeoutMs ?? (autoLogin ? 12 : 2) * 60_000;
  const opts = { timeoutMs, onNotice: options.onNotice };
  const result: unknown = await connection.request('getCredentials', params, opts);
  if (!isCredentialsResult(result))
    throw new DaemonUnavailableError('the awsid daemon sent malformed credentials');
  return result;
}
