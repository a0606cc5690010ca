import { describe, expect, it } from 'vitest';

import { buildReview, snapshotOf } from './review.js';
import { csvField, reviewCsv, reviewSummary, reviewTable } from './review-format.js';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const sandboxRead = { accountId: '111111111111', accountName: 'Sandbox', roleName: 'ReadOnly' };
const sandboxAdmin = { ...sandboxRead, roleName: 'Admin' };
const prod = { accountId: '222222222222', accountName: 'Production', roleName: 'ReadOnly' };
const used = (a: { accountId: string; roleName: string }, lastMs: number) => ({
  ssoSession: 'corp',
  accountId: a.accountId,
  roleName: a.roleName,
  firstSeen: iso(lastMs - DAY),
  lastUsed: iso(lastMs),
});

describe('buildReview', () => {
  it('first review: previousReviewAt and every change are null; never used and old use are unused', () => {
    const r = buildReview({
      ssoSession: 'corp',
      now: NOW,
      unusedDays: 90,
      current: [prod, sandboxRead, sandboxAdmin],
      usage: [
        used(sandboxRead, NOW - DAY),
        used(prod, NOW - 91 * DAY),
        { ...used(sandboxAdmin, NOW), ssoSession: 'other' },
      ],
      previous: undefined,
    });
    expect(r.previousReviewAt).toBeNull();
    expect(r.generatedAt).toBe('2026-11-29T12:00:00.000Z');
    expect(r.assignments.map((a) => [a.accountName, a.roleName, a.unused, a.change])).toEqual([
      ['Production', 'ReadOnly', true, null],
      ['Sandbox', 'Admin', true, null],
      ['Sandbox', 'ReadOnly', false, null],
    ]);
    expect(r.assignments[1]!.lastUsed).toBeNull();
    expect(r.assignments[2]!.lastUsed).toBe(iso(NOW - DAY));
    expect(reviewSummary(r)).toBe(
      '3 assignments, 2 unused for 90+ days (first review: nothing to compare with)',
    );
  });

  it('next review: added, removed (still listed) and same against the snapshot', () => {
    const first = buildReview({
      ssoSession: 'corp',
      now: NOW - 30 * DAY,
      unusedDays: 90,
      current: [prod, sandboxRead],
      usage: [],
      previous: undefined,
    });
    const r = buildReview({
      ssoSession: 'corp',
      now: NOW,
      unusedDays: 90,
      current: [sandboxRead, sandboxAdmin],
      usage: [used(prod, NOW - DAY)],
      previous: snapshotOf(first),
    });
    expect(r.previousReviewAt).toBe(first.generatedAt);
    expect(r.assignments.map((a) => [a.roleName, a.accountId, a.change])).toEqual([
      ['ReadOnly', prod.accountId, 'removed'],
      ['Admin', sandboxRead.accountId, 'added'],
      ['ReadOnly', sandboxRead.accountId, 'same'],
    ]);
    expect(snapshotOf(r).assignments).toEqual([sandboxAdmin, sandboxRead]);
    expect(reviewSummary(r)).toBe(
      '2 assignments, 2 unused for 90+ days, 1 added, 1 removed since 2026-10-30',
    );
    expect(reviewTable(r)).toBe(
      [
        'sso-session corp, reviewed 2026-11-29T12:00:00.000Z',
        '',
        'Production (222222222222)',
        '  ReadOnly  last used 2026-11-28  REMOVED',
        '',
        'Sandbox (111111111111)',
        '  Admin     never used            ADDED, UNUSED 90+ days',
        '  ReadOnly  never used            UNUSED 90+ days',
        '',
        '2 assignments, 2 unused for 90+ days, 1 added, 1 removed since 2026-10-30',
        '',
      ].join('\n'),
    );
  });
});

describe('CSV (RFC 4180) and the terminal', () => {
  it('quotes fields with commas, quotes or line breaks, and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('writes a header and one CRLF line per row, null as empty', () => {
    const r = buildReview({
      ssoSession: 'corp',
      now: NOW,
      unusedDays: 90,
      current: [{ ...sandboxRead, accountName: 'Data, "Lake"' }],
      usage: [],
      previous: undefined,
    });
    expect(reviewCsv(r)).toBe(
      'accountId,accountName,roleName,firstSeen,lastUsed,unused,change\r\n' +
        '111111111111,"Data, ""Lake""",ReadOnly,,,true,\r\n',
    );
  });

  it('shows control characters in server-supplied names as escapes', () => {
    const r = buildReview({
      ssoSession: 'corp',
      now: NOW,
      unusedDays: 90,
      current: [{ ...sandboxRead, accountName: 'Evil\u001b]0;owned\u0007' }],
      usage: [],
      previous: undefined,
    });
    const table = reviewTable(r);
    expect(table).not.toMatch(/[\u001b\u0007]/);
    expect(table).toContain('Evil\\u{1b}]0;owned\\u{7} (111111111111)');
  });
});
