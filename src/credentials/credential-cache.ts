/**
 * Role credentials for the daemon, assembled from named parts (no sockets here, so it can be
 * tested with a fake clock; server.ts puts it behind the socket):
 * - role-cache.ts: served with at least 15 minutes left, refreshed ahead in the background;
 * - role-flights.ts: one upstream fetch per role for any number of concurrent callers;
 * - throttle-retry.ts: full-jitter backoff on the portal's 429;
 * - token-flights.ts, token-retry.ts: one token per session, and on a 401 refresh once, retry once;
 * - auto-login.ts: one device flow for all waiting callers, each told where to approve it.
 */
import { NotLoggedInError } from '../core/errors.js';
import type { RoleCredentials, RoleRef } from '../core/model.js';
import { createAutoLogin } from './auto-login.js';
import { DEFAULT_THROTTLE_BACKOFF } from './backoff.js';
import {
  checkCredentials,
  type CredentialService,
  type CredentialServiceDeps,
} from './credential-service.js';
import { DaemonUnavailableError } from '../daemon/errors.js';
import { RoleCache } from './role-cache.js';
import { createRoleFlights } from './role-flights.js';
import { throttleRetrier } from './throttle-retry.js';
import { createTokenFlights, type TokenFlights } from './token-flights.js';
import { withTokenRetry } from './token-retry.js';

export type {
  CredentialRequest,
  CredentialService,
  CredentialServiceDeps,
} from './credential-service.js';
export { MAX_TIMER_MS } from './role-cache.js';

const MINUTE = 60_000;

/** One GetRoleCredentials under the 401 rule around the 429 rule, checked before it is kept. */
function roleFetcher(
  deps: CredentialServiceDeps,
  tokens: TokenFlights,
  signal: AbortSignal,
): (ref: RoleRef) => Promise<RoleCredentials> {
  const { clock } = deps;
  const random = deps.random ?? Math.random;
  const log = deps.log ?? (() => {});
  const backoff = deps.throttleBackoff ?? DEFAULT_THROTTLE_BACKOFF;
  return async (ref) => {
    const { ssoSession, accountId, roleName } = ref;
    const retryThrottled = throttleRetrier({ backoff, clock, random, log, signal });
    const what = `role '${roleName}' in '${accountId}'`;
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
          what,
        ),
      { token: (force) => tokens.get(ssoSession, force), log },
    );
    return checkCredentials(creds, ref);
  };
}

export function createCredentialService(deps: CredentialServiceDeps): CredentialService {
  const { clock } = deps;
  const random = deps.random ?? Math.random;
  const log = deps.log ?? (() => {});
  const minValidityMs = deps.minValidityMs ?? 15 * MINUTE;
  const lifetime = new AbortController();
  let closed = false;

  const tokens = createTokenFlights((s, o) => deps.getAccessToken(s, o));
  const flights = createRoleFlights(
    roleFetcher(deps, tokens, lifetime.signal),
    (ref, creds, background) => cache.put(ref, creds, !background),
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
    if (closed) throw new DaemonUnavailableError('the awsid daemon is shutting down');
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
      lifetime.abort(new DaemonUnavailableError('the awsid daemon is shutting down'));
      cache.close();
      flights.clear();
      tokens.clear();
    },
  };
}
