/**
 * The one function everything uses to get an access token: returns a valid token, refreshing it
 * with the refresh token when fewer than 15 minutes remain. Concurrent callers in one process share
 * one refresh; across processes the state store's lock (re-read under lock) makes the refresh
 * single-flight, and the lock's fence is checked right before the refresh token is sent, so a
 * holder that lost the lock while paused sends nothing and a rotated refresh token is never used
 * twice.
 */
import type { Clock } from '../core/clock.js';
import { NotLoggedInError, ServiceError, type AwsidError } from '../core/errors.js';
import { awsidHint, loginHint } from '../core/hints.js';
import type { AccessToken } from '../core/model.js';
import type { AwsidState, SessionState, SessionToken } from '../store/state.js';
import type { StateStore, UpdateFence } from '../store/state-store.js';
import { OidcError, type OidcApi } from './oidc-api.js';
import { notLoggedInHere, sameIssuer, storedIssuer, type Issuer } from './issuer.js';
import { TOKEN_REFRESH_WINDOW_MS } from './refresh-window.js';
import { refreshability } from './refreshability.js';

export interface TokenServiceDeps {
  store: StateStore;
  oidcFor(region: string): OidcApi;
  clock: Clock;
  /**
   * The issuer this world's config and endpoint variables name for a session (issuer.ts): a
   * stored session from any other issuer is "not logged in here", and its tokens stay unsent.
   */
  issuerFor(sessionName: string): Promise<Issuer>;
}

export interface GetTokenOptions {
  /** The caller saw this token refused (portal 401): refresh even if it looks valid. */
  forceRefresh?: boolean;
}

/** A token and its session's Identity Center region, so a caller need not read the store again. */
export interface RegionalToken extends AccessToken {
  region: string;
}

export interface TokenService {
  getAccessToken(sessionName: string, opts?: GetTokenOptions): Promise<RegionalToken>;
}

export function notLoggedIn(name: string): NotLoggedInError {
  return new NotLoggedInError(`sso-session '${name}' is not logged in`, {
    hint: loginHint(name),
  });
}

export function sessionEnded(name: string, why: string): NotLoggedInError {
  return new NotLoggedInError(
    `the Identity Center session for sso-session '${name}' has ended (${why})`,
    {
      hint: loginHint(name),
    },
  );
}

type Outcome = { ok: AccessToken } | { error: AwsidError };

function withSession(state: AwsidState, name: string, s: SessionState | undefined): AwsidState {
  const sessions = { ...state.sessions };
  if (s) sessions[name] = s;
  else delete sessions[name];
  return { ...state, sessions };
}

function withoutToken(s: SessionState): SessionState {
  const copy = { ...s };
  delete copy.token;
  return copy;
}

/** Modeled answers that mean the refresh token (or its client) will never work again. */
const FATAL = new Set(['invalid_grant', 'invalid_client', 'expired_token', 'access_denied']);

type Step = { state: AwsidState; result: Outcome };

/**
 * What one refresh call already learned from Identity Center. The store may run the update again
 * (fenced out: another process took the lock while this one was paused), and a rotated refresh
 * token must never be sent twice: a grant is reused, a refusal is remembered.
 */
interface Spent {
  refreshToken: string;
  grant?: Omit<SessionToken, 'loginAt'>;
  refused?: OidcError;
}

function ok(t: SessionToken): Outcome {
  return { ok: { accessToken: t.accessToken, expiresAt: t.expiresAt } };
}

function refused(state: AwsidState, name: string, s: SessionState, e: OidcError): Step {
  const rest = withoutToken(s);
  if (e.kind === 'invalid_client') delete rest.registration;
  return {
    state: withSession(state, name, rest),
    result: { error: sessionEnded(name, `refresh refused: ${e.errorName}`) },
  };
}

async function grantOrRefusal(
  deps: TokenServiceDeps,
  s: SessionState,
  reg: NonNullable<SessionState['registration']>,
  refreshToken: string,
): Promise<Spent> {
  try {
    const grant = await deps.oidcFor(s.region).createToken({
      grant: 'refresh_token',
      clientId: reg.clientId,
      clientSecret: reg.clientSecret,
      refreshToken,
    });
    const at = deps.clock.now();
    const token = {
      accessToken: grant.accessToken,
      expiresAt: at + grant.expiresIn * 1000,
      refreshToken: grant.refreshToken ?? refreshToken,
      issuedAt: at,
      refreshedAt: at,
    };
    return { refreshToken, grant: token };
  } catch (e) {
    if (e instanceof OidcError && FATAL.has(e.kind)) return { refreshToken, refused: e };
    throw e;
  }
}

