/**
 * Records credential use off the request path: `record` only updates a map in memory; a flush
 * (at most every `debounceMs`, and on close) merges the batch into the usage file. A failed
 * write keeps the batch for the next flush and is logged, never thrown: a usage record must
 * never cost anyone their credentials.
 */
import type { Clock } from '../core/clock.js';
import type { RoleRef } from '../core/model.js';
import { mergeUsage, usageKey, type UsageEntry } from './usage-record.js';

export interface UsageRecorder {
  /** Notes that credentials for `ref` were served now. Synchronous and cheap. */
  record(ref: RoleRef): void;
  /** Writes what is pending; resolves when written (or failed and logged). */
  flush(): Promise<void>;
  /** Cancels the timer and flushes; later records are kept in memory only. */
  close(): Promise<void>;
}

export interface UsageRecorderDeps {
  clock: Clock;
  /** Merges the entries into the record on disk (usage-file.ts). */
  write(entries: UsageEntry[]): Promise<void>;
  /** Default 2 s. */
  debounceMs?: number;
  log?: (line: string) => void;
}

export function createUsageRecorder(deps: UsageRecorderDeps): UsageRecorder {
  const { clock } = deps;
  const debounceMs = deps.debounceMs ?? 2_000;
  const log = deps.log ?? (() => {});
  let pending = new Map<string, UsageEntry>();
  let timer: AbortController | undefined;
  let closed = false;
  let chain: Promise<void> = Promise.resolve();

  const writeBatch = async (): Promise<void> => {
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    try {
      await deps.write([...batch.values()]);
    } catch (e) {
      // Keep the batch (merged with anything recorded meanwhile) for the next flush.
      const merged = mergeUsage({ version: 1, entries: [...batch.values()] }, pending.values());
      pending = new Map(merged.entries.map((x) => [usageKey(x), x]));
      log(`usage record not written: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const flush = (): Promise<void> => (chain = chain.then(writeBatch));

  const schedule = (): void => {
    if (timer || closed) return;
    const t = (timer = new AbortController());
    clock.sleep(debounceMs, t.signal).then(
      () => {
        timer = undefined;
        void flush();
      },
      () => {},
    );
  };

  return {
    record(ref) {
      const at = new Date(clock.now()).toISOString();
      const key = usageKey(ref);
      const e = pending.get(key);
      if (e) e.lastUsed = at;
      else {
        const { ssoSession, accountId, roleName } = ref;
        pending.set(key, { ssoSession, accountId, roleName, firstSeen: at, lastUsed: at });
      }
      schedule();
    },
    flush,
    close() {
      closed = true;
      timer?.abort();
      timer = undefined;
      return flush();
    },
  };
}
