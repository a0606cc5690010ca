/**
 * `awsid access` end to end: the BUILT CLI as child processes, the fake Identity Center (whose
 * assignments change between reviews, with account names written to attack a spreadsheet), the
 * daemon and the in-process path recording use, and python3's csv module as an independent
 * RFC 4180 parser. Reviews long after the record started are covered in
 * src/access/usage-record.test.ts (the CLI has no clock to move).
 */
import { spawnSync } from 'node:child_process';
import { access, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AccountSpec, FakeIdc } from '../fake-idc/index.js';
import type { Sandbox } from '../helpers/cli.js';
import { startWorld, type World } from '../helpers/world.js';

const ACCOUNTS: AccountSpec[] = [
  {
    accountId: '111111111111',
    accountName: 'Sandbox',
    roles: ['AdministratorAccess', 'ReadOnlyAccess'],
  },
  { accountId: '222222222222', accountName: 'Production', roles: ['ReadOnlyAccess'] },
  { accountId: '333333333333', accountName: 'Data Lake, "EU"', roles: ['PowerUserAccess'] },
];

interface Row {
  accountId: string;
  accountName: string;
  roleName: string;
  firstSeen: string | null;
  lastUsed: string | null;
  unused: boolean | null;
  observedSince: string | null;
  change: string | null;
}
interface ReviewJson {
  ssoSession: string;
  generatedAt: string;
  observedSince: string | null;
  previousReviewAt: string | null;
  unusedDays: number;
  assignments: Row[];
}

const cp = (accountId: string, roleName: string, ...more: string[]) => [
  'credential-process',
  '--sso-session',
  'corp',
  '--account-id',
  accountId,
  '--role-name',
  roleName,
  ...more,
];

/** [account, role, unused, change] per row, in the review's order. */
const brief = (r: ReviewJson) =>
  r.assignments.map((a) => [a.accountId, a.roleName, a.unused, a.change]);

/** python3's csv module reads the CSV: rows as objects of strings. */
function parseCsv(text: string): Record<string, string>[] {
  const py = spawnSync(
    'python3',
    ['-c', 'import csv,json,sys; print(json.dumps(list(csv.DictReader(sys.stdin, strict=True))))'],
    { input: text, encoding: 'utf8' },
  );
  expect(py.stderr).toBe('');
  return JSON.parse(py.stdout) as Record<string, string>[];
}

const DATE = /^\d{4}-\d\d-\d\d/;

