/**
 * The access review as data: every assignment the session reaches now, joined with the usage
 * record and with a saved review's snapshot. Pure (time comes in as `now`), so the rules below
 * are tested without a portal. An assignment is used when awsid served it within `unusedDays`;
 * unused when it did not and awsid has been recording the session for at least `unusedDays`
 * (`observedSince`); otherwise there is not enough history to say, and `unused` is null. `change`
 * compares with the snapshot and is null when there is none; assignments gone since then are
 * still listed, as `removed`.
 */
import type { UsageEntry } from './usage-record.js';

export interface AssignmentName {
  accountId: string;
  accountName: string;
  roleName: string;
}

export type Change = 'added' | 'removed' | 'same';

export interface ReviewRow extends AssignmentName {
  /** ISO 8601 UTC, or null when awsid never served it. */
  firstSeen: string | null;
  lastUsed: string | null;
  /** null: awsid has not been recording long enough to call it unused. */
  unused: boolean | null;
  /** Since when awsid has recorded the session's use (the same on every row), or null. */
  observedSince: string | null;
  /** null when there is no saved review to compare with. */
  change: Change | null;
}

export interface Review {
  ssoSession: string;
  generatedAt: string;
  /** Since when awsid has recorded this session's use; null when it never has. */
  observedSince: string | null;
  /** The saved review this one is compared with. */
  previousReviewAt: string | null;
  unusedDays: number;
  assignments: ReviewRow[];
}

/** What a review keeps for the next one (review-snapshot.ts). */
export interface ReviewSnapshot {
  ssoSession: string;
  reviewedAt: string;
  assignments: AssignmentName[];
}

export interface ReviewInput {
  ssoSession: string;
  /** Epoch ms. */
  now: number;
  unusedDays: number;
  current: AssignmentName[];
  usage: UsageEntry[];
  /** ISO 8601 UTC (usage-record.ts `observedSince`), or null when nothing was recorded. */
  observedSince: string | null;
  previous: ReviewSnapshot | undefined;
}

const DAY = 86_400_000;
const keyOf = (a: { accountId: string; roleName: string }) =>
  JSON.stringify([a.accountId, a.roleName]);

function byAccountThenRole(a: ReviewRow, b: ReviewRow): number {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (
    cmp(a.accountName, b.accountName) ||
    cmp(a.accountId, b.accountId) ||
    cmp(a.roleName, b.roleName)
  );
}

export function buildReview(input: ReviewInput): Review {
  const { now, unusedDays, previous, observedSince } = input;
  const window = unusedDays * DAY;
  const watchedLongEnough = observedSince !== null && now - Date.parse(observedSince) >= window;
  const used = new Map(
    input.usage.filter((u) => u.ssoSession === input.ssoSession).map((u) => [keyOf(u), u]),
  );
  const before = new Map(previous?.assignments.map((a) => [keyOf(a), a]));
  const current = new Map(input.current.map((a) => [keyOf(a), a]));
  const row = (a: AssignmentName, change: Change | null): ReviewRow => {
    const u = used.get(keyOf(a));
    const lastUsed = u?.lastUsed ?? null;
    const usedRecently = lastUsed !== null && now - Date.parse(lastUsed) <= window;
    return {
      accountId: a.accountId,
      accountName: a.accountName,
      roleName: a.roleName,
      firstSeen: u?.firstSeen ?? null,
      lastUsed,
      unused: usedRecently ? false : watchedLongEnough ? true : null,
      observedSince,
      change,
    };
  };
  const rows = [...current].map(([k, a]) =>
    row(a, previous === undefined ? null : before.has(k) ? 'same' : 'added'),
  );
  for (const [k, a] of before) if (!current.has(k)) rows.push(row(a, 'removed'));
  return {
    ssoSession: input.ssoSession,
    generatedAt: new Date(now).toISOString(),
    observedSince,
    previousReviewAt: previous?.reviewedAt ?? null,
    unusedDays,
    assignments: rows.sort(byAccountThenRole),
  };
}

/** The snapshot this review leaves for the next: what is assigned now (not what was removed). */
export function snapshotOf(review: Review): ReviewSnapshot {
  return {
    ssoSession: review.ssoSession,
    reviewedAt: review.generatedAt,
    assignments: review.assignments
      .filter((r) => r.change !== 'removed')
      .map(({ accountId, accountName, roleName }) => ({ accountId, accountName, roleName })),
  };
}
