/**
 * `exec` and `env` honour AWS_PROFILE as `login` does, when none of
 * --profile/--sso-session/--account-id/--role-name is given; explicit flags win. The bundled fast
 * path does the same (the daemon reads the profile). `credential-process` never does: an AWS tool
 * runs it for the profile it resolves, whatever AWS_PROFILE says, so a bare line is refused (the
 * real AWS CLI v1 against moto shows it never answers for AWS_PROFILE's role). The built CLI, the
 * fake Identity Center, the passphrase store.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { awsidBin, type CliResult, collectOutput, repoRoot } from '../helpers/cli.js';
import { CORP_CREDENTIAL_PROCESS as CP, CORP_DEV_CONFIG } from '../helpers/corp.js';
import { motoUnavailableReason, startMoto, type Moto } from '../helpers/moto.js';
import { startWorld, type World } from '../helpers/world.js';

const AWSID = `${process.execPath} ${awsidBin}`;
const CONFIG = `${CORP_DEV_CONFIG}
[profile admin]
credential_process = awsid credential-process --sso-session corp --account-id 111111111111 --role-name AdministratorAccess

[profile loop]
credential_process = ${AWSID} credential-process

[profile prod]
credential_process = ${AWSID} credential-process --sso-session corp --account-id 111111111111 --role-name AdministratorAccess

[profile handwritten]
credential_process = ${AWSID} credential-process
region = us-east-1

[profile handwritten-fixed]
credential_process = ${AWSID} credential-process --profile dev
region = us-east-1

[profile typo]
sso_session = corpp
sso_account_id = 111111111111
sso_role_name = ReadOnlyAccess
`;

const BARE = `awsid: a bare 'awsid credential-process' names no role, and AWS_PROFILE may name another profile than the one being resolved; run: credential_process = awsid credential-process --sso-session S --account-id ID --role-name ROLE   (or --profile NAME, or: awsid adopt)\n`;
const motoMissing = motoUnavailableReason();

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

  it('credential-process without flags is refused, in-process and on the fast path, whatever AWS_PROFILE says', async () => {
    const from = w.fake.log.length;
    const full = await w.sb.run(['credential-process', '--no-daemon'], { AWS_PROFILE: 'admin' });
    expect(full.code).toBe(2);
    expect(full.stderr).toBe(BARE);
    expect(full.stdout).toBe('');

    expect((await w.sb.run(['daemon', 'start'])).code).toBe(0);
    for (const args of [['credential-process'], ['credential-process', '--auto-login']]) {
      const fast = await runFastOnly(args, { AWS_PROFILE: 'dev' });
      expect(fast.stderr).toBe(BARE);
      expect(fast.code).toBe(2);
      expect(fast.stdout).toBe('');
    }
    expect(rolesAsked(from)).toEqual([]);
  });

  it.skipIf(motoMissing)(
    "the AWS CLI resolving a handwritten profile never gets AWS_PROFILE's role",
    async () => {
      const moto: Moto = await startMoto();
      try {
        const env = { ...w.sb.env, AWS_PROFILE: 'prod', AWS_ENDPOINT_URL_STS: moto.url };
        const aws = (profile: string) =>
          collectOutput(
            spawn('aws', ['--profile', profile, 'sts', 'get-caller-identity'], {
              env,
              cwd: w.sb.home,
              stdio: ['ignore', 'pipe', 'pipe'],
            }),
          );
        const from = w.fake.log.length;
        const bare = await aws('handwritten');
        expect(bare.code).not.toBe(0);
        expect(bare.stderr).toContain("awsid: a bare 'awsid credential-process' names no role");
        expect(rolesAsked(from)).toEqual([]);
        // The line written for its own profile works, and is that profile's role, not prod's.
        const fixed = await aws('handwritten-fixed');
        expect(fixed.code, fixed.stderr).toBe(0);
        expect(JSON.parse(fixed.stdout)).toHaveProperty('Account');
        expect(new Set(rolesAsked(from))).toEqual(new Set(['ReadOnlyAccess']));
      } finally {
        await moto.close();
      }
    },
    60_000,
  );

  it('the fast path names the closest profile and sso-session for a typo', async () => {
    expect((await w.sb.run(['daemon', 'start'])).code).toBe(0);
    const profile = await runFastOnly(['credential-process', '--profile', 'dve'], {});
    expect(profile.stderr).toContain(
      `awsid: profile 'dve' is not in ${w.sb.configFile} (did you mean 'dev'?)`,
    );
    expect(profile.code).toBe(4);
    const session = await runFastOnly(['credential-process', '--profile', 'typo'], {});
    expect(session.stderr).toContain("unknown sso-session 'corpp' (did you mean 'corp'?)");
    expect(session.stderr).not.toContain('not logged in');
    expect(session.code).toBe(4);
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
    const expected = `awsid: profile 'loop' (line 15 of ${w.sb.configFile}) lacks sso_session, sso_account_id, sso_role_name\n  run: awsid populate   (or pass --sso-session, --account-id and --role-name)\n`;
    const full = await w.sb.run(['env', '--format', 'json'], { AWS_PROFILE: 'loop' });
    expect(full.code).toBe(4);
    expect(full.stderr).toBe(expected);
    expect(full.stdout).toBe('');
  });
});
