/**
 * Shared flights: one upstream call per key however many callers ask at once (as @smithy/core
 * `memoizeIdentityProvider` coalesces), each caller waiting a bounded time. A flight older than
 * its limit is never joined: the next caller starts a new attempt instead of waiting on one that
 * may be stuck behind a dead connection (docs/errors.md, "Deadlines").
 */
import type { Clock } from '../core/clock.js';
import type { RoleCredentials, RoleRef } from '../core/model.js';
import type { SessionAccessToken } from './credential-service.js';
import { roleKey } from './role-cache.js';

/** How long a caller waits on a flight, and the error it gets after that. */
export interface FlightLimit {
  ms: number;
  clock: Clock;
  error(): Promise<Error> | Error;
}

/** When each flight started, for the limit (a WeakMap: callers keep plain promise maps). */
const startedAt = new WeakMap<Promise<unknown>, number>();

/** Resolves or rejects as `flight` does, or rejects with `limit.error()` after `limit.ms`. */
async function within<V>(flight: Promise<V>, limit: FlightLimit): Promise<V> {
  const timer = new AbortController();
  const expired = limit.clock.sleep(limit.ms, timer.signal).then(
    async () => {
      throw await limit.error();
    },
    () => new Promise<never>(() => {}),
  );
  try {
    return await Promise.race([flight, expired]);
  } finally {
    timer.abort();
  }
}

/**
 * Coalesces concurrent calls per key: while one is running, later callers get the same promise.
 * The entry is removed when that call settles, and only if no newer call replaced it meanwhile
 * (invalidate() may drop a flight early, and an expired one is replaced). With a `limit`, a flight
 * older than `limit.ms` is replaced by a new one, and every caller's wait is bounded by it.
 */
export function shareFlight<K, V>(
  flights: Map<K, Promise<V>>,
  key: K,
  start: () => Promise<V>,
  limit?: FlightLimit,
): Promise<V> {
  let flight = flights.get(key);
  const now = limit?.clock.now() ?? 0;
  if (flight && limit && now - (startedAt.get(flight) ?? now) >= limit.ms) flight = undefined;
  if (!flight) {
    const started: Promise<V> = (async () => start())().finally(() => {
      if (flights.get(key) === started) flights.delete(key);
    });
    startedAt.set(started, now);
    flights.set(key, started);
    flight = started;
  }
  return limit ? within(flight, limit) : flight;
}

/** The limit a flight of `ssoSession` gets; `stage` says which endpoint it waits on. */
export type FlightLimitFor = (
  ssoSession: string,
  stage: 'token' | 'role',
) => FlightLimit | undefined;

export interface RoleFlights {
  /** Starts the fetch of this role, or joins the one in progress. */
  fetch(ref: RoleRef, background: boolean): Promise<RoleCredentials>;
  /** Forgets flights of one session (or all); their results will not be kept. */
  invalidate(ssoSession?: string): void;
  readonly size: number;
  clear(): void;
}

/**
 * One fetch per role. `keep` gets each result whose session was not invalidated while it was
 * fetched (the session was logged out or in again meanwhile); `background` tells it whether a
 * caller asked (false) or the refresh-ahead timer did (true).
 */
export function createRoleFlights(
  fetchRole: (ref: RoleRef) => Promise<RoleCredentials>,
  keep: (ref: RoleRef, creds: RoleCredentials, background: boolean) => void,
  limitFor: FlightLimitFor,
): RoleFlights {
  const flights = new Map<string, Promise<RoleCredentials>>();
  // Bumped by invalidate(): a flight that started before it must not refill the cache.
  const generations = new Map<string, number>();
  let globalGeneration = 0;
  const generationOf = (session: string) => `${globalGeneration}:${generations.get(session) ?? 0}`;

  return {
    fetch(ref, background) {
      const start = async () => {
        const generation = generationOf(ref.ssoSession);
        const creds = await fetchRole(ref);
        if (generation === generationOf(ref.ssoSession)) keep(ref, creds, background);
        return creds;
      };
      return shareFlight(flights, roleKey(ref), start, limitFor(ref.ssoSession, 'role'));
    },

    invalidate(ssoSession) {
      if (ssoSession === undefined) globalGeneration += 1;
      else generations.set(ssoSession, (generations.get(ssoSession) ?? 0) + 1);
      for (const key of flights.keys()) {
        const session = (JSON.parse(key) as string[])[0];
        if (ssoSession === undefined || session === ssoSession) flights.delete(key);
      }
    },

    get size() {
      return flights.size;
    },

    clear() {
      flights.clear();
    },
  };
}

export interface TokenFlights {
  get(ssoSession: string, forceRefresh: boolean): Promise<SessionAccessToken>;
  /** Forgets flights of one session (or all), e.g. after a logout. */
  invalidate(ssoSession?: string): void;
  clear(): void;
}

/**
 * Access tokens for the fetches: one getAccessToken per session in progress at a time (a forced
 * refresh after a 401 is its own flight), whatever the token service does underneath.
 */
export function createTokenFlights(
  getAccessToken: (
    ssoSession: string,
    opts: { forceRefresh?: boolean },
  ) => Promise<SessionAccessToken>,
  limitFor: FlightLimitFor,
): TokenFlights {
  const flights = new Map<string, Promise<SessionAccessToken>>();
  return {
    get(session, forceRefresh) {
      return shareFlight(
        flights,
        `${forceRefresh ? 'force' : 'plain'}:${session}`,
        () => getAccessToken(session, forceRefresh ? { forceRefresh: true } : {}),
        limitFor(session, 'token'),
      );
    },
    invalidate(ssoSession) {
      for (const key of flights.keys()) {
        if (ssoSession === undefined || key.slice(key.indexOf(':') + 1) === ssoSession) {
          flights.delete(key);
        }
      }
    },
    clear() {
      flights.clear();
    },
  };
}
