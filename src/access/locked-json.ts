/**
 * A small JSON file in awsid's state directory, changed by the lock kit's one read-modify-write
 * (src/platform/locked-update.ts, under the state lock's error: src/store/file-lock.ts) and
 * replaced atomically (0600), so concurrent awsid processes (the daemon and in-process callers)
 * never overwrite each other's changes.
 */
import { dirname } from 'node:path';

import type { Clock } from '../core/clock.js';
import { lockedUpdate } from '../platform/locked-update.js';
import { readRegularFile } from '../platform/read-regular-file.js';
import { inspectPrivateDir } from '../platform/private-dir.js';
import { ensurePrivateDir, writeFileAtomic } from '../platform/secure-fs.js';
import { withFileLock } from '../store/file-lock.js';

/** The file's text, or undefined when there is none. */
export async function readJsonText(path: string): Promise<string | undefined> {
  return (await readRegularFile(path))?.text;
}

/**
 * Reads `path`, lets `change` compute the new text from the old (undefined: leave it), writes it.
 * The lock file is `<path>.lock`; the directory is created 0700 (unless `createDir` is false:
 * then a missing directory means nothing to do) or must already be private.
 */
export async function updateJsonFile(
  path: string,
  clock: Clock,
  change: (text: string | undefined) => string | undefined,
  options: { createDir?: boolean } = {},
): Promise<void> {
  // A daemon flushing as it stops must not bring back a state directory someone just removed.
  if (options.createDir === false && inspectPrivateDir(dirname(path)) === 'missing') return;
  await ensurePrivateDir(dirname(path), 'awsid state directory');
  await lockedUpdate<string | undefined, void>({
    file: path,
    withLock: (fn) => withFileLock(`${path}.lock`, fn, { clock }),
    read: () => readJsonText(path),
    text: (text) => text,
    change: (before) => {
      const after = change(before);
      if (after === undefined || after === before) return Promise.resolve({ value: undefined });
      return Promise.resolve({ commit: () => writeFileAtomic(path, after) });
    },
  });
}
