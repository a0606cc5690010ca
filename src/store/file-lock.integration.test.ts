import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SecretStoreError } from '../core/errors.js';
import { systemClock } from '../platform/clock-node.js';
import { withFileLock } from './file-lock.js';

let dir: string;
let lock: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'awsid-lock-'));
  lock = join(dir, 'state.lock');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const opts = { clock: systemClock };
const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );
const pause = (ms: number) => systemClock.sleep(ms);

/** The pid of a process that has exited (reaped), so kill(pid, 0) says ESRCH. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

describe('withFileLock', () => {
  it('lets one holder in at a time and removes the lock afterwards', async () => {
    let inside = 0;
    let most = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        withFileLock(
          lock,
          async () => {
            inside++;
            most = Math.max(most, inside);
            await pause(5);
            inside--;
            done++;
          },
          opts,
        ),
      ),
    );
    expect(most).toBe(1);
    expect(done).toBe(10);
    expect(await exists(lock)).toBe(false);
  });

  it('writes pid, host and time into the lock file, mode 0600', async () => {
    await withFileLock(
      lock,
      async () => {
        const info = JSON.parse(await readFile(lock, 'utf8')) as Record<string, unknown>;
        expect(info.pid).toBe(process.pid);
        expect(info.host).toBe(hostname());
        expect(typeof info.since).toBe('string');
        expect((await stat(lock)).mode & 0o777).toBe(0o600);
      },
      opts,
    );
  });

  it('breaks a lock whose holder process is dead', async () => {
    const pid = deadPid();
    await writeFile(lock, JSON.stringify({ pid, host: hostname(), token: 'x', since: 'then' }));
    expect(
      await withFileLock(lock, () => Promise.resolve('got it'), { ...opts, waitMs: 200 }),
    ).toBe('got it');
  });

  it('breaks a lock untouched for longer than the stale limit, even if its pid lives', async () => {
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), token: 'x' }));
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    expect(await withFileLock(lock, () => Promise.resolve(1), { ...opts, waitMs: 200 })).toBe(1);
  });

  it('breaks an empty lock file (a holder that died between create and write) once it is old', async () => {
    await writeFile(lock, '');
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    expect(await withFileLock(lock, () => Promise.resolve(1), { ...opts, waitMs: 200 })).toBe(1);
  });

  it('gives up after waitMs with a clear error naming the holder', async () => {
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), since: 'T0' }));
    const err = await withFileLock(lock, () => Promise.resolve(1), { ...opts, waitMs: 150 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SecretStoreError);
    expect((err as SecretStoreError).message).toContain(`pid ${process.pid}`);
    expect((err as SecretStoreError).hint).toBe(`if no awsid process is running: rm ${lock}`);
    // Someone else's lock is left alone.
    expect(await exists(lock)).toBe(true);
  });

  it("does not judge a pid from another host by this host's process table", async () => {
    const pid = deadPid();
    await writeFile(lock, JSON.stringify({ pid, host: `not-${hostname()}` }));
    const err = await withFileLock(lock, () => Promise.resolve(1), { ...opts, waitMs: 100 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SecretStoreError);
  });

  it('keeps a long-held lock fresh, so waiters with a short stale limit do not break it', async () => {
    const o = { ...opts, staleMs: 300 };
    let overlap = false;
    let holding = false;
    const slow = withFileLock(
      lock,
      async () => {
        holding = true;
        await pause(1200);
        holding = false;
      },
      o,
    );
    await pause(50);
    await withFileLock(
      lock,
      () => {
        overlap = holding;
        return Promise.resolve();
      },
      o,
    );
    await slow;
    expect(overlap).toBe(false);
  });

  it('releases on error and does not remove a lock that is no longer its own', async () => {
    const err = await withFileLock(lock, () => Promise.reject(new Error('boom')), opts).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toBe('boom');
    expect(await exists(lock)).toBe(false);
    await withFileLock(
      lock,
      async () => {
        await writeFile(lock, JSON.stringify({ pid: 1, host: 'elsewhere', token: 'theirs' }));
      },
      opts,
    );
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ token: 'theirs' });
  });
});
