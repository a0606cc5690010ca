/**
 * Role credentials for the daemon: cached per (session, account, role), one upstream call for any
 * number of concurrent callers, refreshed ahead of expiry (issue #3 §3). No sockets here, so it can
 * be tested with a fake clock; server.ts puts it behind the socket.
 */
import { LoginTimeoutError, NotLoggedInError } from '../core/errors.js';
import { loginHint } from '../core/hints.js';
import type { AccessToken, RoleCredentials, RoleRef } from '../core/model.js';
import { PortalUnauthorizedError, ThrottledError } from '../sso/portal-errors.js';
import { DEFAULT_THROTTLE_BACKOFF, fullJitterDelay } from './backoff.js';
import {
  checkCredentials,
  type CredentialService,
  type CredentialServiceDeps,
} from './credential-service.js';
import { DaemonUnavailableError } from './errors.js';
import type { CachedRoleStatus } from './protocol.js';
import { shareFlight } from './single-flight.js';

export type {
  CredentialRequest,
  CredentialService,
  CredentialServiceDeps,
} from './credential-service.js';

const MINUTE = 60_000;
/** The longest delay setTimeout honours. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

interface Entry {
  ref: RoleRef;
  creds: RoleCredentials;
  fetchedAt: number;
  /** Requests served from this fetch (the one that caused it included); 0 means unused. */
  uses: number;
  refreshAt: number | undefined;
  refreshAbort: AbortController | undefined;
}

function keyOf(ref: RoleRef): string {
  return JSON.stringify([ref.ssoSession, ref.accountId, ref.roleName]);
}

