import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { systemClock } from '../platform/clock-node.js';
import {
  clearSnapshots,
  pickSnapshot,
  readSnapshots,
  SAVED_PER_SESSION,
  saveSnapshot,
} from './review-snapshot.js';

const snap = (ssoSession: string, day: string) => ({
  ssoSession,
  reviewedAt: `${day}T10:00:00.000Z`,
  assignments: [{ accountId: '111111111111', accountName: 'Sandbox', roleName: day }],
});

describe('saved reviews', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'awsid-reviews-'));
    path = join(dir, 'access-reviews.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it(`keeps the last ${SAVED_PER_SESSION} per sso-session, oldest dropped first`, async () => {
    await saveSnapshot(path, systemClock, snap('other', '2025-01-01'));
    for (let m = 1; m <= 10; m++) {
      const day = `2026-${String(m).padStart(2, '0')}-15`;
      await saveSnapshot(path, systemClock, snap('corp', day));
    }
    const corp = await readSnapshots(path, 'corp');
    expect(corp.map((s) => s.reviewedAt.slice(0, 10))).toEqual(
      [3, 4, 5, 6, 7, 8, 9, 10].map((m) => `2026-${String(m).padStart(2, '0')}-15`),
    );
    expect(await readSnapshots(path, 'other')).toHaveLength(1);
    await clearSnapshots(path, systemClock, 'corp');
    expect(await readSnapshots(path, 'corp')).toEqual([]);
    expect(await readSnapshots(path, 'other')).toHaveLength(1);
  });

  it('compares with the latest, or with the one closest to --since', () => {
    const saved = ['2026-01-10', '2026-04-10', '2026-07-10'].map((d) => snap('corp', d));
    expect(pickSnapshot([])).toBeUndefined();
    expect(pickSnapshot(saved)?.reviewedAt).toBe('2026-07-10T10:00:00.000Z');
    const on = (d: string) => pickSnapshot(saved, Date.parse(`${d}T00:00:00Z`))?.reviewedAt;
    expect(on('2026-03-30')).toBe('2026-04-10T10:00:00.000Z');
    expect(on('2025-06-01')).toBe('2026-01-10T10:00:00.000Z');
    expect(on('2027-01-01')).toBe('2026-07-10T10:00:00.000Z');
  });
});
