import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { systemClock } from './clock-node.js';
import { FileLock, withFileLock } from './file-lock.js';
import { FileLockSync, lockHeldSync } from './file-lock-sync.js';

const HOLDER = join(import.meta.dirname, '../../test/fixtures/platform/lock-holder.ts');

let dir: string;
let lock: string;
const children: ChildProcessWithoutNullStreams[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'awsid-kit-'));
  lock = join(dir, 'x.lock');
});
afterEach(async () => {
  for (const c of children.splice(0)) {
    c.kill('SIGCONT');
    c.kill('SIGKILL');
  }
  await rm(dir, { recursive: true, force: true });
});

const opts = { clock: systemClock };

/** The pid of a process that has exited (reaped), so kill(pid, 0) says ESRCH. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

const aged = async (path: string, ms: number) => {
  const t = new Date(Date.now() - ms);
  await utimes(path, t, t);
};

/** A lock-holder child process, and a way to wait for a line it prints. */
function holder(mode: 'async' | 'sync', staleMs: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, lock, mode, String(staleMs)], {
    cwd: join(import.meta.dirname, '../..'),
  });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const line = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const look = () => {
        const hit = out.split('\n').find((l) => l.startsWith(prefix));
        if (hit !== undefined) resolve(hit);
        else if (child.exitCode !== null) reject(new Error(`holder exited: ${out}`));
        else setTimeout(look, 10);
      };
      look();
    });
  return { child, line, say: () => child.stdin.write('go\n') };
}

describe('the lock kit', () => {
  it('breaks at once a lock whose holder is a dead process on this host (async and sync)', async () => {
    const stale = JSON.stringify({ pid: deadPid(), host: hostname(), token: 't', since: 'then' });
    await writeFile(lock, stale);
    expect(await withFileLock(lock, () => Promise.resolve('in'), { ...opts, waitMs: 0 })).toBe(
      'in',
    );
    await writeFile(lock, stale);
    const sync = FileLockSync.tryAcquire(lock, { staleMs: 60_000 });
    expect(sync).toBeDefined();
    sync!.release();
    // Neither the lock nor the break guard is left behind.
    expect(await readdir(dir)).toEqual([]);
  });

  it('breaks a lock untouched for longer than staleMs even though its holder lives', async () => {
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), token: 't' }));
    await aged(lock, 5_000);
    expect(
      await withFileLock(lock, () => Promise.resolve(1), { ...opts, staleMs: 1_000, waitMs: 0 }),
    ).toBe(1);
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), token: 't' }));
    expect(FileLockSync.tryAcquire(lock, { staleMs: 1_000 })).toBeUndefined();
    await aged(lock, 5_000);
    expect(FileLockSync.tryAcquire(lock, { staleMs: 1_000 })).toBeDefined();
  });

  it('lets only one of many waiters break a stale lock and hold it', async () => {
    await writeFile(lock, JSON.stringify({ pid: deadPid(), host: hostname(), token: 't' }));
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(
          lock,
          async () => {
            most = Math.max(most, ++inside);
            await systemClock.sleep(5);
            inside--;
          },
          opts,
        ),
      ),
    );
    expect(most).toBe(1);
  });

  it("keeps a live holder's lock fresh: a waiter with a short stale limit never breaks it", async () => {
    const h = holder('async', 300);
    await h.line('holding');
    const err = await withFileLock(lock, () => Promise.resolve('broke it'), {
      ...opts,
      staleMs: 300,
      waitMs: 1_500,
      busyError: () => new Error('still held'),
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('still held');
    h.say();
    expect(await h.line('stillHeld')).toBe('stillHeld true');
    await h.line('released');
    expect(await readdir(dir)).toEqual([]);
  });

  it('fencing: a holder paused past the stale limit learns it lost the lock, and leaves the new one', async () => {
    const h = holder('async', 300);
    await h.line('holding');
    h.child.kill('SIGSTOP');
    await withFileLock(
      lock,
      async (mine) => {
        h.child.kill('SIGCONT');
        h.say();
        expect(await h.line('stillHeld')).toBe('stillHeld false');
        await h.line('released');
        expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ token: mine.token });
        expect(await mine.stillHeld()).toBe(true);
      },
      { ...opts, staleMs: 300 },
    );
  });

  it('fencing: stillHeld() is false once another process took the lock', async () => {
    const held = await FileLock.acquire(lock, opts);
    await writeFile(lock, JSON.stringify({ pid: 1, host: 'elsewhere', token: 'theirs' }));
    expect(await held.stillHeld()).toBe(false);
    await held.release();
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ token: 'theirs' });
  });

  it('the sync twin and the async lock share one lock file', async () => {
    const h = holder('sync', 300);
    await h.line('holding');
    expect(lockHeldSync(lock, { staleMs: 60_000 })).toBe(true);
    const busy = await withFileLock(lock, () => Promise.resolve(), {
      ...opts,
      staleMs: 60_000,
      waitMs: 100,
      busyError: () => new Error('busy'),
    }).catch((e: unknown) => e);
    expect((busy as Error).message).toBe('busy');
    // Paused (and the sync twin has no timer heartbeat): past 300 ms the async waiter breaks it.
    h.child.kill('SIGSTOP');
    await withFileLock(
      lock,
      async () => {
        expect(FileLockSync.tryAcquire(lock, { staleMs: 60_000 })).toBeUndefined();
        h.child.kill('SIGCONT');
        h.say();
        expect(await h.line('stillHeld')).toBe('stillHeld false');
        await h.line('released');
      },
      { ...opts, staleMs: 300 },
    );
    expect(lockHeldSync(lock, { staleMs: 60_000 })).toBe(false);
    const sync = FileLockSync.tryAcquire(lock, { staleMs: 60_000 });
    expect(sync?.stillHeld()).toBe(true);
    sync!.release();
    expect(await readdir(dir)).toEqual([]);
  });
});
