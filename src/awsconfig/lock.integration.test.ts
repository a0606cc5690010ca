import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Clock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import { resolveConfig } from './resolve.js';
import { withLockFile } from './lock.js';

const run = promisify(execFile);
const WORKER = join(import.meta.dirname, '../../test/fixtures/awsconfig/lock-worker.ts');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'awsid-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A clock whose sleep only moves time forward, so waiting tests take no real time. */
function fakeClock(start = 1_000_000): Clock & { slept: number } {
  let now = start;
  const c = {
    slept: 0,
    now: () => now,
    sleep: (ms: number) => {
      now += ms;
      c.slept += ms;
      return Promise.resolve();
    },
  };
  return c;
}

/** The pid of a process that has exited (a child we ran and waited for). */
async function deadPid(): Promise<number> {
  const child = execFile(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await new Promise((r) => child.on('exit', r));
  return pid;
}

describe('withConfigLock across processes', () => {
  it('two processes adding 20 sections each through the lock lose none of them', async () => {
    const path = join(dir, '.aws', 'config');
    const worker = (tag: string) =>
      run(process.execPath, ['--import', 'tsx', WORKER, path, tag, '20'], { cwd: process.cwd() });
    const [a, b] = await Promise.all([worker('a'), worker('b')]);
    expect(a.stdout + b.stdout).toContain('a done');
    expect(a.stdout + b.stdout).toContain('b done');
    const cfg = resolveConfig(await readFile(path, 'utf8'), path);
    expect(cfg.problems).toEqual([]);
    const names = [...cfg.profiles.keys()].sort();
    const expected = ['a', 'b'].flatMap((t) => Array.from({ length: 20 }, (_, i) => `${t}-${i}`));
    expect(names).toEqual(expected.sort());
    expect((await readdir(join(dir, '.aws'))).sort()).toEqual(['config', 'config.awsid.bak']);
  });
});

describe('withLockFile', () => {
  it('breaks a lock left by a dead process at once', async () => {
    const lock = join(dir, 'x.lock');
    const pid = await deadPid();
    await writeFile(lock, JSON.stringify({ pid, host: hostname(), token: 'n', since: 'then' }));
    const clock = fakeClock(Date.now());
    expect(await withLockFile(lock, () => Promise.resolve('ran'), { clock })).toBe('ran');
    expect(clock.slept).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('waits for a live holder, then gives up with a ConfigError naming it', async () => {
    const lock = join(dir, 'x.lock');
    const clock = fakeClock();
    const held = { pid: process.pid, host: hostname(), token: 'n', since: 'then' };
    await writeFile(lock, JSON.stringify(held));
    const err = await withLockFile(lock, () => Promise.resolve('ran'), {
      clock,
      timeoutMs: 5_000,
      staleMs: 60_000,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain(`process ${process.pid}`);
    expect(clock.slept).toBeGreaterThanOrEqual(5_000);
    // The other holder's lock is left alone.
    expect(JSON.parse(await readFile(lock, 'utf8'))).toEqual(held);
  });

  it('breaks a live-pid lock untouched for longer than staleMs (pid reuse after a crash)', async () => {
    const lock = join(dir, 'x.lock');
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), token: 'n' }));
    const old = new Date(Date.now() - 2_000);
    await utimes(lock, old, old);
    const clock = fakeClock(Date.now());
    expect(await withLockFile(lock, () => Promise.resolve('ran'), { clock, staleMs: 1_000 })).toBe(
      'ran',
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('judges an unreadable lock by its mtime', async () => {
    const lock = join(dir, 'x.lock');
    await writeFile(lock, '');
    const old = new Date(Date.now() - 120_000);
    await utimes(lock, old, old);
    const clock = fakeClock(Date.now());
    expect(await withLockFile(lock, () => Promise.resolve(1), { clock })).toBe(1);
    await expect(stat(lock)).rejects.toThrow();
  });

  it('holds the lock only while fn runs, and the file is 0600', async () => {
    const lock = join(dir, 'x.lock');
    const seen = await withLockFile(lock, async () => (await stat(lock)).mode & 0o777);
    expect(seen).toBe(0o600);
    await expect(stat(lock)).rejects.toThrow();
  });
});
