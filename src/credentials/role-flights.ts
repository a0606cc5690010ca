/**
 * One upstream fetch per role however many callers ask at once (smithy `memoize` coalescing,
 * through single-flight.ts), and a fetch that started before an invalidate() does not hand its
 * result to the cache: the session was logged out or in again meanwhile.
 */
import type { RoleCredentials, RoleRef } from '../core/model.js';
import { roleKey } from './role-cache.js';
import { shareFlight } from './single-flight.js';

export interface RoleFlights {
  /** Starts the fetch of this role, or joins the one in progress. */
  fetch(ref: RoleRef, background: boolean): Promise<RoleCredentials>;
  /** Forgets flights of one session (or all); their results will not be kept. */
  invalidate(ssoSession?: string): void;
  readonly size: number;
  clear(): void;
}

/**
 * `keep` gets each result whose session was not invalidated while it was fetched; `background`
 * tells it whether a caller asked (false) or the refresh-ahead timer did (true).
 */
export function createRoleFlights(
  fetchRole: (ref: RoleRef) => Promise<RoleCredentials>,
  keep: (ref: RoleRef, creds: RoleCredentials, background: boolean) => void,
): RoleFlights {
  const flights = new Map<string, Promise<RoleCredentials>>();
  // Bumped by invalidate(): a flight that started before it must not refill the cache.
  const generations = new Map<string, number>();
  let globalGeneration = 0;
  const generationOf = (session: string) => `${globalGeneration}:${generations.get(session) ?? 0}`;

  return {
    fetch(ref, background) {
      return shareFlight(flights, roleKey(ref), async () => {
        const generation = generationOf(ref.ssoSession);
        const creds = await fetchRole(ref);
        if (generation === generationOf(ref.ssoSession)) keep(ref, creds, background);
        return creds;
      });
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