describe('awsid access: the access review', () => {
  let world: World;
  let fake: FakeIdc;
  let sb: Sandbox;
  let stateDir: string;
  let saved: ReviewJson;

  const review = async (...flags: string[]): Promise<ReviewJson> => {
    const r = await sb.run(['access', '--json', ...flags]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as ReviewJson;
  };
  const reviewsFile = () => join(stateDir, 'access-reviews.json');
  const exists = (p: string) =>
    access(p).then(
      () => true,
      () => false,
    );

  beforeAll(async () => {
    world = await startWorld({
      fake: { accounts: ACCOUNTS, person: { kind: 'approve', afterPolls: 0 } },
      env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'e2e passphrase' },
    });
    ({ fake, sb } = world);
    stateDir = join(sb.home, '.local/state/awsid');
  });
  afterAll(async () => world?.close());

  it('before login: not logged in, with the login command', async () => {
    const r = await sb.run(['access']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      "awsid: sso-session 'corp' is not logged in\n  run: awsid login --sso-session corp\n",
    );
    expect(r.stdout).toBe('');
  });

  it('a fresh set-up: the role served is used; the others are "not enough history", never unused, in JSON, CSV and the table', async () => {
    expect((await sb.run(['login', '--use-device-code'])).code).toBe(0);
    const served = await sb.run(cp('111111111111', 'ReadOnlyAccess'));
    expect(served.code).toBe(0);
    // The daemon writes its batch within seconds, and at the latest when it stops.
    expect((await sb.run(['daemon', 'stop'])).code).toBe(0);
    const first = await review();
    expect(first.ssoSession).toBe('corp');
    expect(first.previousReviewAt).toBeNull();
    expect(first.unusedDays).toBe(90);
    expect(first.assignments.map((a) => [a.accountName, a.roleName, a.unused, a.change])).toEqual([
      ['Data Lake, "EU"', 'PowerUserAccess', null, null],
      ['Production', 'ReadOnlyAccess', null, null],
      ['Sandbox', 'AdministratorAccess', null, null],
      ['Sandbox', 'ReadOnlyAccess', false, null],
    ]);
    const used = first.assignments[3]!;
    expect(used.lastUsed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(used.firstSeen).toBe(used.lastUsed);
    // awsid has been recording since it first served this session.
    expect(first.observedSince).toBe(used.firstSeen);
    for (const a of first.assignments) expect(a.observedSince).toBe(used.firstSeen);
    expect(Date.parse(first.generatedAt) - Date.parse(used.lastUsed!)).toBeLessThan(600_000);
    for (const a of first.assignments.slice(0, 3)) {
      expect([a.firstSeen, a.lastUsed]).toEqual([null, null]);
    }
    const since = used.firstSeen!.slice(0, 10);

    const csv = await sb.run(['access', '--csv']);
    expect(csv.code).toBe(0);
    expect(parseCsv(csv.stdout).map((r) => r.unused)).toEqual([
      ...Array<string>(3).fill(`not enough history (observing since ${since})`),
      'false',
    ]);

    const table = await sb.run(['access']);
    expect(table.code).toBe(0);
    expect(table.stdout).not.toMatch(/unused(?! for 90)/i);
    expect(table.stdout).toMatch(
      new RegExp(
        ` {2}AdministratorAccess +never used +not enough history \\(observing since ${since}\\)\\n`,
      ),
    );
    expect(table.stdout).toMatch(
      new RegExp(
        `\\n4 assignments, 0 unused for 90\\+ days, 3 not enough history, no saved review to compare with; observing since ${since} \\(0 days\\)\\n$`,
      ),
    );
    // Nothing to send to the admin yet, so nothing fails in CI either.
    expect((await sb.run(['access', '--fail-on-unused'])).code).toBe(0);
    // A window awsid has watched for (0 days): the never-used roles are unused.
    const zero = await review('--unused-days', '0');
    expect(zero.assignments.slice(0, 3).map((a) => a.unused)).toEqual([true, true, true]);
  });

  it('a plain run saves nothing; --save records the baseline the next plain runs compare with', async () => {
    expect(await exists(reviewsFile())).toBe(false);
    saved = await review('--save');
    expect(saved.previousReviewAt).toBeNull();
    expect(await exists(reviewsFile())).toBe(true);

    expect((await sb.run(cp('333333333333', 'PowerUserAccess', '--no-daemon'))).code).toBe(0);
    fake.setAccounts(
      ACCOUNTS.filter((a) => a.accountId !== '222222222222').map((a) =>
        a.accountId === '111111111111' ? { ...a, roles: [...a.roles, 'Billing'] } : a,
      ),
    );
    const before = await readFile(reviewsFile(), 'utf8');
    for (let i = 0; i < 2; i++) {
      // The second plain run still compares with the saved one: the first did not replace it.
      const next = await review();
      expect(next.previousReviewAt).toBe(saved.generatedAt);
      expect(brief(next)).toEqual([
        ['333333333333', 'PowerUserAccess', false, 'same'],
        ['222222222222', 'ReadOnlyAccess', null, 'removed'],
        ['111111111111', 'AdministratorAccess', null, 'same'],
        ['111111111111', 'Billing', null, 'added'],
        ['111111111111', 'ReadOnlyAccess', false, 'same'],
      ]);
      expect(next.assignments[1]!.accountName).toBe('Production');
    }
    expect(await readFile(reviewsFile(), 'utf8')).toBe(before);
  });

  it('--since DATE compares with the saved review closest to it; a bad DATE is one line with the form', async () => {
    const second = await review('--save');
    expect(second.previousReviewAt).toBe(saved.generatedAt);
    expect((await review()).previousReviewAt).toBe(second.generatedAt);
    expect((await review('--since', '2000-01-01')).previousReviewAt).toBe(saved.generatedAt);
    expect((await review('--since', '2999-12-31')).previousReviewAt).toBe(second.generatedAt);
    for (const bad of ['2026-13-01', 'last week', '2026-02-30', '01/02/2026']) {
      const r = await sb.run(['access', '--since', bad]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /^awsid: --since must be a date in the form YYYY-MM-DD, not .+\n {2}run: awsid access --since 2026-01-31\n$/,
      );
    }
    const r = await sb.run(['access', '--since', 'last week']);
    expect(r.stderr).toContain("not 'last week'\n");
  });

  it('--csv round-trips through a real CSV parser (python3 csv) to the rows of --json', async () => {
    const json = await review();
    const csv = await sb.run(['access', '--csv']);
    expect(csv.code).toBe(0);
    const parsed = parseCsv(csv.stdout);
    const unusedText = (a: Row) =>
      a.unused === null
        ? `not enough history (observing since ${a.observedSince!.slice(0, 10)})`
        : String(a.unused);
    const asText = (a: Row) =>
      Object.fromEntries(
        Object.entries(a).map(([k, v]) => [
          k,
          k === 'unused' ? unusedText(a) : v === null ? '' : String(v),
        ]),
      );
    expect(parsed).toEqual(json.assignments.map(asText));
    expect(parsed.map((r) => r.accountName)).toContain('Data Lake, "EU"');
    expect(parsed[0]!.observedSince).toMatch(DATE);
  });

  it('--csv: portal account names that a spreadsheet would run as formulas start with a quote', async () => {
    const hostile = [
      '=HYPERLINK("http://x.example","y")',
      '+1+cmd',
      '-2+3',
      '@SUM(A1)',
      '\tTab',
      '\rCR',
    ];
    fake.setAccounts(
      hostile.map((accountName, i) => ({
        accountId: `44444444444${i}`,
        accountName,
        roles: ['ReadOnlyAccess'],
      })),
    );
    const csv = await sb.run(['access', '--csv']);
    expect(csv.code).toBe(0);
    const names = parseCsv(csv.stdout)
      .filter((r) => r.accountId!.startsWith('4444'))
      .map((r) => r.accountName);
    expect(names.sort()).toEqual(hostile.map((n) => `'${n}`).sort());
    // Every such cell is quoted, so the quote is inside the field, not a stray character.
    expect(csv.stdout).toContain(`,"'=HYPERLINK(""http://x.example"",""y"")",`);
    expect(csv.stdout).not.toMatch(/(^|,)[=+\-@\t\r]/m);
    const help = await sb.run(['access', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain("prefixed with ' and quoted");
    fake.setAccounts(ACCOUNTS);
  });

  it('keeps no secret on disk; the usage record and saved reviews are 0600', async () => {
    const secrets = fake.issuedSecrets();
    expect(secrets.length).toBeGreaterThan(4);
    expect(await sb.filesContaining(secrets)).toEqual([]);
    const files = (await readdir(stateDir)).filter((f) => /^(usage|access-reviews)\.json$/.test(f));
    expect(files.sort()).toEqual(['access-reviews.json', 'usage.json']);
    for (const f of files) expect((await stat(join(stateDir, f))).mode & 0o777).toBe(0o600);
    const usage = JSON.parse(await readFile(join(stateDir, 'usage.json'), 'utf8')) as {
      entries: object[];
      sessions: { ssoSession: string; observedSince: string }[];
    };
    expect(Object.keys(usage.entries[0]!).sort()).toEqual(
      ['accountId', 'firstSeen', 'lastUsed', 'roleName', 'ssoSession'].sort(),
    );
    expect(usage.sessions.map((s) => s.ssoSession)).toEqual(['corp']);
  });

  it('logout keeps the usage record; access --forget clears it', async () => {
    expect((await sb.run(['logout', '--sso-session', 'corp'])).code).toBe(0);
    const usage = () => readFile(join(stateDir, 'usage.json'), 'utf8');
    expect(JSON.parse(await usage()).entries).toHaveLength(2);
    const r = await sb.run(['access', '--forget', '--sso-session', 'corp']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "awsid: forgot the usage record and review snapshots of sso-session 'corp'\n",
    );
    expect(JSON.parse(await usage()).entries).toEqual([]);
    expect(JSON.parse(await usage()).sessions).toEqual([]);
  });
});
