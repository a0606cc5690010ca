/**
 * `awsid setup` + `awsid populate` end to end: the BUILT CLI as child
 * processes, the fake Identity Center, a real login by the fake's scripted person, and a
 * hand-written config holding every construct populate must keep (the whole scenario on LF with a
 * final newline; the write and its undo on CRLF without one). Whatever runs, the original text stays a byte-exact prefix of the file and
 * everything after it is setup's [sso-session] or populate's own output.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseConfigDocument } from '../../src/awsconfig/document.js';
import { resolveConfig } from '../../src/awsconfig/resolve.js';
import { startFakeIdc, type AccountSpec, type FakeIdc } from '../fake-idc/index.js';
import { awsidBin, createSandbox, type Sandbox } from '../helpers/cli.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/populate/hand-written.ini');
const START_URL = 'https://d-fake000001.awsapps.com/start';

const ACCOUNTS: AccountSpec[] = [
  {
    accountId: '111111111111',
    accountName: 'Sandbox',
    roles: ['AdministratorAccess', 'ReadOnlyAccess'],
  },
  { accountId: '222222222222', accountName: 'Production', roles: ['ReadOnlyAccess'] },
  { accountId: '333333333333', accountName: 'Data Lake (EU)', roles: ['PowerUserAccess'] },
  { accountId: '555555555555', accountName: 'Shared', roles: ['ReadOnlyAccess'] },
  { accountId: '444444444444', accountName: 'Shared', roles: ['ReadOnlyAccess'] },
];
/** Upstream later: Production loses its role, Sandbox gains Billing. */
const CHANGED: AccountSpec[] = ACCOUNTS.map((a) =>
  a.accountId === '222222222222'
    ? { ...a, roles: [] }
    : a.accountId === '111111111111'
      ? { ...a, roles: [...a.roles, 'Billing'] }
      : a,
);

function generated(name: string, accountId: string, role: string, session = 'corp'): string[] {
  return [
    `[profile ${name}]`,
    `awsid_generated = ${session}`,
    `credential_process = ${process.execPath} ${awsidBin} credential-process --sso-session=${session} --account-id=${accountId} --role-name=${role}`,
    'region = us-east-1',
    `awsid_account_name = ${ACCOUNTS.find((a) => a.accountId === accountId)!.accountName}`,
  ];
}

/** The file is `original` + only what setup and populate write (checked line by line). */
/** The text without the `--template` populate remembers in an [sso-session] (its own key line). */
const withoutRemembered = (text: string) =>
  text
    .replace(/^awsid_profile_template = .*\r?\n/gm, '')
    .replace(/\r?\nawsid_profile_template = [^\r\n]*$/, '');

function expectOnlyOursAfter(original: string, full: string, sessions: string[]): string[] {
  const text = withoutRemembered(full);
  expect(text.startsWith(original)).toBe(true);
  const tail = parseConfigDocument(text.slice(original.length));
  const groupComment = /^# awsid populate: sso-session (\S+)$/;
  const lineText = (n: number) => tail.lines[n - 1]!.text;
  for (const n of [...tail.preamble.comments, ...tail.sections.flatMap((s) => s.comments)]) {
    expect(lineText(n)).toMatch(groupComment);
  }
  expect(tail.preamble.invalid).toEqual([]);
  const profiles: string[] = [];
  for (const s of tail.sections) {
    expect(s.invalid).toEqual([]);
    if (s.header.kind === 'sso-session') {
      expect(sessions).toContain(s.header.name);
      continue;
    }
    expect(s.header.kind).toBe('profile');
    expect(s.keys.find((k) => k.name === 'awsid_generated')).toBeDefined();
    profiles.push(s.header.name);
  }
  return profiles;
}

interface Variant {
  label: string;
  crlf: boolean;
  /** The file already holds `[sso-session corp]` before setup runs. */
  session: boolean;
}
const LF: Variant = {
  label: 'LF with a final newline, no [sso-session] yet',
  crlf: false,
  session: false,
};
const CRLF: Variant = {
  label: 'CRLF without a final newline, [sso-session corp] already there',
  crlf: true,
  session: true,
};

