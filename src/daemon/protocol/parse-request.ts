/** Checks an incoming request line before the server acts on it. */
import { isAbsolute } from 'node:path';

import { UsageError } from '../../core/errors.js';
import { DaemonUnavailableError } from '../errors.js';
import {
  type GetCredentialsParams,
  type InvalidateParams,
  type LoginEnvFacts,
  type Method,
  METHODS,
  type ProfileCredentialsParams,
  type ProfileStatusParams,
  PROTOCOL_VERSION,
  type RequestMessage,
  type UnlockParams,
} from './protocol.js';

export class MalformedRequestError extends UsageError {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value === '' || value.length > 256) {
    throw new UsageError(`the daemon request needs a non-empty '${name}'`);
  }
  return value;
}

/** Parses a line into a request; throws MalformedRequestError when no id can be answered. */
export function parseRequest(line: string): RequestMessage {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new MalformedRequestError('the daemon received a line that is not JSON');
  }
  if (!isRecord(value) || typeof value.id !== 'number' || typeof value.method !== 'string') {
    throw new MalformedRequestError('the daemon received a request without id or method');
  }
  if (!(METHODS as readonly string[]).includes(value.method)) {
    throw new UsageError(`the daemon has no method '${value.method}'`);
  }
  const method = value.method as Method;
  // hello and shutdown work across protocol versions, so an old daemon can always be replaced.
  if (value.v !== PROTOCOL_VERSION && method !== 'hello' && method !== 'shutdown') {
    throw new DaemonUnavailableError(
      `the awsid daemon speaks protocol ${PROTOCOL_VERSION}, not ${String(value.v)}`,
    );
  }
  const params = value.params === undefined ? {} : value.params;
  if (!isRecord(params)) throw new UsageError('the daemon request params must be an object');
  return { v: PROTOCOL_VERSION, id: value.id, method, params };
}

/** `{profile}` or the three names, never both; `autoLogin` with either. */
export function checkGetCredentialsParams(
  params: Record<string, unknown>,
): GetCredentialsParams | ProfileCredentialsParams {
  const checked: GetCredentialsParams | ProfileCredentialsParams =
    params.profile === undefined
      ? {
          ssoSession: requireString(params, 'ssoSession'),
          accountId: requireString(params, 'accountId'),
          roleName: requireString(params, 'roleName'),
        }
      : { profile: requireString(params, 'profile') };
  if ('profile' in checked && ['ssoSession', 'accountId', 'roleName'].some((k) => k in params)) {
    throw new UsageError(`the daemon request has both 'profile' and a role`);
  }
  if (params.autoLogin !== undefined) {
    if (typeof params.autoLogin !== 'boolean')
      throw new UsageError(`'autoLogin' must be a boolean`);
    checked.autoLogin = params.autoLogin;
  }
  if (params.loginEnv !== undefined) checked.loginEnv = checkLoginEnv(params.loginEnv);
  return checked;
}

const LOGIN_ENV_KEYS = ['ssh', 'display', 'browserVar', 'container', 'canOpen'] as const;

function checkLoginEnv(value: unknown): LoginEnvFacts {
  const ok =
    isRecord(value) &&
    Object.keys(value).length === LOGIN_ENV_KEYS.length &&
    LOGIN_ENV_KEYS.every((k) => typeof value[k] === 'boolean');
  if (!ok) throw new UsageError(`'loginEnv' must have the booleans ${LOGIN_ENV_KEYS.join(', ')}`);
  const v = value as Record<string, boolean>;
  return {
    ssh: v.ssh!,
    display: v.display!,
    browserVar: v.browserVar!,
    container: v.container!,
    canOpen: v.canOpen!,
  };
}

export function checkProfileStatusParams(params: Record<string, unknown>): ProfileStatusParams {
  return { profile: requireString(params, 'profile') };
}

export function checkInvalidateParams(params: Record<string, unknown>): InvalidateParams {
  return params.ssoSession === undefined ? {} : { ssoSession: requireString(params, 'ssoSession') };
}

/** Canonical base64 only: what Buffer.toString('base64') writes, re-encoding to the same text. */
function requireBase64(params: Record<string, unknown>, name: string, bytes?: number): string {
  const value = params[name];
  const ok =
    typeof value === 'string' &&
    value.length <= 1024 &&
    /^[A-Za-z0-9+/]+={0,2}$/.test(value) &&
    Buffer.from(value, 'base64').toString('base64') === value &&
    (bytes === undefined || Buffer.from(value, 'base64').length === bytes);
  if (!ok) {
    throw new UsageError(
      `the daemon request needs '${name}' as base64${bytes === undefined ? '' : ` of ${bytes} bytes`}`,
    );
  }
  return value;
}

/** The 32-byte data key (AES-256), its salt, and the absolute path of the file it opens. */
export function checkUnlockParams(params: Record<string, unknown>): UnlockParams {
  const stateFile = params.stateFile;
  if (
    typeof stateFile !== 'string' ||
    !isAbsolute(stateFile) ||
    stateFile.length > 4096 ||
    stateFile.includes('\0')
  ) {
    throw new UsageError(`the daemon request needs 'stateFile' as an absolute path`);
  }
  return {
    key: requireBase64(params, 'key', 32),
    salt: requireBase64(params, 'salt'),
    stateFile,
  };
}
