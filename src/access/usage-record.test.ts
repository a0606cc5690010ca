import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { systemClock } from '../platform/clock-node.js';
import { buildReview } from './review.js';
import { clearUsage, readUsage, writeUsage } from './usage-file.js';
import { observedSince } from './usage-record.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 8, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const use = (roleName: string, first: number, last: number, ssoSession = 'corp') => ({
  ssoSession,
  accountId: '111111111111',
  roleName,
  firstSeen: iso(first),
  lastUsed: iso(last),
});

describe('observedSince: since when awsid has recorded a session', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'awsid-usage-'));
    path = join(dir, 'usage.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is written with the first batch and keeps the earliest across writers', async () => {
    await writeUsage(path, systemClock, [use('ReadOnly', NOW - 3 * DAY, NOW - DAY)]);
    await writeUsage(path, systemClock, [use('Admin', NOW - 2 * DAY, NOW - 2 * DAY)]);
    await writeUsage(path, systemClock, [use('X', NOW - 9 * DAY, NOW, 'other')]);
    const text = JSON.parse(await readFile(path, 'utf8')) as { sessions: unknown };
    expect(text.sessions).toEqual([
      { ssoSession: 'corp', observedSince: iso(NOW - 3 * DAY) },
      { ssoSession: 'other', observedSince: iso(NOW - 9 * DAY) },
    ]);
    const file = await readUsage(path);
    expect(observedSince(file, 'corp')).toBe(iso(NOW - 3 * DAY));
    expect(observedSince(file, 'nobody')).toBeNull();
  });

  it('a usage.json from before the field: the earliest firstSeen of the session', async () => {
    const entries = [use('A', NOW - 5 * DAY, NOW), use('B', NOW - 8 * DAY, NOW - 7 * DAY)];
    await writeFile(path, JSON.stringify({ version: 1, entries }), { mode: 0o600 });
    expect(observedSince(await readUsage(path), 'corp')).toBe(iso(NOW - 8 * DAY));
  });

  it('--forget of a session drops its observation too', async () => {
    await writeUsage(path, systemClock, [use('A', NOW - DAY, NOW), use('B', NOW, NOW, 'other')]);
    await clearUsage(path, systemClock, 'corp');
    const file = await readUsage(path);
    expect(observedSince(file, 'corp')).toBeNull();
    expect(observedSince(file, 'other')).toBe(iso(NOW));
  });

  it('a record written 100 days ago by the product: unused roles are reported unused', async () => {
    await writeUsage(path, systemClock, [use('ReadOnly', NOW - 100 * DAY, NOW - DAY)]);
    const file = await readUsage(path);
    const review = buildReview({
      ssoSession: 'corp',
      now: NOW,
      unusedDays: 90,
      current: ['Admin', 'ReadOnly'].map((roleName) => ({
        accountId: '111111111111',
        accountName: 'Sandbox',
        roleName,
      })),
      usage: file.entries,
      observedSince: observedSince(file, 'corp'),
      previous: undefined,
    });
    expect(review.assignments.map((a) => [a.roleName, a.unused])).toEqual([
      ['Admin', true],
      ['ReadOnly', false],
    ]);
  });
});
