/** The CredentialService contract (assembled in credential-cache.ts) and its checks. */
import type { Clock } from '../core/clock.js';
import { ServiceError } from '../core/errors.js';
import type { AccessToken, RoleCredentials, RoleRef } from '../core/model.js';
import type { BackoffPolicy } from './backoff.js';
import type {
  CredentialServiceStatus,
  LoginEnvFacts,
  LoginNotice,
} from '../daemon/protocol/protocol.js';

/** An access token and, when its source knows it, the session's Identity Center region. */
export type SessionAccessToken = AccessToken & { region?: string | undefined };

/** Where the person approves a sign-in (never a token): a device code, or a browser page. */
export interface LoginCode {
  /** Device: the verification page (code filled in when Identity Center gives such a link).
   * Browser (PKCE): awsid's one-shot start page on 127.0.0.1. */
  verificationUri: string;
  /** Device flow only. */
  userCode?: string;
  /** Browser sign-in only: whether a browser was opened on the page. */
  browserOpened?: boolean;
  /** Epoch ms when the code (or the wait for the browser) expires. */
  expiresAt: number;
}

/**
 * Runs one login for a session, calling `showCode` once there is something to approve; `where`
 * is the environment of the caller that started it (it picks the flow), when it sent one.
 */
export type LoginFn = (
  ssoSession: string,
  showCode: (code: LoginCode) => void,
  where?: LoginEnvFacts,
) => Promise<void>;

export interface CredentialServiceDeps {
  /** Refreshes with the refresh token when needed; throws NotLoggedInError when the session ended. */
  getAccessToken(ssoSession: string, opts: { forceRefresh?: boolean }): Promise<SessionAccessToken>;
  /**
   * Throws PortalUnauthorizedError (401), ThrottledError (429), RoleNotAssignedError (403/404).
   * `region` is the token's, when getAccessToken gave one.
   */
  fetchRoleCredentials(
    ssoSession: string,
    accessToken: string,
    accountId: string,
    roleName: string,
    region?: string,
  ): Promise<RoleCredentials>;
  /** Runs one device flow (auto-login); absent when logging in is not possible here. */
  login?: LoginFn | undefined;
  clock: Clock;
  random?: (() => number) | undefined;
  log?: ((line: string) => void) | undefined;
  /** Serve credentials with at least this much left when the role allows it. Default 15 min. */
  minValidityMs?: number | undefined;
  /**
   * How long callers wait for an auto-login. Default 10 min, a device code's life
   * (docs/protocol.md, "Lifetimes").
   */
  autoLoginTimeoutMs?: number | undefined;
  /** Refresh in the background this long before expiry. Default minValidityMs + 5 min. */
  refreshAheadMs?: number | undefined;
  /** Up to this much earlier still, at random, so many roles do not refresh at once. Default 5 min. */
  refreshJitterMs?: number | undefined;
  throttleBackoff?: BackoffPolicy | undefined;
  /** Told of every request served (src/access/usage-recorder.ts); must be cheap and not throw. */
  usage?: { record(ref: RoleRef): void } | undefined;
}

export interface CredentialRequest extends RoleRef {
  autoLogin?: boolean | undefined;
  /** The caller's environment, for the login flow choice of an auto-login it starts. */
  loginEnv?: LoginEnvFacts | undefined;
  /** Told where to approve when this request waits on an auto-login; never given a token. */
  onLoginNotice?: ((notice: LoginNotice) => void) | undefined;
}

export interface CredentialService {
  getCredentials(request: CredentialRequest): Promise<RoleCredentials>;
  /** Drops cached credentials (one session, or all) and any flight in progress, e.g. after logout. */
  invalidate(ssoSession?: string): void;
  /** What is cached, without key material. */
  status(): CredentialServiceStatus;
  /** Cancels background refreshes and sleeps; later requests fail with DaemonUnavailableError. */
  close(): void;
}

export function checkCredentials(creds: RoleCredentials, ref: RoleRef): RoleCredentials {
  const ok =
    typeof creds.accessKeyId === 'string' &&
    creds.accessKeyId !== '' &&
    typeof creds.secretAccessKey === 'string' &&
    creds.secretAccessKey !== '' &&
    typeof creds.sessionToken === 'string' &&
    Number.isFinite(creds.expiration);
  if (!ok) {
    throw new ServiceError(
      `the portal returned incomplete credentials for role '${ref.roleName}' in account '${ref.accountId}'`,
    );
  }
  return creds;
}
