/**
 * Role credentials for the daemon and the in-process fallback (no sockets here, so it can be
 * tested with a fake clock; src/daemon/server/ puts it behind the socket):
 * - role-cache.ts: served with at least 15 minutes left, refreshed ahead in the background;
 * - flights.ts: one upstream fetch per role and one token per session for any number of
 *   concurrent callers, each waiting a bounded time;
 * - here: the 401 rule (refresh once, retry once) around the 429 rule (full-jitter backoff);
 * - auto-login.ts: one device flow for all waiting callers, each told where to approve it.
 */
import type { Clock } from '../core/clock.js';
import { AwsidError, NotLoggedInError, ServiceError } from '../core/errors.js';
import { loginHint } from '../core/hints.js';
import type { AccessToken, RoleCredentials, RoleRef } from '../core/model.js';
import { PortalUnauthorizedError, ThrottledError } from '../sso/portal-errors.js';
import { createAutoLogin } from './auto-login.js';
import { type BackoffPolicy, DEFAULT_THROTTLE_BACKOFF, fullJitterDelay } from '../core/backoff.js';
import { createRoleFlights, createTokenFlights, type FlightLimitFor } from './flights.js';
import { type CachedRoleStatus, RoleCache } from './role-cache.js';

export { MAX_TIMER_MS } from './role-cache.js';
export type { CachedRoleStatus } from './role-cache.js';

const MINUTE = 60_000;
/** The longest a caller waits on a shared fetch when the caller sets none (docs/errors.md). */
const DEFAULT_WAIT_MS = 30_000;

/** The service was closed (the daemon is stopping): the daemon's client works in-process. */
export class CredentialServiceClosedError extends AwsidError {}

/** A shared fetch took longer than its limit; names the endpoint it waited on (host only). */
export class NoAnswerError extends ServiceError {}
import type { LoginEnvironment } from '../platform/login-environment.js';

/** The caller's environment facts an auto-login's flow choice reads (sent by the caller). */
export type LoginEnvFacts = LoginEnvironment;

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

