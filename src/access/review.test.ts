import { describe, expect, it } from 'vitest';

import { buildReview, snapshotOf } from './review.js';
import { csvField, reviewCsv, reviewSummary, reviewTable } from './review-format.js';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** awsid has been recording for 200 days: long enough to call a role unused. */
const LONG_AGO = iso(NOW - 200 * DAY);
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
      observedSince: LONG_AGO,
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
      '3 assignments, 2 unused for 90+ days, no saved review to compare with; observing since 2026-05-13 (200 days)',
    );
  });

  it('next review: added, removed (still listed) and same against the snapshot', () => {
    const first = buildReview({
      ssoSession: 'corp',
      now: NOW - 30 * DAY,
      unusedDays: 90,
      current: [prod, sandboxRead],
      usage: [],
      observedSince: LONG_AGO,
      previous: undefined,
    });
    const r = buildReview({
      ssoSession: 'corp',
      now: NOW,
      unusedDays: 90,
      current: [sandboxRead, sandboxAdmin],
      usage: [used(prod, NOW - DAY)],
      observedSince: LONG_AGO,
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
      '2 assignments, 2 unused for 90+ days, 1 added, 1 removed since 2026-10-30; observing since 2026-05-13 (200 days)',
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
        '2 assignments, 2 unused for 90+ days, 1 added, 1 removed since 2026-10-30; observing since 2026-05-13 (200 days)',
        '',
      ].join('\n'),
    );
  });
});

describe('not enough history', () => {
  const input = (observedSince: string | null) => ({
    ssoSession: 'corp',
    now: NOW,
    unusedDays: 90,
    current: [prod, sandboxRead, sandboxAdmin],
    usage: [used(sandboxRead, NOW - DAY)],
    observedSince,
    previous: undefined,
  });

  it('watched for 7 days of 90: never-used roles are null (not unused) in JSON, CSV and table', () => {
    const r = buildReview(input(iso(NOW - 7 * DAY)));
    expect(r.observedSince).toBe(iso(NOW - 7 * DAY));
    expect(r.assignments.map((a) => [a.accountName, a.roleName, a.unused])).toEqual([
      ['Production', 'ReadOnly', null],
      ['Sandbox', 'Admin', null],
      ['Sandbox', 'ReadOnly', false],
    ]);
    expect(r.assignments.every((a) => a.observedSince === iso(NOW - 7 * DAY))).toBe(true);
    const csv = reviewCsv(r);
    expect(csv).toContain(',not enough history (observing since 2026-11-22),');
    expect(csv).not.toContain(',true,');
    const table = reviewTable(r);
    expect(table).toContain(
      '  Admin     never used            not enough history (observing since 2026-11-22)\n',
    );
    expect(table).not.toContain('UNUSED');
    expect(reviewSummary(r)).toBe(
      '3 assignments, 0 unused for 90+ days, 2 not enough history, no saved review to compare with; observing since 2026-11-22 (7 days)',
    );
  });

  it('nothing recorded at all: not enough history, and the summary says so', () => {
    const r = buildReview({ ...input(null), usage: [] });
    expect(r.assignments.map((a) => a.unused)).toEqual([null, null, null]);
    expect(reviewTable(r)).toContain('not enough history (nothing recorded yet)');
    expect(reviewSummary(r)).toMatch(/; awsid has recorded no use of this sso-session yet$/);
  });

  it('watched for exactly --unused-days: unused is known', () => {
    const r = buildReview(input(iso(NOW - 90 * DAY)));
    expect(r.assignments.map((a) => a.unused)).toEqual([true, true, false]);
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
      observedSince: LONG_AGO,
      previous: undefined,
    });
    expect(reviewCsv(r)).toBe(
      'accountId,accountName,roleName,firstSeen,lastUsed,unused,observedSince,change\r\n' +
        `111111111111,"Data, ""Lake""",ReadOnly,,,true,${LONG_AGO},\r\n`,
    );
  });

  it("neutralises cells a spreadsheet would run as a formula (OWASP): a ' in front, quoted", () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvField(`${lead}HYPERLINK("x")`)).toBe(`"'${lead}HYPERLINK(""x"")"`);
    }
    expect(csvField('a=b')).toBe('a=b');
    const r = buildReview({
      ssoSession: 'corp',
      now: NOW,
      unusedDays: 90,
      current: [{ ...sandboxRead, accountName: "=cmd|' /C calc'!A0" }],
      usage: [],
      observedSince: LONG_AGO,
      previous: undefined,
    });
    expect(reviewCsv(r).split('\r\n')[1]).toBe(
      `111111111111,"'=cmd|' /C calc'!A0",ReadOnly,,,true,${LONG_AGO},`,
    );
  });

  it('shows control characters in server-supplied names as escapes', () => {
    const r = buildReview({
      ssoSession: 'corp',
      now: NOW,
      unusedDays: 90,
      current: [{ ...sandboxRead, accountName: 'Evil\u001b]0;owned\u0007' }],
      usage: [],
      observedSince: LONG_AGO,
      previous: undefined,
    });
    const table = reviewTable(r);
    expect(table).not.toMatch(/[\u001b\u0007]/);
    expect(table).toContain('Evil\\u{1b}]0;owned\\u{7} (111111111111)');
  });
});
