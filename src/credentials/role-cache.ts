/**
 * The daemon's cache of role credentials per (session, account, role): served while at least
 * 15 minutes remain, and refreshed in the background ahead of that, for roles someone used since
 * the last fetch. Fetching itself is the caller's (`refetch`), so this file is only about time.
 */
import { NotLoggedInError } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import type { RoleCredentials, RoleRef } from '../core/model.js';

const MINUTE = 60_000;
/** The longest delay setTimeout honours. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** One cached role as `status` reports it; no key material is ever part of a status. */
export interface CachedRoleStatus {
  ssoSession: string;
  accountId: string;
  roleName: string;
  /** Epoch ms. */
  expiration: number;
  fetchedAt: number;
  refreshAt: number | undefined;
}

export interface RoleCacheOptions {
  clock: Clock;
  random: () => number;
  log: (line: string) => void;
  /** Serve credentials with at least this much left when the role allows it. */
  minValidityMs: number;
  /** Refresh in the background this long before expiry... */
  refreshAheadMs: number;
  /** ...and up to this much earlier still, at random, so many roles do not refresh at once. */
  refreshJitterMs: number;
  /** Fetches the role again (joining a fetch in progress); its result comes back through put(). */
  refetch(ref: RoleRef): Promise<unknown>;
}

interface Entry {
  ref: RoleRef;
  creds: RoleCredentials;
  fetchedAt: number;
  /** Requests served from this fetch (the one that caused it included); 0 means unused. */
  uses: number;
  refreshAt: number | undefined;
  refreshAbort: AbortController | undefined;
}

/** The cache key of a role; also its flight's key (flights.ts). */
export function roleKey(ref: RoleRef): string {
  return JSON.stringify([ref.ssoSession, ref.accountId, ref.roleName]);
}

/**
 * Fresh enough to hand out: 15 min left (botocore re-runs the process on every access below
 * that), or, for a role whose whole lifetime is short, half of it.
 */
function usable(entry: Entry, now: number, minValidityMs: number): RoleCredentials | undefined {
  const left = entry.creds.expiration - now;
  const need = Math.min(minValidityMs, (entry.creds.expiration - entry.fetchedAt) / 2);
  return left > 0 && left >= need ? entry.creds : undefined;
}

export class RoleCache {
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  constructor(private readonly options: RoleCacheOptions) {}

  /** Credentials fresh enough to hand out (counted as a use), or undefined. */
  take(ref: RoleRef): RoleCredentials | undefined {
    const entry = this.entries.get(roleKey(ref));
    const creds = entry && usable(entry, this.options.clock.now(), this.options.minValidityMs);
    if (entry && creds) entry.uses += 1;
    return creds;
  }

  /** Stores a fetch's result; `used` when a caller asked for it (not a background refresh). */
  put(ref: RoleRef, creds: RoleCredentials, used: boolean): void {
    if (this.closed) return;
    const { clock, random, refreshAheadMs, refreshJitterMs } = this.options;
    const key = roleKey(ref);
    this.entries.get(key)?.refreshAbort?.abort();
    const entry: Entry = {
      ref,
      creds,
      fetchedAt: clock.now(),
      uses: used ? 1 : 0,
      refreshAt: undefined,
      refreshAbort: undefined,
    };
    this.entries.set(key, entry);
    this.scheduleRefresh(
      key,
      entry,
      creds.expiration - refreshAheadMs - random() * refreshJitterMs,
    );
  }

  /** Drops one session's entries, or all, and their scheduled refreshes. */
  drop(ssoSession?: string): void {
    for (const [key, entry] of this.entries) {
      if (ssoSession === undefined || entry.ref.ssoSession === ssoSession) {
        entry.refreshAbort?.abort();
        this.entries.delete(key);
      }
    }
  }

  status(): CachedRoleStatus[] {
    return [...this.entries.values()].map((e) => ({
      ssoSession: e.ref.ssoSession,
      accountId: e.ref.accountId,
      roleName: e.ref.roleName,
      expiration: e.creds.expiration,
      fetchedAt: e.fetchedAt,
      refreshAt: e.refreshAt,
    }));
  }

  close(): void {
    this.closed = true;
    for (const entry of this.entries.values()) entry.refreshAbort?.abort();
    this.entries.clear();
  }

  private scheduleRefresh(key: string, entry: Entry, at: number): void {
    const { clock } = this.options;
    // A role too short-lived to refresh ahead is fetched on demand instead.
    if (this.closed || at <= clock.now()) return;
    const abort = new AbortController();
    entry.refreshAt = at;
    entry.refreshAbort = abort;
    // Node fires a timer longer than 2^31-1 ms after 1 ms (TimeoutOverflowWarning): sleep in steps.
    const delay = Math.min(at - clock.now(), MAX_TIMER_MS);
    clock.sleep(delay, abort.signal).then(
      () =>
        clock.now() < at
          ? this.scheduleRefresh(key, entry, at)
          : void this.backgroundRefresh(key, entry),
      () => {},
    );
  }

  private async backgroundRefresh(key: string, entry: Entry): Promise<void> {
    if (this.closed || this.entries.get(key) !== entry) return;
    entry.refreshAt = undefined;
    entry.refreshAbort = undefined;
    // Only roles someone used since the last fetch: an idle role is fetched again on demand.
    if (entry.uses === 0) return;
    const { clock, random, log, minValidityMs } = this.options;
    const { ssoSession, accountId, roleName } = entry.ref;
    try {
      await this.options.refetch(entry.ref);
      log(`refreshed role '${roleName}' in '${accountId}' ahead of expiry`);
    } catch (e) {
      const name = e instanceof Error ? e.name : 'Error';
      log(
        `background refresh of role '${roleName}' in '${accountId}' (session '${ssoSession}') failed: ${name}`,
      );
      // The cached credentials still work; try again in a minute or two while that is worth it.
      const retryAt = clock.now() + MINUTE * (1 + random());
      if (!(e instanceof NotLoggedInError) && entry.creds.expiration - retryAt > minValidityMs) {
        this.scheduleRefresh(key, entry, retryAt);
      }
    }
  }
}
