/**
 * The saved reviews (`access-reviews.json`, 0600 in the state directory): per sso-session, the
 * last SAVED_PER_SESSION reviews saved with `awsid access --save`, each when it was made and what
 * was assigned then. Account and role names only.
 */
import { join } from 'node:path';

import type { Clock } from '../core/clock.js';
import type { Paths } from '../platform/paths.js';
import { readJsonText, updateJsonFile } from './locked-json.js';
import type { AssignmentName, ReviewSnapshot } from './review.js';

interface SnapshotFile {
  version: 1;
  reviews: ReviewSnapshot[];
}

export function reviewsFilePath(paths: Paths): string {
  return join(paths.stateDir, 'access-reviews.json');
}

const str = (x: unknown): x is string => typeof x === 'string';

function isName(x: unknown): x is AssignmentName {
  const a = x as Record<string, unknown> | null;
  return !!a && str(a.accountId) && str(a.accountName) && str(a.roleName);
}

function isSnapshot(x: unknown): x is ReviewSnapshot {
  const s = x as Record<string, unknown> | null;
  return (
    !!s &&
    str(s.ssoSession) &&
    str(s.reviewedAt) &&
    !Number.isNaN(Date.parse(s.reviewedAt)) &&
    Array.isArray(s.assignments) &&
    s.assignments.every(isName)
  );
}

/** The snapshots of a file's text; a malformed file or entry is ignored, never trusted. */
function parseSnapshots(text: string | undefined): SnapshotFile {
  let json: unknown;
  try {
    json = text === undefined ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const reviews = (json as { reviews?: unknown } | undefined)?.reviews;
  return { version: 1, reviews: Array.isArray(reviews) ? reviews.filter(isSnapshot) : [] };
}

const serialise = (f: SnapshotFile): string => `${JSON.stringify(f, null, 1)}\n`;

/** Enough for two years of quarterly reviews; older ones are dropped as new ones are saved. */
export const SAVED_PER_SESSION = 8;

const at = (s: ReviewSnapshot) => Date.parse(s.reviewedAt);

/** The session's saved reviews, oldest first. */
export async function readSnapshots(path: string, ssoSession: string): Promise<ReviewSnapshot[]> {
  return parseSnapshots(await readJsonText(path))
    .reviews.filter((r) => r.ssoSession === ssoSession)
    .sort((a, b) => at(a) - at(b));
}

/**
 * The saved review to compare with: the latest one, or with `since` (epoch ms) the one made
 * closest to it (the earlier one on a tie).
 */
export function pickSnapshot(saved: ReviewSnapshot[], since?: number): ReviewSnapshot | undefined {
  if (since === undefined) return saved.at(-1);
  let best: ReviewSnapshot | undefined;
  for (const s of saved) {
    if (!best || Math.abs(at(s) - since) < Math.abs(at(best) - since)) best = s;
  }
  return best;
}

/** Adds `snapshot` to the session's saved reviews, keeping the latest SAVED_PER_SESSION. */
export function saveSnapshot(path: string, clock: Clock, snapshot: ReviewSnapshot): Promise<void> {
  return updateJsonFile(path, clock, (text) => {
    const file = parseSnapshots(text);
    const others = file.reviews.filter((r) => r.ssoSession !== snapshot.ssoSession);
    const mine = [...file.reviews.filter((r) => r.ssoSession === snapshot.ssoSession), snapshot]
      .sort((a, b) => at(a) - at(b))
      .slice(-SAVED_PER_SESSION);
    return serialise({ version: 1, reviews: [...others, ...mine] });
  });
}

/** Drops one session's snapshot (or all); a missing file stays missing. */
export function clearSnapshots(path: string, clock: Clock, ssoSession?: string): Promise<void> {
  return updateJsonFile(path, clock, (text) => {
    if (text === undefined) return undefined;
    const { reviews } = parseSnapshots(text);
    const kept = ssoSession === undefined ? [] : reviews.filter((r) => r.ssoSession !== ssoSession);
    return serialise({ version: 1, reviews: kept });
  });
}
