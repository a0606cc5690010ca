import { fullJitterDelay } from '../core/backoff.js';
import type { Clock } from '../core/clock.js';
import { ServiceError } from '../core/errors.js';
import { RoleNotAssignedError, ThrottledError } from '../sso/portal-errors.js';
import type { AccountInfo } from '../sso/portal.js';
import type { Assignment } from './names.js';
import { PortalUnavailableError, type Page, type PortalPages } from './portal-pages.js';
import { AdaptiveRateLimiter } from './rate-limiter.js';

/*
 * Every account and every role of each, the way a large organisation needs it (paging: docs/protocol.md, "Portal operations"):
 * ListAccounts page by page, then ListAccountRoles for `concurrency` accounts at once (roles
 * paginated too), every request paced by an adaptive rate limiter. A 429 retries that one page
 * after a jittered wait; only a page throttled `maxThrottleRetries` times in a row fails the run.
 * Any failure rejects the whole listing, so the caller never writes a partial result
 * (landscape E.32: a peer wiped configs when a sync failed).
 */

export interface ListingOptions {
  clock: Clock;
  /** ListAccountRoles calls in flight at once; default 8. */
  concurrency?: number;
  limiter?: AdaptiveRateLimiter;
  /** For the jitter; default Math.random. */
  random?: () => number;
  /** Default 12 (about a minute of backing off). */
  maxThrottleRetries?: number;
  /** 5xx and network failures; default 3. */
  maxTransientRetries?: number;
  /** Called after each account's roles are listed. */
  onProgress?: (accountsDone: number, accountsTotal: number) => void;
}

export interface ListingStats {
  accounts: number;
  assignments: number;
  requests: number;
  throttled: number;
  elapsedMs: number;
  /** The limiter's rate at the end (requests per second; Infinity when never throttled). */
  finalRps: number;
}

export interface Listing {
  assignments: Assignment[];
  /** Accounts whose roles the portal refused to list (403/404): assigned nothing. */
  refused: string[];
  stats: ListingStats;
}

const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 5_000;

/** One listing's pacing, retry limits and counters, shared by all its requests. */
interface ListingRun {
  clock: Clock;
  limiter: AdaptiveRateLimiter;
  random: () => number;
  maxThrottle: number;
  maxTransient: number;
  stats: { requests: number; throttled: number };
  /** The first failure: every request still to come stops at it. */
  failed: Error | undefined;
}

async function page<T>(run: ListingRun, fetch: () => Promise<Page<T>>): Promise<Page<T>> {
  const { clock, limiter, random, maxThrottle, maxTransient, stats } = run;
  let throttles = 0;
  let transient = 0;
  for (;;) {
    if (run.failed !== undefined) throw run.failed;
    const permit = await limiter.acquire();
    stats.requests++;
    try {
      const r = await fetch();
      limiter.success();
      return r;
    } catch (e) {
      let attempt: number;
      if (e instanceof ThrottledError) {
        stats.throttled++;
        limiter.throttled(permit);
        attempt = ++throttles;
        if (attempt > maxThrottle) {
          throw new ThrottledError(
            `${e.message} (still throttled after ${maxThrottle} retries with backoff)`,
            { hint: 'wait a few minutes, then run the same command again', cause: e },
          );
        }
      } else if (e instanceof PortalUnavailableError) {
        attempt = ++transient;
        if (attempt > maxTransient) throw e;
      } else {
        throw e;
      }
      const policy = { baseMs: BACKOFF_BASE_MS, capMs: BACKOFF_CAP_MS };
      await clock.sleep(fullJitterDelay(attempt - 1, policy, random)); // spreads the retries
    }
  }
}

async function all<T>(run: ListingRun, fetch: (token?: string) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const p = await page(run, () => fetch(token));
    out.push(...p.items);
    token = p.nextToken;
  } while (token);
  return out;
}

function assignmentsOf(unique: AccountInfo[], roles: Map<string, string[]>): Assignment[] {
  return unique.flatMap((a) =>
    [...new Set(roles.get(a.accountId) ?? [])].map((roleName) => ({
      accountId: a.accountId,
      accountName: a.accountName,
      accountEmail: a.emailAddress,
      roleName,
    })),
  );
}

export async function listAssignments(
  pages: PortalPages,
  accessToken: string,
  opts: ListingOptions,
): Promise<Listing> {
  const { clock } = opts;
  const limiter = opts.limiter ?? new AdaptiveRateLimiter({ clock });
  const run: ListingRun = {
    clock,
    limiter,
    random: opts.random ?? Math.random,
    maxThrottle: opts.maxThrottleRetries ?? 12,
    maxTransient: opts.maxTransientRetries ?? 3,
    stats: { requests: 0, throttled: 0 },
    failed: undefined,
  };
  const started = clock.now();

  const accounts: AccountInfo[] = await all(run, (t) => pages.listAccountsPage(accessToken, t));
  const unique = [...new Map(accounts.map((a) => [a.accountId, a])).values()];
  const roles = new Map<string, string[]>();
  const refused: string[] = [];
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (run.failed === undefined && next < unique.length) {
      const account = unique[next++] as AccountInfo;
      try {
        roles.set(
          account.accountId,
          await all(run, (t) => pages.listAccountRolesPage(accessToken, account.accountId, t)),
        );
      } catch (e) {
        // 403/404 for one account: it was unassigned between the two listings.
        if (e instanceof RoleNotAssignedError) refused.push(account.accountId);
        else {
          run.failed ??= e instanceof Error ? e : new ServiceError('listing failed', { cause: e });
          return;
        }
      }
      opts.onProgress?.(++done, unique.length);
    }
  };
  const n = Math.max(1, Math.min(opts.concurrency ?? 8, unique.length));
  await Promise.all(Array.from({ length: n }, worker));
  if (run.failed !== undefined) throw run.failed;
  const assignments = assignmentsOf(unique, roles);
  return {
    assignments,
    refused,
    stats: {
      accounts: unique.length,
      assignments: assignments.length,
      requests: run.stats.requests,
      throttled: run.stats.throttled,
      elapsedMs: clock.now() - started,
      finalRps: limiter.rps,
    },
  };
}
