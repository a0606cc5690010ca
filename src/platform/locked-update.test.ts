import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { FileBusyError } from '../core/errors.js';
import { systemClock } from './clock-node.js';
import { withFileLock } from './file-lock.js';
import { lockedUpdate, UPDATE_ATTEMPTS } from './locked-update.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'awsid locked update '));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function update(file: string, change: (text: string | undefined) => Promise<string>) {
  let commits = 0;
  const run = lockedUpdate<string | undefined, number>({
    file,
    withLock: (fn) => withFileLock(`${file}.lock`, fn, { clock: systemClock }),
    read: () => readFile(file, 'utf8').catch(() => undefined),
    text: (t) => t,
    change: async (text) => {
      const next = await change(text);
      return { commit: () => writeFile(file, next).then(() => ++commits) };
    },
  });
  return { run, commits: () => commits };
}

describe('lockedUpdate', () => {
  it('writes what change computed from the file read under the lock', async () => {
    const file = join(dir, 'f');
    await writeFile(file, 'a');
    const u = update(file, (t) => Promise.resolve(`${t}b`));
    await expect(u.run).resolves.toBe(1);
    expect(await readFile(file, 'utf8')).toBe('ab');
  });

  it('starts over when the file changed after the read, and gives up with the file named', async () => {
    const file = join(dir, "it's");
    await writeFile(file, '0');
    let runs = 0;
    // Another writer replaces the file between every read and write: each run is fenced out.
    const u = update(file, async () => {
      await writeFile(file, `other ${++runs}`);
      return 'mine';
    });
    const err = await u.run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileBusyError);
    expect((err as FileBusyError).exitCode).toBe(6);
    expect((err as FileBusyError).message).toBe(
      `${file} kept changing under another awsid process while this one updated it (${UPDATE_ATTEMPTS} tries); nothing was written`,
    );
    expect((err as FileBusyError).hint).toBe(
      `run the same command again once no other awsid writes '${dir}/it'"'"'s'`,
    );
    expect(runs).toBe(UPDATE_ATTEMPTS);
    expect(u.commits()).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(`other ${UPDATE_ATTEMPTS}`);
  });
});
