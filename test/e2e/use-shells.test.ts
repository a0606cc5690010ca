/**
 * `awsid init` + `awsid use` in real shells (bash always; zsh and fish where installed, and CI
 * installs them): the function switches AWS_PROFILE in the shell itself, `use -` goes back, an
 * unknown name changes nothing and exits non-zero, `--clear` unsets, static keys that would
 * override the profile are unset, and every other command passes through with its exit code.
 * The switch warms the daemon: the role appears in its cache without any other call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  envWithAwsid,
  reported,
  runShell,
  shellMissing,
  USE_CONFIG,
} from '../helpers/awsid-shell.js';
import { startWorld, type World } from '../helpers/world.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];
for (const s of SHELLS) {
  const why = shellMissing(s);
  if (why) console.warn(`skipping the ${s} test: ${why}`);
}

/** Steps as [label, command]; each prints `label=<exit code> p=<AWS_PROFILE> key=<key>`. */
const STEPS: Array<[string, string]> = [
  ['use', 'awsid use dev'],
  ['odd', `awsid use 'ops+eu@corp:admin/x'`],
  ['back', 'awsid use -'],
  ['unknown', 'awsid use devv'],
  ['clear', 'awsid use --clear'],
  ['again', 'awsid use -'],
  ['usage', 'awsid no-such-command 2>/dev/null'],
  // zsh expands an unquoted =word to a command's path, also in `export X==ls`.
  ['equals', "awsid use '=ls'"],
];

function script(shell: Shell): string {
  if (shell === 'fish') {
    return [
      'awsid init fish | source',
      'set -gx AWS_ACCESS_KEY_ID AKIDSTATIC; set -gx AWS_SECRET_ACCESS_KEY static-secret',
      'function v; set -q $argv[1]; and echo -n $$argv[1]; or echo -n unset; end',
      ...STEPS.map(
        ([label, cmd]) =>
          `${cmd}; set rc $status; echo "${label}=$rc p="(v AWS_PROFILE)" key="(v AWS_ACCESS_KEY_ID)`,
      ),
    ].join('\n');
  }
  return [
    `eval "$(awsid init ${shell})"`,
    'export AWS_ACCESS_KEY_ID=AKIDSTATIC AWS_SECRET_ACCESS_KEY=static-secret',
    ...STEPS.map(
      ([label, cmd]) =>
        `${cmd}; echo "${label}=$? p=\${AWS_PROFILE-unset} key=\${AWS_ACCESS_KEY_ID-unset}"`,
    ),
  ].join('\n');
}

describe('awsid use through the shell function', () => {
  let world: World;
  let env: Record<string, string>;

  beforeAll(async () => {
    world = await startWorld({
      fake: { person: { kind: 'approve', afterPolls: 0 } },
      env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'use-shells' },
      config: `${USE_CONFIG}\n[profile =ls]\nregion = us-east-1\n`,
    });
    expect((await world.sb.run(['login', '--sso-session', 'corp', '--no-browser'])).code).toBe(0);
    expect((await world.sb.run(['unlock'])).code).toBe(0);
    env = await envWithAwsid(world.sb);
  }, 60_000);
  afterAll(async () => world?.close());

  /** The roles the daemon holds credentials for, as `account/role`. */
  async function cachedRoles(): Promise<string[]> {
    const r = await world.sb.run(['daemon', 'status', '--json']);
    const s = JSON.parse(r.stdout) as {
      service?: { cached: Array<{ accountId: string; roleName: string }> };
    };
    return (s.service?.cached ?? []).map((c) => `${c.accountId}/${c.roleName}`).sort();
  }

  for (const shell of SHELLS) {
    it.skipIf(shellMissing(shell))(`${shell}: use, use -, unknown, --clear`, async () => {
      const r = await runShell(shell, script(shell), env, world.sb.home);
      expect(reported(r.stdout)).toEqual({
        use: '0 p=dev key=unset',
        odd: '0 p=ops+eu@corp:admin/x key=unset',
        back: '0 p=dev key=unset',
        unknown: '4 p=dev key=unset',
        clear: '0 p=unset key=unset',
        again: '0 p=dev key=unset',
        usage: '2 p=dev key=unset',
        equals: '0 p==ls key=unset',
      });
      const err = r.stderr.split('\n');
      expect(err).toContain(
        'awsid: unset AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: they would override AWS_PROFILE',
      );
      expect(err).toContain('awsid: AWS_PROFILE=dev (ReadOnlyAccess in 111111111111, eu-west-1)');
      expect(err).toContain("awsid: profile 'devv' is not in ~/.aws/config; closest: 'dev'");
      expect(err).toContain('  run: awsid use dev');
      // The switch warmed the daemon by itself: dev's role is cached (polled, the warm-up runs
      // in the background and is never waited for).
      for (
        let i = 0;
        i < 100 && !(await cachedRoles()).includes('111111111111/ReadOnlyAccess');
        i++
      ) {
        await new Promise((res) => setTimeout(res, 100));
      }
      expect(await cachedRoles()).toContain('111111111111/ReadOnlyAccess');
    });
  }

  it('without the shell function, says which line loads it and changes nothing', async () => {
    const r = await world.sb.run(['use', 'dev'], { SHELL: '/usr/bin/zsh' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('  run: eval "$(awsid init zsh)"\n');
  });

  it('without a terminal, `awsid use` refuses in one line instead of waiting', async () => {
    const r = await runShell('bash', 'eval "$(awsid init bash)"; awsid use', env, world.sb.home);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'awsid: `awsid use` without a profile picks one on a terminal; there is none\n  run: awsid use dev\n',
    );
  });

  it('awsid prompt: the profile and minutes left from the daemon, never starting one', async () => {
    const prompt = (profile: string | undefined) =>
      world.sb.run(['prompt'], { AWS_PROFILE: profile });
    await world.sb.run(['credential-process', '--profile', 'prod']);
    expect((await prompt('prod')).stdout).toMatch(/^prod \d+m\n$/);
    expect((await prompt('static')).stdout).toBe('static\n');
    expect((await prompt('nope')).stdout).toBe('nope\n');
    expect(await prompt(undefined)).toEqual({ code: 0, stdout: '', stderr: '' });
    await world.sb.run(['daemon', 'stop']);
    expect(await prompt('prod')).toEqual({ code: 0, stdout: 'prod\n', stderr: '' });
    expect((await world.sb.run(['daemon', 'status'])).code).toBe(3);
  });

  it.skipIf(shellMissing('zsh'))(
    'awsid prompt zsh: a % in the name is shown, never run as a zsh prompt escape',
    async () => {
      // print -P applies prompt expansion, as zsh does to PS1 with prompt_subst.
      const line = `print -rP -- "$(awsid prompt zsh)|$(awsid prompt)"`;
      const r = await runShell('zsh', line, { ...env, AWS_PROFILE: '%F{red}x%f' }, world.sb.home);
      expect(r.code, r.stderr).toBe(0);
      const [escaped, plain] = r.stdout.trimEnd().split('|');
      expect(escaped).toBe('%F{red}x%f');
      expect(plain).not.toBe('%F{red}x%f');
    },
  );
});
