/**
 * The usage record: per (sso-session, account, role), when awsid first and last served its
 * credentials, and per sso-session since when awsid has been recording it (`observedSince`: a
 * role is only called unused once awsid has watched long enough to know). Timestamps only, never
 * a secret. Merging is a union that keeps the earliest firstSeen and observedSince and the latest
 * lastUsed, so it is order-free and idempotent: two writers that merge into the same file under
 * the lock lose nothing whatever order they take it in.
 */
import type { RoleRef } from '../core/model.js';

export interface UsageEntry extends RoleRef {
  /** ISO 8601 UTC. */
  firstSeen: string;
  /** ISO 8601 UTC. */
  lastUsed: string;
}

/** Since when awsid has recorded the use of one sso-session (ISO 8601 UTC). */
export interface Observation {
  ssoSession: string;
  observedSince: string;
}

export interface UsageFile {
  version: 1;
  entries: UsageEntry[];
  /** Absent in files written before it existed: then derived from the earliest firstSeen. */
  sessions?: Observation[];
}

export const emptyUsage = (): UsageFile => ({ version: 1, entries: [], sessions: [] });

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

function isObservation(x: unknown): x is Observation {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  return (
    typeof o.ssoSession === 'string' &&
    typeof o.observedSince === 'string' &&
    ISO.test(o.observedSince)
  );
}

const isoOf = (s: string) => new Date(s).toISOString();

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
  const sessions = (json as { sessions?: unknown }).sessions;
  const parsed: UsageFile = {
    version: 1,
    entries: entries.filter(isEntry).map((e) => ({
      ssoSession: e.ssoSession,
      accountId: e.accountId,
      roleName: e.roleName,
      firstSeen: isoOf(e.firstSeen),
      lastUsed: isoOf(e.lastUsed),
    })),
  };
  const observed = Array.isArray(sessions) ? sessions.filter(isObservation) : [];
  // A file from before observedSince existed: the earliest use of each session is the best known.
  return withObservations(
    parsed,
    observed.map((o) => ({ ssoSession: o.ssoSession, observedSince: isoOf(o.observedSince) })),
  );
}

// ISO 8601 UTC strings of one format (toISOString's; parseUsage normalises) compare like the instants they name.
const min = (a: string, b: string) => (a < b ? a : b);
const max = (a: string, b: string) => (a > b ? a : b);

/**
 * `file` with `sessions` holding, per sso-session, the earliest of `known`, the file's own
 * observations and every entry's firstSeen: an entry proves awsid was recording by then.
 */
function withObservations(file: UsageFile, known: Iterable<Observation>): UsageFile {
  const since = new Map<string, string>();
  const note = (session: string, at: string) => {
    const t = since.get(session);
    since.set(session, t === undefined ? at : min(t, at));
  };
  for (const o of [...(file.sessions ?? []), ...known]) note(o.ssoSession, o.observedSince);
  for (const e of file.entries) note(e.ssoSession, e.firstSeen);
  const sessions = [...since].map(([ssoSession, observedSince]) => ({ ssoSession, observedSince }));
  return { version: 1, entries: file.entries, sessions };
}

/** The union of `base` and `updates`: earliest firstSeen and observedSince, latest lastUsed. */
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
  return withObservations({ version: 1, entries: [...byKey.values()] }, base.sessions ?? []);
}

/** Since when awsid has recorded `ssoSession`'s use, or null when it never has. */
export function observedSince(file: UsageFile, ssoSession: string): string | null {
  return (
    withObservations(file, []).sessions?.find((o) => o.ssoSession === ssoSession)?.observedSince ??
    null
  );
}

/** The record without one session's entries (all of them when `ssoSession` is undefined). */
export function forgetUsage(file: UsageFile, ssoSession: string | undefined): UsageFile {
  if (ssoSession === undefined) return emptyUsage();
  return {
    version: 1,
    entries: file.entries.filter((e) => e.ssoSession !== ssoSession),
    sessions: (file.sessions ?? []).filter((o) => o.ssoSession !== ssoSession),
  };
}
