import { CorruptStateError } from '../core/errors.js';
import { loginHint } from '../core/hints.js';
import type { LoginFlow } from '../core/model.js';

/** The OIDC client registration for one sso-session (docs/protocol.md, "RegisterClient"). */
export interface Registration {
  clientId: string;
  clientSecret: string;
  /** ms since the epoch. */
  expiresAt: number;
  scopes: string[];
  issuedAt: number;
  /** The flow it was registered for (a PKCE registration cannot run the device flow); absent in
   * registrations stored before awsid had PKCE: device-code. */
  flow?: LoginFlow;
}

/** The SSO access token and, when granted, its refresh token. Times are ms since the epoch. */
export interface SessionToken {
  accessToken: string;
  expiresAt: number;
  refreshToken?: string;
  issuedAt: number;
  refreshedAt?: number;
  loginAt: number;
}

/** Everything secret about one sso-session, keyed by its name in AwsidState.sessions. */
export interface SessionState {
  startUrl: string;
  region: string;
  /**
   * The endpoints that issued the tokens (src/sso/issuer.ts); tokens are never sent elsewhere.
   * Absent in sessions stored before awsid recorded them: AWS's own endpoints.
   */
  oidcEndpoint?: string;
  portalEndpoint?: string;
  scopes: string[];
  registration?: Registration;
  token?: SessionToken;
}

/** The one sealed document. Bump `version` only with a migration. */
export interface AwsidState {
  version: 1;
  sessions: Record<string, SessionState>;
}

export function emptyState(): AwsidState {
  return { version: 1, sessions: {} };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStrs = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);
const optNum = (v: unknown): boolean => v === undefined || isNum(v);
const optStr = (v: unknown): boolean => v === undefined || isStr(v);

function registrationProblem(r: unknown): string | undefined {
  if (r === undefined) return undefined;
  if (!isObj(r)) return 'registration is not an object';
  if (!isStr(r.clientId) || !isStr(r.clientSecret))
    return 'registration lacks its client id/secret';
  if (!isNum(r.expiresAt) || !isNum(r.issuedAt)) return 'registration times are not numbers';
  if (!isStrs(r.scopes)) return 'registration scopes are not a list of strings';
  if (r.flow !== undefined && r.flow !== 'device-code' && r.flow !== 'pkce')
    return 'registration flow is unknown';
  return undefined;
}

function tokenProblem(t: unknown): string | undefined {
  if (t === undefined) return undefined;
  if (!isObj(t)) return 'token is not an object';
  if (!isStr(t.accessToken)) return 'token lacks its access token';
  if (t.refreshToken !== undefined && !isStr(t.refreshToken))
    return 'refresh token is not a string';
  if (!isNum(t.expiresAt) || !isNum(t.issuedAt) || !isNum(t.loginAt) || !optNum(t.refreshedAt)) {
    return 'token times are not numbers';
  }
  return undefined;
}

function sessionProblem(s: unknown): string | undefined {
  if (!isObj(s)) return 'it is not an object';
  if (!isStr(s.startUrl) || !isStr(s.region)) return 'it lacks its start URL or region';
  if (!isStrs(s.scopes)) return 'its scopes are not a list of strings';
  if (!optStr(s.oidcEndpoint) || !optStr(s.portalEndpoint)) return 'its endpoints are not strings';
  return registrationProblem(s.registration) ?? tokenProblem(s.token);
}

/**
 * Checks the shape of decrypted state. Unknown extra fields are kept (a newer awsid may add some).
 * `file` names the sealed file in the error; garbage never reaches the rest of awsid.
 */
export function validateState(value: unknown, file: string): AwsidState {
  if (!isObj(value) || value.version !== 1 || !isObj(value.sessions)) {
    throw new CorruptStateError(`${file} does not hold awsid state (unknown version or shape)`, {
      hint: 'awsid login',
    });
  }
  for (const [name, session] of Object.entries(value.sessions)) {
    const problem = sessionProblem(session);
    if (problem) {
      throw new CorruptStateError(`${file}: sso-session '${name}' is damaged: ${problem}`, {
        hint: loginHint(name),
      });
    }
  }
  return value as unknown as AwsidState;
}

/** For states produced by our own code: a bad one is a bug, reported before anything is written. */
export function checkedState(state: AwsidState): AwsidState {
  try {
    return validateState(state, 'the new state');
  } catch (e) {
    throw new Error(`awsid bug: update() produced invalid state: ${(e as Error).message}`);
  }
}
