/**
 * The full CLI's face of the one client core (connection.ts): the same connect, `hello`, probe and
 * request as the bundled fast client, with the daemon's errors rebuilt as their classes
 * (wire-errors.ts, which the bundle must not load), and getCredentials with its answer checked.
 * Starting a daemon is in ensure-daemon.ts. Every failure to reach the daemon is a
 * DaemonUnavailableError, so callers fall back to doing the work in-process (docs/errors.md).
 */
import type { RoleCredentials, RoleRef } from '../../core/model.js';
import {
  type ConnectOptions,
  connectDaemon as connectCore,
  type DaemonConnection,
} from './connection.js';
import { fromWireError } from '../protocol/wire-errors.js';
import { DaemonUnavailableError } from '../errors.js';
import { type LoginEnvFacts, type LoginNotice, isCredentialsResult } from '../protocol/protocol.js';

export {
  type ConnectOptions,
  type DaemonConnection,
  DEFAULT_HELLO_TIMEOUT_MS,
  type ProbeResult,
  probeDaemon,
} from './connection.js';

/** Connects and says hello; the daemon's errors come back as their own classes, with hints. */
export function connectDaemon(
  socketPath: string,
  options: Omit<ConnectOptions, 'rebuild'> = {},
): Promise<DaemonConnection> {
  return connectCore(socketPath, { ...options, rebuild: fromWireError });
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
