/**
 * Access tokens for the daemon's fetches: one getAccessToken per session in progress at a time
 * (a forced refresh after a 401 is its own flight), whatever the token service does underneath.
 */
import { shareFlight } from './single-flight.js';
import type { SessionAccessToken } from './credential-service.js';

export interface TokenFlights {
  get(ssoSession: string, forceRefresh: boolean): Promise<SessionAccessToken>;
  /** Forgets flights of one session (or all), e.g. after a logout. */
  invalidate(ssoSession?: string): void;
  clear(): void;
}

export function createTokenFlights(
  getAccessToken: (
    ssoSession: string,
    opts: { forceRefresh?: boolean },
  ) => Promise<SessionAccessToken>,
): TokenFlights {
  const flights = new Map<string, Promise<SessionAccessToken>>();
  return {
    get(session, forceRefresh) {
      return shareFlight(flights, `${forceRefresh ? 'force' : 'plain'}:${session}`, () =>
        getAccessToken(session, forceRefresh ? { forceRefresh: true } : {}),
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
