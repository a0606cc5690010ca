/**
 * The one locked read-modify-write of the lock kit (file-lock.ts), for every file awsid changes
 * while other awsid processes may too: the sealed state (src/store/sealed-store.ts), the AWS
 * config (src/awsconfig/file.ts) and the small JSON files (src/access/locked-json.ts).
 *
 * Under the lock it reads the file, lets `change` compute the new content from what it read, and
 * commits (writes, renames) only while the fence holds: the lock still carries this holder's token
 * and the file is unchanged since the read. A holder paused past the lock's stale limit (SIGSTOP,
 * laptop suspend) may have lost the lock and another process may have written meanwhile; then the
 * whole update starts over from a fresh read under a re-taken lock, a bounded number of times.
 */
import { FileBusyError } from '../core/errors.js';
import { shellQuote } from '../core/shell-quote.js';

/** How many times an update runs before it gives up because the file kept changing. */
export const UPDATE_ATTEMPTS = 5;

/** What the update needs of its lock (FileLock, FileLockSync). */
export interface FencedLock {
  stillHeld(): boolean | Promise<boolean>;
}

/**
 * Thrown by a fence check inside `change` (before a step that cannot be taken back, such as
 * sending a refresh token that rotates): the update drops this run and starts over.
 */
export class FenceLostError extends Error {
  constructor() {
    super('the lock was lost before a protected step');
  }
}

/** What `change` decided: nothing to write (`value`), or a `commit` that writes and answers. */
export type UpdateStep<T> = { value: T } | { commit: () => Promise<T> };

export interface LockedUpdate<S, T> {
  /** The file, for the error when it kept changing (a function: known once it was read). */
  file: string | (() => string);
  /** Runs its argument holding the file's lock. */
  withLock: <U>(fn: (lock: FencedLock) => Promise<U>) => Promise<U>;
  /** Reads the file; two reads are the same file when `text` of both is equal. */
  read: () => Promise<S>;
  text: (read: S) => string | undefined;
  /** `fence()` throws FenceLostError once the fence is lost (see the header). */
  change: (read: S, fence: () => Promise<void>) => Promise<UpdateStep<T>>;
}

export async function lockedUpdate<S, T>(u: LockedUpdate<S, T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const done = await u.withLock(async (lock): Promise<{ value: T } | undefined> => {
      const before = await u.read();
      const fence = async (): Promise<void> => {
        const held = (await lock.stillHeld()) && u.text(await u.read()) === u.text(before);
        if (!held) throw new FenceLostError();
      };
      try {
        const step = await u.change(before, fence);
        if ('value' in step) return step;
        await fence();
        return { value: await step.commit() };
      } catch (e) {
        if (e instanceof FenceLostError) return undefined;
        throw e;
      }
    });
    if (done) return done.value;
    if (attempt >= UPDATE_ATTEMPTS) {
      const file = typeof u.file === 'string' ? u.file : u.file();
      throw new FileBusyError(
        `${file} kept changing under another awsid process while this one updated it (${attempt} tries); nothing was written`,
        { hint: `run the same command again once no other awsid writes ${shellQuote(file)}` },
      );
    }
  }
}
