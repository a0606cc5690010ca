import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Clock } from '../core/clock.js';
import { systemClock } from '../platform/clock-node.js';
import { clearUsage, readUsage, writeUsage } from './usage-file.js';
import { createUsageRecorder } from './usage-recorder.js';
import type { UsageEntry } from './usage-record.js';

/** A clock whose sleeps end only when the test says so. */
function manualClock(start: number) {
  let t = start;
  const timers: { resolve: () => void; signal?: AbortSignal | undefined }[] = [];
  const clock: Clock = {
    now: () => t,
    sleep: (_ms, signal) =>
      new Promise<void>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new Error('aborted')));
        timers.push({ resolve, signal });
      }),
  };
  return {
    clock,
    advance: (ms: number) => (t += ms),
    /** Ends every pending sleep that was not aborted; returns how many. */
    fire: () => {
      const live = timers.splice(0).filter((x) => !x.signal?.aborted);
      for (const x of live) x.resolve();
      return live.length;
    },
  };
}

const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);
const ref = { ssoSession: 'corp', accountId: '111111111111', roleName: 'ReadOnly' };
const tick = () => new Promise((r) => setImmediate(r));

describe('usage recorder (batched, off the request path)', () => {
  it('writes nothing until the timer fires, then one batch with first and last use', async () => {
    const m = manualClock(T0);
    const writes: UsageEntry[][] = [];
    const rec = createUsageRecorder({
      clock: m.clock,
      write: (e) => Promise.resolve(void writes.push(e)),
    });
    rec.record(ref);
    m.advance(60_000);
    rec.record(ref);
    rec.record({ ...ref, roleName: 'Admin' });
    await tick();
    expect(writes).toEqual([]);
    expect(m.fire()).toBe(1);
    await tick();
    expect(writes).toEqual([
      [
        { ...ref, firstSeen: '2026-11-01T09:00:00.000Z', lastUsed: '2026-11-01T09:01:00.000Z' },
        {
          ...ref,
          roleName: 'Admin',
          firstSeen: '2026-11-01T09:01:00.000Z',
          lastUsed: '2026-11-01T09:01:00.000Z',
        },
      ],
    ]);
    await rec.close();
    expect(writes).toHaveLength(1);
  });

  it('close() cancels the timer and writes what is pending', async () => {
    const m = manualClock(T0);
    const writes: UsageEntry[][] = [];
    const rec = createUsageRecorder({
      clock: m.clock,
      write: (e) => Promise.resolve(void writes.push(e)),
    });
    rec.record(ref);
    await rec.close();
    expect(writes.map((w) => w.length)).toEqual([1]);
    expect(m.fire()).toBe(0);
  });

  it('a failed write is logged, never thrown, and the batch is written by the next flush', async () => {
    const m = manualClock(T0);
    const writes: UsageEntry[][] = [];
    const logs: string[] = [];
    let fail = true;
    const rec = createUsageRecorder({
      clock: m.clock,
      log: (l) => logs.push(l),
      write: (e) => {
        if (fail) return Promise.reject(new Error('disk full'));
        writes.push(e);
        return Promise.resolve();
      },
    });
    rec.record(ref);
    await rec.flush();
    expect(logs).toEqual(['usage record not written: disk full']);
    fail = false;
    m.advance(1000);
    rec.record(ref);
    await rec.close();
    expect(writes).toEqual([
      [{ ...ref, firstSeen: '2026-11-01T09:00:00.000Z', lastUsed: '2026-11-01T09:00:01.000Z' }],
    ]);
  });
});

describe('usage file (real file, real lock)', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'awsid-usage-'));
    // The state directory exists wherever credentials are served (the sealed state is in it).
    await mkdir(join(dir, 'state'), { mode: 0o700 });
    path = join(dir, 'state', 'usage.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('two recorders writing at once keep every entry, earliest firstSeen and latest lastUsed', async () => {
    const at = (ms: number): Clock => ({
      now: () => ms,
      sleep: (ms, s) => systemClock.sleep(ms, s),
    });
    const a = createUsageRecorder({
      clock: at(T0),
      write: (e) => writeUsage(path, systemClock, e),
    });
    const b = createUsageRecorder({
      clock: at(T0 + 3_600_000),
      write: (e) => writeUsage(path, systemClock, e),
    });
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      a.record({ ...ref, roleName: `A${i}` });
      b.record({ ...ref, roleName: `B${i}` });
      a.record(ref);
      b.record(ref);
      flushes.push(a.flush(), b.flush());
    }
    await Promise.all([...flushes, a.close(), b.close()]);
    const { entries } = await readUsage(path);
    expect(entries.map((e) => e.roleName).sort()).toEqual(
      [
        'ReadOnly',
        ...Array.from({ length: 20 }, (_, i) => `A${i}`),
        ...Array.from({ length: 20 }, (_, i) => `B${i}`),
      ].sort(),
    );
    expect(entries.find((e) => e.roleName === 'ReadOnly')).toEqual({
      ...ref,
      firstSeen: '2026-11-01T09:00:00.000Z',
      lastUsed: '2026-11-01T10:00:00.000Z',
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'state'))).mode & 0o777).toBe(0o700);
    expect(await readFile(path, 'utf8')).not.toMatch(/secret|token|key/i);
  });

  it('a flush never brings back a state directory that is gone (a daemon stopping late)', async () => {
    await rm(join(dir, 'state'), { recursive: true });
    await writeUsage(path, systemClock, [
      { ...ref, firstSeen: '2026-11-01T09:00:00.000Z', lastUsed: '2026-11-01T09:00:00.000Z' },
    ]);
    await expect(stat(join(dir, 'state'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('forgets one session or all, and ignores a malformed file instead of trusting it', async () => {
    await writeUsage(path, systemClock, [
      { ...ref, firstSeen: '2026-11-01T09:00:00.000Z', lastUsed: '2026-11-01T09:00:00.000Z' },
      {
        ...ref,
        ssoSession: 'other',
        firstSeen: '2026-11-01T09:00:00.000Z',
        lastUsed: '2026-11-01T09:00:00.000Z',
      },
    ]);
    await clearUsage(path, systemClock, 'corp');
    expect((await readUsage(path)).entries.map((e) => e.ssoSession)).toEqual(['other']);
    await clearUsage(path, systemClock);
    expect((await readUsage(path)).entries).toEqual([]);
    await writeUsage(path, systemClock, []);
    await writeFile(path, '{"entries":[{"ssoSession":"x","lastUsed":"yesterday"}, 7]}');
    expect((await readUsage(path)).entries).toEqual([]);
  });
});