/**
 * Runs inside StateStore.update on the state re-read under the lock, which decides: a token
 * another process refreshed meanwhile is used as is, and a refusal removes only the token that
 * was refused (the store writes only if the file is still the one this ran on).
 */
async function refreshUnderLock(
  deps: TokenServiceDeps,
  state: AwsidState,
  name: string,
  staleToken: string | undefined,
  memo: { spent?: Spent },
  here: Issuer,
  fence: UpdateFence,
): Promise<Step> {
  const s = state.sessions[name];
  const t = s?.token;
  if (!s || !t) return { state, result: { error: notLoggedIn(name) } };
  // Re-checked under the lock: a login in another world may have replaced the session meanwhile.
  const stored = storedIssuer(s);
  if (!sameIssuer(stored, here)) {
    return { state, result: { error: notLoggedInHere(name, stored, here) } };
  }
  const now = deps.clock.now();
  const fresh = t.expiresAt - now > TOKEN_REFRESH_WINDOW_MS;
  // Another process may have refreshed while we waited for the lock.
  if (fresh && (staleToken === undefined || t.accessToken !== staleToken)) {
    return { state, result: ok(t) };
  }
  const can = refreshability(s, now);
  if (can.blocker !== undefined) {
    if (t.expiresAt > now && staleToken === undefined) return { state, result: ok(t) };
    const why =
      can.blocker === 'no-refresh-token'
        ? 'the token expired and cannot be refreshed'
        : 'the client registration expired';
    return {
      state: withSession(state, name, withoutToken(s)),
      result: { error: sessionEnded(name, why) },
    };
  }
  try {
    if (memo.spent?.refreshToken !== can.refreshToken) {
      // A holder paused past the lock's stale limit may have lost the lock, and another process
      // may already have rotated this refresh token: check right before sending it, so a lost
      // fence sends nothing and this update starts over on the fresh state.
      await fence.check();
      memo.spent = await grantOrRefusal(deps, s, can.registration, can.refreshToken);
    }
    const { grant, refused: no } = memo.spent;
    if (no) return refused(state, name, s, no);
    const token = { ...t, ...grant! };
    return { state: withSession(state, name, { ...s, token }), result: ok(token) };
  } catch (e) {
    if (!(e instanceof OidcError)) throw e;
    // Network trouble or a 5xx: keep using the current token while it lasts (both SDKs do;
    // docs/protocol.md, "Refresh rules").
    if (t.expiresAt > now && staleToken === undefined) return { state, result: ok(t) };
    return {
      state,
      result: {
        error: new ServiceError(`cannot refresh the token of sso-session '${name}': ${e.message}`, {
          hint: awsidHint('doctor', '--sso-session', name),
          cause: e,
        }),
      },
    };
  }
}

export function createTokenService(deps: TokenServiceDeps): TokenService {
  const inflight = new Map<string, Promise<AccessToken>>();
  const refresh = (
    name: string,
    staleToken: string | undefined,
    here: Issuer,
  ): Promise<AccessToken> => {
    const running = inflight.get(name);
    if (running) return running;
    const memo = {};
    const p = deps.store
      .update((state, fence) => refreshUnderLock(deps, state, name, staleToken, memo, here, fence))
      .then((outcome) => {
        if ('error' in outcome) throw outcome.error;
        return outcome.ok;
      })
      .finally(() => inflight.delete(name));
    inflight.set(name, p);
    return p;
  };
  return {
    async getAccessToken(name, opts = {}) {
      const state = await deps.store.read();
      const s = state.sessions[name];
      const t = s?.token;
      if (!s || !t) throw notLoggedIn(name);
      const here = await deps.issuerFor(name);
      const stored = storedIssuer(s);
      if (!sameIssuer(stored, here)) throw notLoggedInHere(name, stored, here);
      if (!opts.forceRefresh && t.expiresAt - deps.clock.now() > TOKEN_REFRESH_WINDOW_MS) {
        return { accessToken: t.accessToken, expiresAt: t.expiresAt, region: s.region };
      }
      const fresh = await refresh(name, opts.forceRefresh ? t.accessToken : undefined, here);
      return { ...fresh, region: s.region };
    },
  };
}
