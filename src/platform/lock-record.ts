/**
 * The lock kit's shared rules (src/platform/file-lock-sync.ts, the primitive, and file-lock.ts,
 * its waiting loop, use these and nothing else): one file format, one staleness rule.
 *
 * A lock is a file created with O_EXCL holding {pid, host, token, since}. It is stale when its
 * holder is a process on this host that no longer exists, or when nobody touched its mtime for
 * longer than `staleMs` (a live holder heartbeats the mtime). A file that does not parse (a holder
 * between open and write, or an older awsid's format) is judged by its mtime alone. Pure and
 * synchronous: the bundled fast path (dist/fast/credential-process.cjs) loads this file too.
 */
import { hostname } from 'node:os';

import { isProcessAlive } from './process-alive.js';

/** Who holds a lock, and whether a pid on this host still runs. Injectable for tests. */
export interface ProcessInfo {
  readonly pid: number;
  readonly host: string;
  isAlive(pid: number): boolean;
}

export function thisProcess(): ProcessInfo {
  return { pid: process.pid, host: hostname(), isAlive: isProcessAlive };
}

export interface LockRecord {
  pid: number;
  host: string;
  /** Unique per acquisition: the holder's proof of ownership (fencing). */
  token: string;
  since: string;
}

/** What a reader saw in a lock file: its text, identity and age, and the record if it parsed. */
export interface LockSnapshot {
  raw: string;
  ino: number;
  mtimeMs: number;
  pid?: number;
  host?: string;
  token?: string;
  since?: string;
}

/** A breaker or releaser that crashed leaves `<path>.break` behind: older than this, it is ignored. */
export const GUARD_STALE_MS = 5_000;

export const guardPath = (path: string): string => `${path}.break`;

export function newLockRecord(proc: ProcessInfo, nowMs: number): LockRecord {
  // Uniqueness, not secrecy (and node:crypto would cost the fast path a module load).
  const token = `${proc.pid.toString(36)}.${nowMs.toString(36)}.${Math.random().toString(36).slice(2)}`;
  return { pid: proc.pid, host: proc.host, token, since: new Date(nowMs).toISOString() };
}

export function snapshotOf(raw: string, stats: { ino: number; mtimeMs: number }): LockSnapshot {
  const snap: LockSnapshot = { raw, ino: stats.ino, mtimeMs: stats.mtimeMs };
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    if (typeof v.pid === 'number') snap.pid = v.pid;
    if (typeof v.host === 'string') snap.host = v.host;
    if (typeof v.token === 'string') snap.token = v.token;
    if (typeof v.since === 'string') snap.since = v.since;
  } catch {
    // Empty or half-written: judged by age alone.
  }
  return snap;
}

export function isStaleLock(
  snap: LockSnapshot,
  proc: ProcessInfo,
  nowMs: number,
  staleMs: number,
): boolean {
  if (snap.pid !== undefined && snap.host === proc.host && !proc.isAlive(snap.pid)) return true;
  return nowMs - snap.mtimeMs > staleMs;
}

/** The same file, unchanged since `judged` was read: nobody released, re-took or touched it. */
export function sameLock(now: LockSnapshot | undefined, judged: LockSnapshot): boolean {
  return (
    now !== undefined &&
    now.ino === judged.ino &&
    now.mtimeMs === judged.mtimeMs &&
    now.raw === judged.raw
  );
}

/** For messages: `pid 123 on host` or `another process`. */
export function describeHolder(snap: LockSnapshot | undefined): string {
  return snap?.pid === undefined ? 'another process' : `pid ${snap.pid} on ${snap.host ?? '?'}`;
}
