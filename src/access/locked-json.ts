/**
 * A small JSON file in awsid's state directory, changed by read-merge-write under the one lock
 * kit (src/platform/file-lock.ts, with the state lock's error: src/store/file-lock.ts) and replaced atomically (0600), so concurrent awsid processes
 * (the daemon and in-process callers) never overwrite each other's changes. Fenced like the
 * sealed store: right before the write the lock must still be ours and the file unchanged since
 * the read, else it starts over from a fresh read.
 */
import { dirname } from 'node:path';

import type { Clock } from '../core/clock.js';
import { SecretStoreError } from '../core/errors.js';
import { readRegularFile } from '../platform/read-regular-file.js';
import { inspectPrivateDir } from '../platform/private-dir.js';
import { ensurePrivateDir, writeFileAtomic } from '../platform/secure-fs.js';
import { withFileLock } from '../store/file-lock.js';

const ATTEMPTS = 5;

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
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const written = await withFileLock(
      `${path}.lock`,
      async (lock) => {
        const before = await readJsonText(path);
        const after = change(before);
        if (after === undefined || after === before) return true;
        if (!(await lock.stillHeld()) || (await readJsonText(path)) !== before) return false;
        await writeFileAtomic(path, after);
        return true;
      },
      { clock },
    );
    if (written) return;
  }
  throw new SecretStoreError(
    `${path} kept changing under another awsid process (${ATTEMPTS} tries); nothing was written`,
    { hint: 'run the same awsid command again' },
  );
}
