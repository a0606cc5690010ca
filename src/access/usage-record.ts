/**
 * The usage record: per (sso-session, account, role), when awsid first and last served its
 * credentials. Timestamps only, never a secret. Merging is a union that keeps the earliest
 * firstSeen and the latest lastUsed, so it is order-free and idempotent: two writers that merge
 * into the same file under the lock lose nothing whatever order they take it in.
 */
import type { RoleRef } from '../core/model.js';

export interface UsageEntry extends RoleRef {
  /** ISO 8601 UTC. */
  firstSeen: string;
  /** ISO 8601 UTC. */
  lastUsed: string;
}

export interface UsageFile {
  version: 1;
  entries: UsageEntry[];
}

export const emptyUsage = (): UsageFile => ({ version: 1, entries: [] });

export function usageKey(ref: RoleRef): string {
  return JSON.stringify([ref.ssoSession, ref.accountId, ref.roleName]);
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

function isEntry(x: unknown): x is UsageEntry {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Record<string, unknown>;
  return (
    typeof e.ssoSession === 'string' &&
    typeof e.accountId === 'string' &&
    typeof e.roleName === 'string' &&
    typeof e.firstSeen === 'string' &&
    ISO.test(e.firstSeen) &&
    typeof e.lastUsed === 'string' &&
    ISO.test(e.lastUsed)
  );
}

/** The entries of a usage file's text; anything malformed is dropped, never trusted. */
export function parseUsage(text: string | undefined): UsageFile {
  if (text === undefined) return emptyUsage();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return emptyUsage();
  }
  const entries = (json as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries)) return emptyUsage();
  return {
    version: 1,
    entries: entries.filter(isEntry).map((e) => ({
      ssoSession: e.ssoSession,
      accountId: e.accountId,
      roleName: e.roleName,
      firstSeen: new Date(e.firstSeen).toISOString(),
      lastUsed: new Date(e.lastUsed).toISOString(),
    })),
  };
}

// ISO 8601 UTC strings of one format (toISOString's; parseUsage normalises) compare like the instants they name.
const min = (a: string, b: string) => (a < b ? a : b);
const max = (a: string, b: string) => (a > b ? a : b);

/** The union of `base` and `updates`: earliest firstSeen, latest lastUsed per key. */
export function mergeUsage(base: UsageFile, updates: Iterable<UsageEntry>): UsageFile {
  const byKey = new Map(base.entries.map((e) => [usageKey(e), { ...e }]));
  for (const u of updates) {
    const k = usageKey(u);
    const e = byKey.get(k);
    if (!e) byKey.set(k, { ...u });
    else {
      e.firstSeen = min(e.firstSeen, u.firstSeen);
      e.lastUsed = max(e.lastUsed, u.lastUsed);
    }
  }
  return { version: 1, entries: [...byKey.values()] };
}

/** The record without one session's entries (all of them when `ssoSession` is undefined). */
export function forgetUsage(file: UsageFile, ssoSession: string | undefined): UsageFile {
  return {
    version: 1,
    entries:
      ssoSession === undefined ? [] : file.entries.filter((e) => e.ssoSession !== ssoSession),
  };
}