/** Where the person approves a sign-in that a request waits on (auto-login); sent to callers. */
export interface LoginNotice {
  ssoSession: string;
  /**
   * Device code: Identity Center's verification page, with the code filled in when it gives such
   * a link. Browser sign-in (PKCE): awsid's one-shot start page on 127.0.0.1.
   */
  verificationUri: string;
  /** Device code only: the code to confirm. */
  userCode?: string;
  /** Browser sign-in only: whether the daemon opened a browser on the page. */
  browserOpened?: boolean;
  /** How much longer the request keeps waiting, in seconds. */
  waitSec: number;
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
  /** The longest a caller waits on a token or role fetch (src/sso/http-deadline.ts). Default 30 s. */
  waitMs?: number | undefined;
  /** The host a session's token (`token`) or role (`role`) fetch talks to, for the timeout error. */
  endpointOf?: ((ssoSession: string, stage: 'token' | 'role') => Promise<string>) | undefined;
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

export interface CredentialServiceStatus {
  cached: CachedRoleStatus[];
  inFlight: number;
  loginsInProgress: string[];
}

export interface CredentialService {
  getCredentials(request: CredentialRequest): Promise<RoleCredentials>;
  /** Drops cached credentials (one session, or all) and any flight in progress, e.g. after logout. */
  invalidate(ssoSession?: string): void;
  /** What is cached, without key material. */
  status(): CredentialServiceStatus;
  /** Cancels background refreshes and sleeps; later requests fail with CredentialServiceClosedError. */
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

interface RetryContext {
  backoff: BackoffPolicy;
  clock: Clock;
  random: () => number;
  /** Aborts the waits (the service is closing). */
  signal: AbortSignal;
  log: (line: string) => void;
}

/**
 * The 429 rule: retries on ThrottledError with full-jitter backoff (backoff.ts). One caller's
 * budget is `backoff.maxAttempts` calls in all, counted across every call made through the
 * returned function, so a token refresh in between does not grant a fresh set. Keeping the
 * throttling state per caller, never process-wide, is deliberate: one busy session must not slow
 * down another (the SDK's global throttle is the counter-example).
 */
function throttleRetrier(c: RetryContext): <T>(call: () => Promise<T>, what: string) => Promise<T> {
  let retry = 0;
  return async (call, what) => {
    for (;;) {
      try {
        return await call();
      } catch (e) {
        if (!(e instanceof ThrottledError) || retry + 1 >= c.backoff.maxAttempts) throw e;
        const delay = fullJitterDelay(retry, c.backoff, c.random);
        retry += 1;
        c.log(`portal throttled ${what}; retry ${retry} in ${delay} ms`);
        await c.clock.sleep(delay, c.signal);
      }
    }
  };
}

/**
 * The 401 rule: a portal 401 for a token we believed valid means it was revoked or expired early.
 * Refresh the token once and call once more; a second 401 means the session is gone, and the
 * caller is told to log in (aws-vault drops a refused cached token and retries exactly once).
 */
async function withTokenRetry<T>(
  ssoSession: string,
  call: (token: SessionAccessToken) => Promise<T>,
  token: (forceRefresh: boolean) => Promise<SessionAccessToken>,
  log: (line: string) => void,
): Promise<T> {
  try {
    return await call(await token(false));
  } catch (e) {
    if (!(e instanceof PortalUnauthorizedError)) throw e;
    log(`portal answered 401 for session '${ssoSession}'; refreshing the token once`);
  }
  const refreshed = await token(true);
  try {
    return await call(refreshed);
  } catch (e) {
    if (!(e instanceof PortalUnauthorizedError)) throw e;
    throw new NotLoggedInError(
      `the Identity Center session '${ssoSession}' was refused by the portal even after a token refresh`,
      { hint: loginHint(ssoSession), cause: e },
    );
  }
}

/** The wait limit of every flight: the caller's deadline and an error naming the endpoint. */
function flightLimits(deps: CredentialServiceDeps): FlightLimitFor {
  const ms = deps.waitMs ?? DEFAULT_WAIT_MS;
  return (ssoSession, stage) => ({
    ms,
    clock: deps.clock,
    error: async () => {
      const host =
        (await deps.endpointOf?.(ssoSession, stage).catch(() => undefined)) ?? 'Identity Center';
      const what = stage === 'token' ? 'an access token' : 'role credentials';
      return new NoAnswerError(
        `no answer from ${host} within ${Math.round(ms / 1000)} s for ${what} of sso-session '${ssoSession}'`,
        { hint: 'awsid doctor' },
      );
    },
  });
}

export function createCredentialService(deps: CredentialServiceDeps): CredentialService {
  const { clock } = deps;
  const random = deps.random ?? Math.random;
  const log = deps.log ?? (() => {});
  const minValidityMs = deps.minValidityMs ?? 15 * MINUTE;
  const lifetime = new AbortController();
  const closedError = () => new CredentialServiceClosedError('the awsid daemon is shutting down');
  const retry: RetryContext = {
    backoff: deps.throttleBackoff ?? DEFAULT_THROTTLE_BACKOFF,
    clock,
    random,
    signal: lifetime.signal,
    log,
  };
  let closed = false;

  const limits = flightLimits(deps);
  const tokens = createTokenFlights((s, o) => deps.getAccessToken(s, o), limits);
  /** One GetRoleCredentials under the 401 rule around the 429 rule, checked before it is kept. */
  const fetchRole = async (ref: RoleRef): Promise<RoleCredentials> => {
    const { ssoSession, accountId, roleName } = ref;
    const retryThrottled = throttleRetrier(retry);
    const creds = await withTokenRetry(
      ssoSession,
      (token) =>
        retryThrottled(
          () =>
            deps.fetchRoleCredentials(
              ssoSession,
              token.accessToken,
              accountId,
              roleName,
              token.region,
            ),
          `role '${roleName}' in '${accountId}'`,
        ),
      (force) => tokens.get(ssoSession, force),
      log,
    );
    return checkCredentials(creds, ref);
  };
  const flights = createRoleFlights(
    fetchRole,
    (ref, creds, background) => cache.put(ref, creds, !background),
    limits,
  );
  const cache = new RoleCache({
    clock,
    random,
    log,
    minValidityMs,
    refreshAheadMs: deps.refreshAheadMs ?? minValidityMs + 5 * MINUTE,
    refreshJitterMs: deps.refreshJitterMs ?? 5 * MINUTE,
    refetch: (ref) => flights.fetch(ref, true),
  });
  const autoLogin =
    deps.login &&
    createAutoLogin({
      login: deps.login,
      clock,
      log,
      timeoutMs: deps.autoLoginTimeoutMs ?? 10 * MINUTE,
    });

  function getOnce(ref: RoleRef): Promise<RoleCredentials> {
    if (closed) throw closedError();
    const cached = cache.take(ref);
    return cached ? Promise.resolve(cached) : flights.fetch(ref, false);
  }

  return {
    async getCredentials(request) {
      const { ssoSession, accountId, roleName } = request;
      const ref: RoleRef = { ssoSession, accountId, roleName };
      let creds: RoleCredentials;
      try {
        creds = await getOnce(ref);
      } catch (e) {
        // Without --auto-login every caller fails fast and nothing opens a browser.
        if (!(e instanceof NotLoggedInError) || request.autoLogin !== true || !autoLogin) throw e;
        await autoLogin.wait(ref.ssoSession, request.onLoginNotice, request.loginEnv);
        creds = await getOnce(ref);
      }
      deps.usage?.record(ref);
      return creds;
    },

    invalidate(ssoSession) {
      flights.invalidate(ssoSession);
      cache.drop(ssoSession);
      tokens.invalidate(ssoSession);
    },

    status() {
      return {
        cached: cache.status(),
        inFlight: flights.size,
        loginsInProgress: autoLogin?.inProgress() ?? [],
      };
    },

    close() {
      if (closed) return;
      closed = true;
      lifetime.abort(closedError());
      cache.close();
      flights.clear();
      tokens.clear();
    },
  };
}