/** A sandbox holding the hand-written config in `variant`'s form, and the fake it logs in to. */
function useHandWrittenConfig(variant: Variant) {
  const ctx = {} as { fake: FakeIdc; sb: Sandbox; original: string };
  beforeAll(async () => {
    ctx.fake = await startFakeIdc({ accounts: ACCOUNTS, intervalSec: 1 });
    ctx.sb = await createSandbox({
      AWSID_SECRET_STORE: 'passphrase',
      AWSID_PASSPHRASE: 'e2e passphrase',
      AWS_ENDPOINT_URL_SSO_OIDC: ctx.fake.url,
      AWS_ENDPOINT_URL_SSO: ctx.fake.url,
    });
    let text = await readFile(FIXTURE, 'utf8');
    if (variant.session) {
      text = text.replace(
        '[profile dev]',
        `[sso-session corp]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n\n[profile dev]`,
      );
    }
    if (variant.crlf) text = text.replace(/\r?\n/g, '\r\n').replace(/\r\n$/, '');
    ctx.original = text;
    await ctx.sb.writeConfig(ctx.original);
  });
  afterAll(async () => {
    await ctx.sb?.run(['daemon', 'stop']);
    await ctx.sb?.close();
    await ctx.fake?.close();
  });
  return ctx;
}

/** `awsid setup` on the hand-written file: exactly setup's and populate's lines are appended. */
async function setupWritesSessionAndProfiles(
  ctx: { fake: FakeIdc; sb: Sandbox; original: string },
  variant: Variant,
): Promise<void> {
  const { fake, sb, original } = ctx;
  const eol = variant.crlf ? '\r\n' : '\n';
  const r = await sb.run([
    'setup',
    '--sso-session',
    'corp',
    '--start-url',
    START_URL,
    '--region',
    'us-east-1',
    '--no-browser',
  ]);
  expect(r.stderr).toContain("Logged in to sso-session 'corp'.");
  expect(r.code).toBe(0);
  expect(r.stdout).toBe('');
  expect(fake.count('CreateToken')).toBeGreaterThan(0);
  const text = await readFile(sb.configFile, 'utf8');
  const sessionBlock = variant.session
    ? []
    : [
        '',
        '[sso-session corp]',
        `sso_start_url = ${START_URL}`,
        'sso_region = us-east-1',
        'sso_registration_scopes = sso:account:access',
      ];
  const expectedTail = [
    ...sessionBlock,
    '',
    '# awsid populate: sso-session corp',
    ...generated('Data-Lake-EU.PowerUserAccess', '333333333333', 'PowerUserAccess'),
    '',
    ...generated('Production.ReadOnlyAccess', '222222222222', 'ReadOnlyAccess'),
    '',
    ...generated('Sandbox.AdministratorAccess', '111111111111', 'AdministratorAccess'),
    '',
    ...generated('Shared.ReadOnlyAccess-444444444444', '444444444444', 'ReadOnlyAccess'),
    '',
    ...generated('Shared.ReadOnlyAccess-555555555555', '555555555555', 'ReadOnlyAccess'),
  ];
  // A file without a final newline keeps none: the one after its last line moves to the end.
  const expected = variant.crlf
    ? `${original}${eol}${expectedTail.join(eol)}`
    : `${original}${expectedTail.join(eol)}${eol}`;
  expect(text).toBe(expected);
  expectOnlyOursAfter(original, text, ['corp']);
  expect(r.stderr).toContain(
    `Sandbox.ReadOnlyAccess (line ${variant.session ? 36 : 31}; hand-written): account 111111111111, role ReadOnlyAccess not written`,
  );
  expect(r.stderr).toContain('5 added, 0 updated, 0 removed, 0 unchanged');
  expect(resolveConfig(text, sb.configFile).problems.filter((p) => p.severity === 'error')).toEqual(
    [],
  );
}

