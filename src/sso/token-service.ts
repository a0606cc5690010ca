/**
 * The one function everything uses to get an access token: returns a valid token, refreshing it
 * with the refresh token when fewer than 15 minutes remain. Concurrent callers in one process share
 * one refresh; across processes the state store's lock (re-read under lock) makes the refresh
 * single-flight, so a rotated refresh token is never used twice.
 */
import type { Clock } from '../core/clock.js';
import { NotLoggedInError, ServiceError, type AwsidError } from '../core/errors.js';
import { awsidHint, loginHint } from '../core/hints.js';
import type { AccessToken } from '../core/model.js';
import type { AwsidState, SessionState } from '../store/state.js';
import type { StateStore } from '../store/state-store.js';
import { OidcError, type OidcApi } from './oidc-api.js';
import { TOKEN_REFRESH_WINDOW_MS } from './refresh-window.js';
import { refreshability } from './refreshability.js';

export interface TokenServiceDeps {
  store: StateStore;
  oidcFor(region: string): OidcApi;
  clock: Clock;
}

export interface GetTokenOptions {
  /** The caller saw this token refused (portal 401): refresh even if it looks valid. */
  forceRefresh?: boolean;
}

export interface TokenService {
  getAccessToken(sessionName: string, opts?: GetTokenOptions): Promise<AccessToken>;
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

async function refreshUnderLock(
  deps: TokenServiceDeps,
  state: AwsidState,
  name: string,
  staleToken: string | undefined,
): Promise<{ state: AwsidState; result: Outcome }> {
  const s = state.sessions[name];
  const t = s?.token;
  if (!s || !t) return { state, result: { error: notLoggedIn(name) } };
  const now = deps.clock.now();
  const fresh = t.expiresAt - now > TOKEN_REFRESH_WINDOW_MS;
  // Another process may have refreshed while we waited for the lock.
  if (fresh && (staleToken === undefined || t.accessToken !== staleToken)) {
    return { state, result: { ok: { accessToken: t.accessToken, expiresAt: t.expiresAt } } };
  }
  const can = refreshability(s, now);
  if (can.blocker !== undefined) {
    if (t.expiresAt > now && staleToken === undefined) {
      return { state, result: { ok: { accessToken: t.accessToken, expiresAt: t.expiresAt } } };
    }
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
    const grant = await deps.oidcFor(s.region).createToken({
      grant: 'refresh_token',
      clientId: can.registration.clientId,
      clientSecret: can.registration.clientSecret,
      refreshToken: can.refreshToken,
    });
    const at = deps.clock.now();
    const token = {
      ...t,
      accessToken: grant.accessToken,
      expiresAt: at + grant.expiresIn * 1000,
      refreshToken: grant.refreshToken ?? can.refreshToken,
      issuedAt: at,
      refreshedAt: at,
    };
    return {
      state: withSession(state, name, { ...s, token }),
      result: { ok: { accessToken: token.accessToken, expiresAt: token.expiresAt } },
    };
  } catch (e) {
    if (!(e instanceof OidcError)) throw e;
    if (FATAL.has(e.kind)) {
      const rest = withoutToken(s);
      if (e.kind === 'invalid_client') delete rest.registration;
      const next = rest;
      return {
        state: withSession(state, name, next),
        result: { error: sessionEnded(name, `refresh refused: ${e.errorName}`) },
      };
    }
    // Network trouble or a 5xx: keep using the current token while it lasts (both SDKs do; §4.6).
    if (t.expiresAt > now && staleToken === undefined) {
      return { state, result: { ok: { accessToken: t.accessToken, expiresAt: t.expiresAt } } };
    }
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
  const refresh = (name: string, staleToken: string | undefined): Promise<AccessToken> => {
    const running = inflight.get(name);
    if (running) return running;
    const p = deps.store
      .update((state) => refreshUnderLock(deps, state, name, staleToken))
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
      const t = state.sessions[name]?.token;
      if (!t) throw notLoggedIn(name);
      if (!opts.forceRefresh && t.expiresAt - deps.clock.now() > TOKEN_REFRESH_WINDOW_MS) {
        return { accessToken: t.accessToken, expiresAt: t.expiresAt };
      }
      return refresh(name, opts.forceRefresh ? t.accessToken : undefined);
    },
  };
}
