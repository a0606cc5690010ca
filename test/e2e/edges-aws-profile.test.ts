/**
 * `exec`, `env` and `credential-process` honour AWS_PROFILE as `login` does, when none of
 * --profile/--sso-session/--account-id/--role-name is given; explicit flags win. The bundled fast
 * path does the same (the daemon reads the profile). A profile whose credential_process is a bare
 * `awsid credential-process` is an incomplete profile, never a loop. The built CLI, the fake
 * Identity Center, the passphrase store.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { awsidBin, type CliResult, collectOutput, repoRoot } from '../helpers/cli.js';
import { CORP_CREDENTIAL_PROCESS as CP, CORP_DEV_CONFIG } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

const CONFIG = `${CORP_DEV_CONFIG}
[profile admin]
credential_process = awsid credential-process --sso-session corp --account-id 111111111111 --role-name AdministratorAccess

[profile loop]
credential_process = ${process.execPath} ${awsidBin} credential-process
`;

describe('AWS_PROFILE for exec, env and credential-process', () => {
  let w: World;
  let fastBin: string;

  function runFastOnly(args: string[], extra: Record<string, string>): Promise<CliResult> {
    const child = spawn(process.execPath, [fastBin, ...args], {
      env: { ...w.sb.env, ...extra },
      cwd: w.sb.home,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return collectOutput(child);
  }

  const rolesAsked = (from: number) =>
    w.fake.log
      .slice(from)
      .filter((e) => e.operation === 'GetRoleCredentials')
      .map((e) => e.query.role_name);

  beforeAll(async () => {
    w = await startWorld({
      fake: { person: { kind: 'approve', afterPolls: 0 } },
      env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'aws-profile-passphrase' },
      config: CONFIG,
    });
    expect((await w.sb.run(['login', '--sso-session', 'corp', '--no-browser'])).code).toBe(0);
    // The bundled fast client without the full CLI: a fallback would fail loudly.
    fastBin = join(w.sb.tmp, 'fast-only', 'bin', 'awsid.js');
    for (const file of ['bin/awsid.js', 'bin/package.json', 'dist/fast/credential-process.cjs']) {
      await mkdir(join(w.sb.tmp, 'fast-only', file, '..'), { recursive: true });
      await copyFile(join(repoRoot, file), join(w.sb.tmp, 'fast-only', file));
    }
  }, 60_000);
  afterAll(async () => w?.close());

  it('credential-process without flags uses AWS_PROFILE, in-process and on the fast path', async () => {
    let from = w.fake.log.length;
    const full = await w.sb.run(['credential-process', '--no-daemon'], { AWS_PROFILE: 'admin' });
    expect(full.code, full.stderr).toBe(0);
    expect(JSON.parse(full.stdout)).toMatchObject({ Version: 1 });
    expect(rolesAsked(from)).toEqual(['AdministratorAccess']);

    expect((await w.sb.run(['daemon', 'start'])).code).toBe(0);
    from = w.fake.log.length;
    const fast = await runFastOnly(['credential-process'], { AWS_PROFILE: 'dev' });
    expect(fast.stderr).toBe('');
    expect(fast.code).toBe(0);
    expect(rolesAsked(from)).toEqual(['ReadOnlyAccess']);
  });

  it('explicit flags win over AWS_PROFILE', async () => {
    const explicit = await w.sb.run(['env', '--format', 'json', ...CP.slice(1)], {
      AWS_PROFILE: 'dev',
    });
    expect(explicit.code, explicit.stderr).toBe(0);
    // Only a profile knows a client region: none here, so the flags were used, not dev.
    expect(JSON.parse(explicit.stdout)).not.toHaveProperty('AWS_REGION');
    const partial = await w.sb.run(['env', '--role-name', 'ReadOnlyAccess'], {
      AWS_PROFILE: 'dev',
    });
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain('missing --sso-session, --account-id');
  });

  it('env and exec without flags use AWS_PROFILE (and exec drops it from the child)', async () => {
    const printed = await w.sb.run(['env', '--format', 'json'], { AWS_PROFILE: 'dev' });
    expect(printed.code, printed.stderr).toBe(0);
    expect(JSON.parse(printed.stdout)).toMatchObject({ AWS_REGION: 'eu-west-1' });

    const script = 'echo "$AWS_REGION ${AWS_PROFILE-unset} ${AWS_ACCESS_KEY_ID:+keys}"';
    const ran = await w.sb.run(['exec', '--', 'sh', '-c', script], { AWS_PROFILE: 'dev' });
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toBe('eu-west-1 unset keys\n');
  });

  it('a profile whose credential_process is a bare awsid credential-process fails, never loops', async () => {
    const expected = `awsid: profile 'loop' (line 15 of ${w.sb.configFile}) lacks sso_session, sso_account_id, sso_role_name; run: awsid populate   (or pass --sso-session, --account-id and --role-name)\n`;
    const fast = await runFastOnly(['credential-process'], { AWS_PROFILE: 'loop' });
    expect(fast.code).toBe(4);
    expect(fast.stderr).toBe(expected);
    const full = await w.sb.run(['credential-process', '--no-daemon'], { AWS_PROFILE: 'loop' });
    expect(full.code).toBe(4);
    expect(full.stderr).toBe(expected);
  });
});