export function createCredentialService(deps: CredentialServiceDeps): CredentialService {
  const { clock } = deps;
  const random = deps.random ?? Math.random;
  const log = deps.log ?? (() => {});
  const minValidityMs = deps.minValidityMs ?? 15 * MINUTE;
  const autoLoginTimeoutMs = deps.autoLoginTimeoutMs ?? 10 * MINUTE;
  const refreshAheadMs = deps.refreshAheadMs ?? minValidityMs + 5 * MINUTE;
  const refreshJitterMs = deps.refreshJitterMs ?? 5 * MINUTE;
  const backoff = deps.throttleBackoff ?? DEFAULT_THROTTLE_BACKOFF;

  const entries = new Map<string, Entry>();
  const roleFlights = new Map<string, Promise<RoleCredentials>>();
  const tokenFlights = new Map<string, Promise<AccessToken>>();
  const loginFlights = new Map<string, Promise<void>>();
  // Bumped by invalidate(): a flight that started before it must not refill the cache.
  const generations = new Map<string, number>();
  let globalGeneration = 0;
  const lifetime = new AbortController();
  let closed = false;

  const generationOf = (session: string) => `${globalGeneration}:${generations.get(session) ?? 0}`;

  /**
   * Fresh enough to hand out: 15 min left (botocore re-runs the process on every access below
   * that; protocol sheet §6.4), or, for a role whose whole lifetime is short, half of it.
   */
  function usable(entry: Entry, now: number): RoleCredentials | undefined {
    const left = entry.creds.expiration - now;
    const need = Math.min(minValidityMs, (entry.creds.expiration - entry.fetchedAt) / 2);
    return left > 0 && left >= need ? entry.creds : undefined;
  }

  /** Single-flight per session on our side too, whatever the token service does. */
  function accessToken(session: string, forceRefresh: boolean): Promise<AccessToken> {
    return shareFlight(tokenFlights, `${forceRefresh ? 'force' : 'plain'}:${session}`, () =>
      deps.getAccessToken(session, forceRefresh ? { forceRefresh: true } : {}),
    );
  }

  async function fetchWithPolicy(ref: RoleRef): Promise<RoleCredentials> {
    const { ssoSession, accountId, roleName } = ref;
    let token = await accessToken(ssoSession, false);
    let refreshed = false;
    let retry = 0;
    for (;;) {
      try {
        const creds = await deps.fetchRoleCredentials(
          ssoSession,
          token.accessToken,
          accountId,
          roleName,
        );
        return checkCredentials(creds, ref);
      } catch (e) {
        if (e instanceof PortalUnauthorizedError) {
          // A 401 for a token we believed valid: it was revoked or expired early. Refresh once and
          // retry once; a second 401 means the session is gone (issue #3 §3).
          if (refreshed) {
            throw new NotLoggedInError(
              `the Identity Center session '${ssoSession}' was refused by the portal even after a token refresh`,
              { hint: loginHint(ssoSession), cause: e },
            );
          }
          refreshed = true;
          log(`portal answered 401 for session '${ssoSession}'; refreshing the token once`);
          token = await accessToken(ssoSession, true);
          continue;
        }
        if (e instanceof ThrottledError && retry + 1 < backoff.maxAttempts) {
          const delay = fullJitterDelay(retry, backoff, random);
          retry += 1;
          log(
            `portal throttled role '${roleName}' in '${accountId}'; retry ${retry} in ${delay} ms`,
          );
          await clock.sleep(delay, lifetime.signal);
          continue;
        }
        throw e;
      }
    }
  }

  function store(key: string, ref: RoleRef, creds: RoleCredentials, uses: number): void {
    const old = entries.get(key);
    old?.refreshAbort?.abort();
    const entry: Entry = {
      ref,
      creds,
      fetchedAt: clock.now(),
      uses,
      refreshAt: undefined,
      refreshAbort: undefined,
    };
    entries.set(key, entry);
    scheduleRefresh(key, entry, creds.expiration - refreshAheadMs - random() * refreshJitterMs);
  }

  /** Fetches (or joins the fetch in progress) and caches the result unless invalidated meanwhile. */
  function fetchShared(key: string, ref: RoleRef, background: boolean): Promise<RoleCredentials> {
    return shareFlight(roleFlights, key, async () => {
      const generation = generationOf(ref.ssoSession);
      const creds = await fetchWithPolicy(ref);
      if (!closed && generation === generationOf(ref.ssoSession)) {
        store(key, ref, creds, background ? 0 : 1);
      }
      return creds;
    });
  }

  function scheduleRefresh(key: string, entry: Entry, at: number): void {
    // A role too short-lived to refresh ahead is fetched on demand instead.
    if (closed || at <= clock.now()) return;
    const abort = new AbortController();
    entry.refreshAt = at;
    entry.refreshAbort = abort;
    // Node fires a timer longer than 2^31-1 ms after 1 ms (TimeoutOverflowWarning): sleep in steps.
    const delay = Math.min(at - clock.now(), MAX_TIMER_MS);
    clock.sleep(delay, abort.signal).then(
      () =>
        clock.now() < at ? scheduleRefresh(key, entry, at) : void backgroundRefresh(key, entry),
      () => {},
    );
  }

  async function backgroundRefresh(key: string, entry: Entry): Promise<void> {
    if (closed || entries.get(key) !== entry) return;
    entry.refreshAt = undefined;
    entry.refreshAbort = undefined;
    // Only roles someone used since the last fetch: an idle role is fetched again on demand.
    if (entry.uses === 0) return;
    const { ssoSession, accountId, roleName } = entry.ref;
    try {
      await fetchShared(key, entry.ref, true);
      log(`refreshed role '${roleName}' in '${accountId}' ahead of expiry`);
    } catch (e) {
      const name = e instanceof Error ? e.name : 'Error';
      log(
        `background refresh of role '${roleName}' in '${accountId}' (session '${ssoSession}') failed: ${name}`,
      );
      // The cached credentials still work; try again in a minute or two while that is worth it.
      const retryAt = clock.now() + MINUTE * (1 + random());
      if (!(e instanceof NotLoggedInError) && entry.creds.expiration - retryAt > minValidityMs) {
        scheduleRefresh(key, entry, retryAt);
      }
    }
  }

  /** One device flow per session however many callers ask (issue #3 §3); each waits a bounded time. */
  async function loginOnce(session: string, login: (s: string) => Promise<void>): Promise<void> {
    const flight = shareFlight(loginFlights, session, () => {
      log(`starting auto-login for session '${session}'`);
      return login(session);
    });
    const timer = new AbortController();
    const timeout = clock.sleep(autoLoginTimeoutMs, timer.signal).then(
      () => {
        throw new LoginTimeoutError(
          `timed out after ${Math.round(autoLoginTimeoutMs / 1000)} s waiting for the sign-in of session '${session}'`,
          { hint: loginHint(session) },
        );
      },
      () => {},
    );
    try {
      await Promise.race([flight, timeout]);
    } finally {
      timer.abort();
    }
  }

  function getOnce(ref: RoleRef): Promise<RoleCredentials> {
    if (closed) throw new DaemonUnavailableError('the awsid daemon is shutting down');
    const key = keyOf(ref);
    const entry = entries.get(key);
    if (entry) {
      const creds = usable(entry, clock.now());
      if (creds) {
        entry.uses += 1;
        return Promise.resolve(creds);
      }
    }
    return fetchShared(key, ref, false);
  }

  return {
    async getCredentials(request) {
      const ref: RoleRef = {
        ssoSession: request.ssoSession,
        accountId: request.accountId,
        roleName: request.roleName,
      };
      try {
        return await getOnce(ref);
      } catch (e) {
        // Without --auto-login every caller fails fast and nothing opens a browser (issue #3 §3).
        if (!(e instanceof NotLoggedInError) || request.autoLogin !== true || !deps.login) throw e;
        await loginOnce(ref.ssoSession, deps.login);
        return await getOnce(ref);
      }
    },

    invalidate(ssoSession) {
      if (ssoSession === undefined) globalGeneration += 1;
      else generations.set(ssoSession, (generations.get(ssoSession) ?? 0) + 1);
      for (const [key, entry] of entries) {
        if (ssoSession === undefined || entry.ref.ssoSession === ssoSession) {
          entry.refreshAbort?.abort();
          entries.delete(key);
        }
      }
      for (const key of roleFlights.keys()) {
        const session = (JSON.parse(key) as string[])[0];
        if (ssoSession === undefined || session === ssoSession) roleFlights.delete(key);
      }
      for (const key of tokenFlights.keys()) {
        if (ssoSession === undefined || key.slice(key.indexOf(':') + 1) === ssoSession) {
          tokenFlights.delete(key);
        }
      }
    },

    status() {
      const cached: CachedRoleStatus[] = [...entries.values()].map((e) => ({
        ssoSession: e.ref.ssoSession,
        accountId: e.ref.accountId,
        roleName: e.ref.roleName,
        expiration: e.creds.expiration,
        fetchedAt: e.fetchedAt,
        refreshAt: e.refreshAt,
      }));
      return { cached, inFlight: roleFlights.size, loginsInProgress: [...loginFlights.keys()] };
    },

    close() {
      if (closed) return;
      closed = true;
      lifetime.abort(new DaemonUnavailableError('the awsid daemon is shutting down'));
      for (const entry of entries.values()) entry.refreshAbort?.abort();
      entries.clear();
      roleFlights.clear();
      tokenFlights.clear();
    },
  };
}
