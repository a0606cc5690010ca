/**
 * Flag parsing in-process: `main` with an injected Context (in-memory io, fake clock, recording
 * browser, memory store), one table of command lines -> exit code and first stderr line. The
 * end-to-end tests run the built binary; these pin what yargs and the parse step decide.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CORP_CONFIG } from '../../test/helpers/corp.js';
import { FakeClock } from '../../test/helpers/fake-clock.js';
import { createTestIO } from '../platform/io.js';
import { resolvePaths } from '../platform/paths.js';
import { openStateStore } from '../store/state-store.js';
import type { Context } from './context.js';
import { main } from './main.js';

let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'awsid-main-'));
  await mkdir(join(home, '.aws'));
  await writeFile(
    join(home, '.aws', 'config'),
    `${CORP_CONFIG}\n[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = ReadOnlyAccess\n\n[profile typo]\nsso_session = corpp\nsso_account_id = 111111111111\nsso_role_name = ReadOnlyAccess\n`,
  );
});
afterAll(() => rm(home, { recursive: true, force: true }));

async function awsid(argv: string[], extraEnv: Record<string, string> = {}) {
  const io = createTestIO();
  const env = { HOME: home, AWSID_SECRET_STORE: 'memory', ...extraEnv };
  const paths = resolvePaths(env);
  const clock = new FakeClock();
  const opened: string[] = [];
  const ctx: Context = {
    io,
    env,
    paths,
    clock,
    browser: {
      open: (url) => {
        opened.push(url);
        return Promise.resolve(true);
      },
    },
    version: '9.9.9',
    store: () => openStateStore({ env, paths, clock }),
  };
  const code = await main(argv, ctx);
  return { code, out: io.out(), err: io.err(), opened };
}

const MISSING_ROLE = /^awsid: missing --role-name \(or pass --profile NAME\)/;

describe('awsid command lines, in-process', () => {
  it.each<[string, string[], number, string | RegExp]>([
    ['no command', [], 2, 'awsid: name a command'],
    ['unknown command', ['logn'], 2, "awsid: unknown command 'logn'; did you mean login?"],
    ['unknown command', ['stauts'], 2, "awsid: unknown command 'stauts'; did you mean status?"],
    [
      'unknown command, with flags',
      ['populte', '--sso-session', 'corp'],
      2,
      "awsid: unknown command 'populte'; did you mean populate?",
    ],
    [
      'missing required flag',
      ['credential-process', '--sso-session', 'corp', '--account-id', '111111111111'],
      2,
      MISSING_ROLE,
    ],
    [
      'missing required flag, --flag=value form',
      ['credential-process', '--sso-session=corp', '--account-id=111111111111'],
      2,
      MISSING_ROLE,
    ],
    [
      'mutually exclusive flags',
      ['login', '--profile', 'dev', '--sso-session', 'corp'],
      2,
      'awsid: Arguments sso-session and profile are mutually exclusive',
    ],
    [
      'mutually exclusive flags',
      ['logout', '--all', '--sso-session', 'corp'],
      2,
      'awsid: Arguments all and sso-session are mutually exclusive',
    ],
    [
      'mutually exclusive flags (checked by the command)',
      ['credential-process', '--profile', 'dev', '--role-name', 'X'],
      2,
      /^awsid: --profile cannot be combined with --sso-session\/--account-id\/--role-name; run: awsid credential-process --profile dev$/,
    ],
    [
      'typo in a flag',
      ['status', '--jsn'],
      2,
      'awsid: unknown option --jsn for awsid status; did you mean --json?',
    ],
    [
      'typo in a flag',
      ['login', '--sso-sesion', 'corp'],
      2,
      'awsid: unknown option --sso-sesion for awsid login; did you mean --sso-session?',
    ],
    [
      'a camelCase twin of a flag is not a flag',
      ['status', '--ssoSession', 'corp'],
      2,
      'awsid: unknown option --ssoSession for awsid status; did you mean --sso-session?',
    ],
    [
      'a camelCase twin, --flag=value form',
      ['login', '--useDeviceCode=true'],
      2,
      'awsid: unknown option --useDeviceCode for awsid login; did you mean --use-device-code?',
    ],
    [
      'two unknown flags',
      ['logout', '--al', '--frobnicate'],
      2,
      'awsid: unknown option --al (did you mean --all?), option --frobnicate for awsid logout',
    ],
    ['a stray word', ['login', 'corp'], 2, "awsid: unknown argument 'corp' for awsid login"],
    [
      'a value not among the choices, on one line',
      ['env', '--profile=dev', '--format=xml'],
      2,
      "awsid: invalid --format 'xml': choose sh, fish, powershell, json, dotenv",
    ],
    [
      'a typo in a value',
      ['env', '--profile=dev', '--format', 'dotenb'],
      2,
      "awsid: invalid --format 'dotenb': choose sh, fish, powershell, json, dotenv; did you mean dotenv?",
    ],
    [
      'a typo in a positional',
      ['daemon', 'strat'],
      2,
      "awsid: invalid <action> 'strat': choose run, start, stop, status, install; did you mean start?",
    ],
    [
      'help for a command that does not exist',
      ['help', 'lgin'],
      2,
      "awsid: unknown command 'lgin'; did you mean login?",
    ],
    [
      '--flag=value reaches the command',
      ['populate', '--template={account_id}'],
      2,
      "awsid: --template '{account_id}' must use {role_name} and {account_name} or {account_id}, so each account and role gets its own profile",
    ],
    [
      '--flag=value forms all parsed',
      [
        'credential-process',
        '--sso-session=corp',
        '--account-id=111111111111',
        '--role-name=ReadOnlyAccess',
        '--no-daemon',
      ],
      3,
      "awsid: sso-session 'corp' is not logged in; run: awsid login --sso-session corp",
    ],
  ])('%s: %j', async (_what, argv, code, firstLine) => {
    const r = await awsid(argv);
    expect(r.code).toBe(code);
    const first = r.err.split('\n')[0]!;
    if (typeof firstLine === 'string') expect(first).toBe(firstLine);
    else expect(first).toMatch(firstLine);
    expect(r.out).toBe('');
    expect(r.opened).toEqual([]);
  });

  it.each([
    [['--help'], /^awsid <command> \[options\]\n/],
    [['login', '--help'], /^awsid login\n[\s\S]*--sso-session/],
    [['credential-process', '--help'], /--role-name/],
    [['--version'], /^9\.9\.9\n$/],
  ])(
    '%j: exit 0, the text on stdout (through the context), nothing on stderr',
    async (argv, out) => {
      const r = await awsid(argv);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(out);
      expect(r.err).toBe('');
    },
  );

  it.each([
    [['status', '--jsn'], 'awsid status --json'],
    [['login', '--sso-sesion=corp'], 'awsid login --sso-session=corp'],
    [['login', '--no-browsr'], 'awsid login --no-browser'],
    [['env', '--profile', 'dev', '--format', 'dotenb'], 'awsid env --profile dev --format dotenv'],
    [['daemon', 'strat'], 'awsid daemon start'],
    [['logout', '--al', '--frobnicate'], 'awsid logout --help'],
    [['login', 'corp'], 'awsid login --help'],
  ])('%j: the hint is the corrected line, or the help', async (argv, hint) => {
    const r = await awsid(argv);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toEqual([expect.stringMatching(/^awsid: /), `  run: ${hint}`, '']);
  });

  it('every command takes -h as --help, and help CMD prints the same', async () => {
    const top = await awsid(['--help']);
    const names = [...top.out.matchAll(/^ {2}awsid ([a-z-]+)/gm)].map((m) => m[1]!);
    expect(names).toEqual(expect.arrayContaining(['login', 'daemon', 'exec', 'help']));
    expect((await awsid(['-h'])).out).toBe(top.out);
    expect((await awsid(['help'])).out).toBe(top.out);
    // `help --help` is the general help (yargs' own rule for a command named help).
    for (const name of names.filter((n) => n !== 'help')) {
      const long = await awsid([name, '--help']);
      expect(long.code, name).toBe(0);
      expect(long.out, name).toMatch(new RegExp(`^awsid ${name}`));
      for (const same of [
        [name, '-h'],
        ['help', name],
      ]) {
        const r = await awsid(same);
        expect([r.code, r.err, r.out], same.join(' ')).toEqual([0, '', long.out]);
      }
    }
    // Not a -h of awsid's own: after `--` it belongs to the command exec runs.
    const exec = await awsid(['exec', '--profile', 'nope', '--', 'ls', '-h']);
    expect(exec.err).toMatch(/^awsid: profile 'nope' is not in /);
  });

  it('a usage error names the next command on its second line', async () => {
    const r = await awsid(['logn']);
    expect(r.err).toBe("awsid: unknown command 'logn'; did you mean login?\n  run: awsid login\n");
  });
});

describe('typos lead to the right place', () => {
  const config = join('~', '.aws', 'config');
  it.each<[string, string[], Record<string, string>, number, string, string]>([
    [
      'an unknown command word keeps the flags in the corrected line',
      ['populte', '--sso-session', 'corp'],
      {},
      2,
      "unknown command 'populte'; did you mean populate?",
      'awsid populate --sso-session corp',
    ],
    [
      'a word close to no command',
      ['frobnicate'],
      {},
      2,
      "unknown command 'frobnicate'",
      'awsid --help',
    ],
    [
      'options before any command',
      ['--profile', 'dev'],
      {},
      2,
      "name a command before '--profile'",
      'awsid --help',
    ],
    [
      "a shell's name as env's format",
      ['env', '--format', 'bash', '--profile', 'dev'],
      {},
      2,
      "invalid --format 'bash': choose sh, fish, powershell, json, dotenv; did you mean sh?",
      'awsid env --format sh --profile dev',
    ],
    [
      'exec with a mistyped profile',
      ['exec', '--profile', 'dve', '--', 'ls', '-l'],
      {},
      4,
      `profile 'dve' is not in ${config} (did you mean 'dev'?)`,
      'awsid exec --profile dev -- ls -l',
    ],
    [
      'env with a mistyped AWS_PROFILE',
      ['env', '--format', 'json'],
      { AWS_PROFILE: 'dve' },
      4,
      `profile 'dve' is not in ${config} (did you mean 'dev'?)`,
      'export AWS_PROFILE=dev',
    ],
    [
      'console with a mistyped profile',
      ['console', '--profile=dve', '--url'],
      {},
      4,
      `profile 'dve' is not in ${config} (did you mean 'dev'?)`,
      'awsid console --profile=dev --url',
    ],
    [
      'a profile naming a mistyped sso-session',
      ['env', '--profile', 'typo'],
      {},
      4,
      `profile 'typo' (line 11 of ${config}): unknown sso-session 'corpp' (did you mean 'corp'?)`,
      `fix sso_session in [profile typo] (line 11 of ${config})`,
    ],
    [
      'logout of an sso-session nobody knows',
      ['logout', '--sso-session', 'crop'],
      {},
      4,
      `unknown sso-session 'crop': not in ${config} and not logged in (did you mean 'corp'?)`,
      'awsid logout --sso-session corp',
    ],
  ])('%s', async (_what, argv, env, code, message, hint) => {
    const r = await awsid(argv, env);
    expect(r.err.replaceAll(home, '~')).toBe(`awsid: ${message}\n  run: ${hint}\n`);
    expect(r.code).toBe(code);
  });

  it('credential-process: the same, on its one line', async () => {
    const r = await awsid(['credential-process', '--profile', 'dve', '--no-daemon']);
    expect(r.err.replaceAll(home, '~')).toBe(
      `awsid: profile 'dve' is not in ${config} (did you mean 'dev'?); run: awsid credential-process --profile dev --no-daemon\n`,
    );
    expect(r.code).toBe(4);
  });
});
