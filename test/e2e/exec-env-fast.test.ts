/**
 * `exec`, `env` and `prompt` with a warm daemon take the bundled fast path (fast-exec.ts, fast-prompt.ts):
 * run from a copy of awsid that holds only bin/ and dist/fast/, they still work, which they could
 * not if they loaded the full CLI (dist/bin, yargs, the AWS SDK). What the fast path leaves to the
 * full CLI (here: --ecs-server) fails in that copy, which shows the copy really lacks it.
 */
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FakeIdc } from '../fake-idc/index.js';
import { collectOutput, repoRoot, type CliResult, type Sandbox } from '../helpers/cli.js';
import { CORP_DEV_CONFIG } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

const PRINT_ENV = [
  process.execPath,
  '-e',
  'const e={};for(const[k,v]of Object.entries(process.env))if(/^(AWS_|AWSID_)/.test(k))e[k]=v;console.log(JSON.stringify(e));process.exitCode=3',
];

function runIn(
  bin: string,
  sb: Sandbox,
  args: string[],
  extra: Record<string, string> = {},
): Promise<CliResult> {
  const inherited = { AWS_PROFILE: 'inherited', AWS_ACCESS_KEY_ID: 'AKIAINHERITEDXXXXXXX' };
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...sb.env, ...inherited, ...extra },
    cwd: sb.home,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collectOutput(child);
}

describe('exec, env and prompt with a warm daemon: the bundled fast path', () => {
  let world: World;
  let fake: FakeIdc;
  let sb: Sandbox;
  let copy: string;
  let copyBin: string;

  beforeAll(async () => {
    world = await startWorld({
      fake: { person: { kind: 'approve', afterPolls: 0 } },
      env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'exec-fast-test-passphrase' },
      config: CORP_DEV_CONFIG,
    });
    ({ fake, sb } = world);
    expect((await sb.run(['login', '--no-browser'])).code).toBe(0);
    // Warm: the daemon runs and holds the role's credentials.
    expect((await sb.run(['credential-process', '--profile', 'dev'])).code).toBe(0);
    copy = await mkdtemp(join(tmpdir(), 'awsid-fast-only-'));
    await cp(join(repoRoot, 'bin'), join(copy, 'bin'), { recursive: true });
    await mkdir(join(copy, 'dist'));
    await cp(join(repoRoot, 'dist/fast'), join(copy, 'dist/fast'), { recursive: true });
    copyBin = join(copy, 'bin/awsid.js');
  });
  afterAll(async () => {
    await world?.close();
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it('exec --profile: the child gets the role, the region and the marker; its exit code passes', async () => {
    const r = await runIn(copyBin, sb, ['exec', '--profile', 'dev', '--', ...PRINT_ENV]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
    const seen = JSON.parse(r.stdout) as Record<string, string>;
    expect(seen.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(seen.AWS_REGION).toBe('eu-west-1');
    expect(seen.AWSID_EXEC).toBe('dev');
    expect(seen.AWS_PROFILE).toBeUndefined();
    expect(fake.count('GetRoleCredentials')).toBe(1);
  });

  it('env --format json with the three flags: the role, no region (none is known)', async () => {
    const args = ['env', '--sso-session', 'corp', '--account-id', '111111111111'];
    const r = await runIn(copyBin, sb, [...args, '--role-name=ReadOnlyAccess', '--format=json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const vars = JSON.parse(r.stdout) as Record<string, string>;
    expect(vars.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(vars.AWS_REGION).toBeUndefined();
    expect(fake.count('GetRoleCredentials')).toBe(1);
  });

  it('prompt: the profile and the minutes left on what the daemon holds, with no network', async () => {
    const before = fake.count('GetRoleCredentials');
    const r = await runIn(copyBin, sb, ['prompt'], { AWS_PROFILE: 'dev' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^dev \d+m\n$/);
    // A profile the daemon holds nothing for: just its name, and nothing is fetched.
    const other = await runIn(copyBin, sb, ['prompt'], { AWS_PROFILE: 'nothing-held' });
    expect(other.stdout).toBe('nothing-held\n');
    expect(fake.count('GetRoleCredentials')).toBe(before);
  });

  it('what the fast path leaves to the full CLI is not in the copy (the test can fail)', async () => {
    const r = await runIn(copyBin, sb, ['exec', '--ecs-server', '--profile', 'dev', '--', 'true']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND/);
  });
});