/*
 * The whole scenario runs once, on LF. Line endings and a missing final newline are the editor's
 * and the planner's business and are unit-tested there for every operation (document.test.ts,
 * edit.test.ts, plan.test.ts, diff.test.ts, setup-config.test.ts); the CRLF block below keeps
 * one end-to-end pass through the built CLI on a CRLF file: setup + populate append in CRLF, and
 * pruning everything gives the original bytes back.
 */
describe(`setup + populate on a hand-written config (${CRLF.label})`, () => {
  const ctx = useHandWrittenConfig(CRLF);

  it('setup writes the sso-session, logs in through the scripted person, and populates', () =>
    setupWritesSessionAndProfiles(ctx, CRLF));

  it('pruning everything gives back the original bytes exactly', async () => {
    ctx.fake.setAccounts([]);
    const r = await ctx.sb.run(['populate', '--sso-session', 'corp', '--prune']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('0 added, 0 updated, 5 removed');
    expect(await readFile(ctx.sb.configFile, 'utf8')).toBe(ctx.original);
  });
});

describe(`setup + populate on a hand-written config (${LF.label})`, () => {
  const ctx = useHandWrittenConfig(LF);
  let fake: FakeIdc;
  let sb: Sandbox;
  let original: string;
  const read = () => readFile(sb.configFile, 'utf8');
  beforeAll(() => {
    ({ fake, sb, original } = ctx);
  });

  it('setup writes the sso-session, logs in through the scripted person, and populates', () =>
    setupWritesSessionAndProfiles(ctx, LF));

  it('a second populate changes nothing: same bytes, same mtime, an empty --dry-run diff', async () => {
    const before = await read();
    const mtime = (await stat(sb.configFile)).mtimeMs;
    const r = await sb.run(['populate']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('0 added, 0 updated, 0 removed, 5 unchanged (no change)');
    expect(await read()).toBe(before);
    expect((await stat(sb.configFile)).mtimeMs).toBe(mtime);
    const dry = await sb.run(['populate', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe('');
  });

  it('--dry-run prints the upstream change as a unified diff and writes nothing', async () => {
    fake.setAccounts(CHANGED);
    const before = await read();
    const mtime = (await stat(sb.configFile)).mtimeMs;
    const r = await sb.run(['populate', '--prune', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^--- ~\/\.aws\/config\n\+\+\+ ~\/\.aws\/config\n@@ /);
    expect(r.stdout).toContain('+[profile Sandbox.Billing]\n');
    expect(r.stdout).toContain('-[profile Production.ReadOnlyAccess]\n');
    expect(r.stderr).toContain('1 would be added, 0 would be updated, 1 would be removed');
    expect(await read()).toBe(before);
    expect((await stat(sb.configFile)).mtimeMs).toBe(mtime);
  });

  it('a failed listing leaves the file untouched (no wipe on a failed sync)', async () => {
    const before = await read();
    // One attempt and three retries, all answered 500: the listing fails as a whole.
    fake.failNext('ListAccounts', { shape: 'InternalServerException', count: 4 });
    const r = await sb.run(['populate', '--prune']);
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/listing accounts: .* failed: InternalServerException \(HTTP 500\)/);
    expect(await read()).toBe(before);
  });

  it('without --prune keeps the unassigned profile; --prune removes it and only it, listing it', async () => {
    const keep = await sb.run(['populate']);
    expect(keep.code).toBe(0);
    expect(keep.stderr).toContain(
      'Production.ReadOnlyAccess (account 222222222222, role ReadOnlyAccess: no longer assigned; --prune removes it)',
    );
    const r = await sb.run(['populate', '--prune']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'removed (no longer assigned):\n  Production.ReadOnlyAccess (account 222222222222, role ReadOnlyAccess)',
    );
    const text = await read();
    const names = expectOnlyOursAfter(original, text, ['corp']);
    expect(names).toEqual([
      'Data-Lake-EU.PowerUserAccess',
      'Sandbox.AdministratorAccess',
      'Shared.ReadOnlyAccess-444444444444',
      'Shared.ReadOnlyAccess-555555555555',
      'Sandbox.Billing',
    ]);
    // The hand-written clash is still exactly as written.
    expect(text).toContain(
      '[profile Sandbox.ReadOnlyAccess]\nregion = ap-south-1\noutput = table\n',
    );
  });

  it('two populates started at once (two sessions) both land in a valid file', async () => {
    const other = await sb.run([
      'setup',
      '--sso-session',
      'other',
      '--start-url',
      'https://d-fake000002.awsapps.com/start',
      '--region',
      'us-east-1',
      '--no-login',
    ]);
    expect(other.code).toBe(0);
    expect((await sb.run(['login', '--sso-session', 'other', '--no-browser'])).code).toBe(0);
    const [a, b] = await Promise.all([
      sb.run([
        'populate',
        '--sso-session',
        'other',
        '--template',
        '{sso_session}.{account_id}.{role_name}',
      ]),
      sb.run(['populate', '--sso-session', 'corp', '--template', '{account_id}-{role_name}']),
    ]);
    expect([a.code, b.code, a.stderr + b.stderr]).toEqual([0, 0, expect.any(String)]);
    const text = await read();
    const cfg = resolveConfig(text, sb.configFile);
    expect(cfg.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const names = expectOnlyOursAfter(original, text, ['corp', 'other']);
    for (const n of [
      'other.111111111111.Billing',
      'other.333333333333.PowerUserAccess',
      '111111111111-Billing',
      '444444444444-ReadOnlyAccess',
      'Sandbox.Billing',
    ]) {
      expect(names).toContain(n);
    }
    expect(names.filter((n) => n.startsWith('other.'))).toHaveLength(6);
  });

  it("--prune of one session never touches the other session's profiles", async () => {
    fake.setAccounts(ACCOUNTS.filter((a) => a.accountId !== '333333333333'));
    const r = await sb.run(['populate', '--sso-session', 'corp', '--prune']);
    expect(r.code).toBe(0);
    const names = expectOnlyOursAfter(original, await read(), ['corp', 'other']);
    expect(names).not.toContain('Data-Lake-EU.PowerUserAccess');
    expect(names).not.toContain('333333333333-PowerUserAccess');
    expect(names).toContain('other.333333333333.PowerUserAccess');
  });

  it('without a token: NotLoggedInError with the login command; --auto-login logs in and populates', async () => {
    await sb.run(['logout', '--sso-session', 'other']);
    const before = await read();
    const r = await sb.run(['populate', '--sso-session', 'other']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("sso-session 'other' is not logged in");
    expect(r.stderr).toContain('run: awsid login --sso-session other');
    expect(await read()).toBe(before);
    const auto = await sb.run([
      'populate',
      '--sso-session',
      'other',
      '--template',
      '{sso_session}.{account_id}.{role_name}',
      '--auto-login',
      '--no-browser',
    ]);
    expect(auto.stderr).toContain("Logged in to sso-session 'other'.");
    expect(auto.code).toBe(0);
  });

  it('pruning everything gives back the original bytes plus only the [sso-session] sections setup added', async () => {
    fake.setAccounts([]);
    const tpl = ['--template', '{sso_session}.{account_id}.{role_name}'];
    expect((await sb.run(['populate', '--sso-session', 'corp', '--prune'])).code).toBe(0);
    expect((await sb.run(['populate', '--sso-session', 'other', '--prune', ...tpl])).code).toBe(0);
    const section = (name: string, url: string) => [
      `[sso-session ${name}]`,
      `sso_start_url = ${url}`,
      'sso_region = us-east-1',
      'sso_registration_scopes = sso:account:access',
    ];
    const added = [
      '',
      ...section('corp', START_URL),
      '',
      ...section('other', 'https://d-fake000002.awsapps.com/start'),
    ];
    expect(withoutRemembered(await read())).toBe(`${original}${added.join('\n')}\n`);
  });
});
