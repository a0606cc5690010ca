/**
 * `awsid access` end to end: the BUILT CLI as child processes, the fake Identity Center (whose
 * assignments change between reviews), the daemon and the in-process path recording use, and
 * python3's csv module as an independent RFC 4180 parser.
 */
import { spawnSync } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
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
  unused: boolean;
  change: string | null;
}
interface ReviewJson {
  ssoSession: string;
  generatedAt: string;
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

describe('awsid access: the access review', () => {
  let world: World;
  let fake: FakeIdc;
  let sb: Sandbox;
  let stateDir: string;
  let first: ReviewJson;

  const review = async (...flags: string[]): Promise<ReviewJson> => {
    const r = await sb.run(['access', '--json', ...flags]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as ReviewJson;
  };

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

  it('first review: every assignment with names; the role served by the daemon is used, the rest unused', async () => {
    expect((await sb.run(['login', '--use-device-code'])).code).toBe(0);
    const served = await sb.run(cp('111111111111', 'ReadOnlyAccess'));
    expect(served.code).toBe(0);
    // The daemon writes its batch within seconds, and at the latest when it stops.
    expect((await sb.run(['daemon', 'stop'])).code).toBe(0);
    first = await review();
    expect(first.ssoSession).toBe('corp');
    expect(first.previousReviewAt).toBeNull();
    expect(first.unusedDays).toBe(90);
    expect(first.assignments.map((a) => [a.accountName, a.roleName, a.unused, a.change])).toEqual([
      ['Data Lake, "EU"', 'PowerUserAccess', true, null],
      ['Production', 'ReadOnlyAccess', true, null],
      ['Sandbox', 'AdministratorAccess', true, null],
      ['Sandbox', 'ReadOnlyAccess', false, null],
    ]);
    const used = first.assignments[3]!;
    expect(used.lastUsed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(used.firstSeen).toBe(used.lastUsed);
    expect(Date.parse(first.generatedAt) - Date.parse(used.lastUsed!)).toBeLessThan(600_000);
    for (const a of first.assignments.slice(0, 3)) {
      expect([a.firstSeen, a.lastUsed]).toEqual([null, null]);
    }
  });

  it('next review: exactly the dropped account is removed and the new role added; the in-process path records too', async () => {
    expect((await sb.run(cp('333333333333', 'PowerUserAccess', '--no-daemon'))).code).toBe(0);
    fake.setAccounts(
      ACCOUNTS.filter((a) => a.accountId !== '222222222222').map((a) =>
        a.accountId === '111111111111' ? { ...a, roles: [...a.roles, 'Billing'] } : a,
      ),
    );
    const next = await review();
    expect(next.previousReviewAt).toBe(first.generatedAt);
    expect(brief(next)).toEqual([
      ['333333333333', 'PowerUserAccess', false, 'same'],
      ['222222222222', 'ReadOnlyAccess', true, 'removed'],
      ['111111111111', 'AdministratorAccess', true, 'same'],
      ['111111111111', 'Billing', true, 'added'],
      ['111111111111', 'ReadOnlyAccess', false, 'same'],
    ]);
    expect(next.assignments[1]!.accountName).toBe('Production');
  });

  it('--csv round-trips through a real CSV parser (python3 csv) to the rows of --json', async () => {
    const json = await review();
    const csv = await sb.run(['access', '--csv']);
    expect(csv.code).toBe(0);
    const py = spawnSync(
      'python3',
      [
        '-c',
        'import csv,json,sys; print(json.dumps(list(csv.DictReader(sys.stdin, strict=True))))',
      ],
      { input: csv.stdout, encoding: 'utf8' },
    );
    expect(py.stderr).toBe('');
    const parsed = JSON.parse(py.stdout) as Record<string, string>[];
    const asText = (a: Row) =>
      Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v === null ? '' : String(v)]));
    expect(parsed).toEqual(json.assignments.map(asText));
    expect(parsed.map((r) => r.accountName)).toContain('Data Lake, "EU"');
  });

  it('prints a table grouped by account with a summary; --fail-on-unused exits 1', async () => {
    const r = await sb.run(['access']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\nSandbox (111111111111)\n');
    expect(r.stdout).toMatch(/ {2}Billing +never used +UNUSED 90\+ days\n/);
    expect(r.stdout).toMatch(
      /\n4 assignments, 2 unused for 90\+ days, 0 added, 0 removed since \d{4}-\d\d-\d\d\n$/,
    );
    expect((await sb.run(['access', '--fail-on-unused'])).code).toBe(1);
  });

  it('keeps no secret on disk; the usage record and snapshots are 0600', async () => {
    const secrets = fake.issuedSecrets();
    expect(secrets.length).toBeGreaterThan(4);
    expect(await sb.filesContaining(secrets)).toEqual([]);
    const files = (await readdir(stateDir)).filter((f) => /^(usage|access-reviews)\.json$/.test(f));
    expect(files.sort()).toEqual(['access-reviews.json', 'usage.json']);
    for (const f of files) expect((await stat(join(stateDir, f))).mode & 0o777).toBe(0o600);
    const usage = JSON.parse(await readFile(join(stateDir, 'usage.json'), 'utf8')) as {
      entries: object[];
    };
    expect(Object.keys(usage.entries[0]!).sort()).toEqual(
      ['accountId', 'firstSeen', 'lastUsed', 'roleName', 'ssoSession'].sort(),
    );
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
  });
});
