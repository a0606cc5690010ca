/**
 * After `awsid adopt`, the real AWS CLI (botocore) and the JS SDK's fromIni resolve the adopted
 * profiles, under their old names, to credentials awsid serves from the fake Identity Center:
 * an sso-session profile, a legacy profile given an existing session, and a legacy profile in a
 * CRLF file given a new one. moto stands in for STS.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LEGACY_CRLF, SESSION_CONFIG } from '../helpers/adopt-configs.js';
import { fromIniInChild } from '../helpers/from-ini-child.js';
import { motoUnavailableReason, startMoto, type Moto } from '../helpers/moto.js';
import { startWorld, type World } from '../helpers/world.js';

const run = promisify(execFile);
const reason = motoUnavailableReason();
if (reason) console.warn(`skipping the adopt interop test: ${reason}`);

describe.skipIf(reason)('adopted profiles in the real AWS CLI and the JS SDK', () => {
  let w: World;
  let moto: Moto;
  const aws = (args: string[]) =>
    run('aws', args, {
      env: { ...w.sb.env, AWS_SHARED_CREDENTIALS_FILE: `${w.sb.home}/.aws/none` },
    });
  beforeAll(async () => {
    [w, moto] = await Promise.all([
      startWorld({
        env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'adopt-interop' },
        config: SESSION_CONFIG,
      }),
      startMoto(),
    ]);
    const adopt = await w.sb.run(['adopt']);
    if (adopt.code !== 0) throw new Error(`adopt failed: ${adopt.stderr}`);
    const login = await w.sb.run(['login', '--sso-session', 'corp', '--no-browser']);
    if (login.code !== 0) throw new Error(`login failed: ${login.stderr}`);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
    await moto?.close();
  });

  it('the AWS CLI reads the awsid credential_process and the kept region', async () => {
    const cp = await aws(['configure', 'get', 'credential_process', '--profile', 'dev']);
    expect(cp.stdout.trim()).toMatch(
      /^\S+ \S+\/bin\/awsid\.js credential-process --sso-session=corp --account-id=111111111111 --role-name=ReadOnlyAccess$/,
    );
    const list = await aws(['configure', 'list', '--profile', 'dev']);
    expect(list.stdout).toMatch(/access_key\s+\*+\w{4}\s+custom-process/);
    expect(list.stdout).toMatch(/region\s+eu-west-1\s+config-file/);
    const legacy = await aws(['configure', 'list', '--profile', 'old-prod']);
    expect(legacy.stdout).toMatch(/access_key\s+\*+\w{4}\s+custom-process/);
    expect(legacy.stdout).toMatch(/region\s+us-west-2\s+config-file/);
  });

  it('the AWS CLI calls STS (moto) with an adopted profile', async () => {
    // Its only credential source is awsid's credential_process (no credentials file, no keys in
    // the environment): without it the AWS CLI would say "Unable to locate credentials".
    const r = await aws([
      'sts',
      'get-caller-identity',
      '--profile',
      'prod',
      '--endpoint-url',
      moto.url,
      '--output',
      'json',
      // prod has no region of its own, as before adopting: adopt adds none.
      '--region',
      'us-east-1',
    ]);
    expect(JSON.parse(r.stdout)).toMatchObject({ Account: expect.stringMatching(/^\d{12}$/) });
    expect(w.fake.count('GetRoleCredentials')).toBeGreaterThan(0);
  });

  it('fromIni resolves the sso-session profile and the legacy one through awsid', async () => {
    for (const profile of ['dev', 'old-prod']) {
      const creds = await fromIniInChild(w.sb, profile);
      expect(creds.accessKeyId, profile).toMatch(/^\S{16,}$/);
      expect(creds.sessionToken, profile).toBeTruthy();
      expect(creds.expiration, profile).toBeGreaterThan(Date.now());
    }
  });

  it('a CRLF legacy file: its new [sso-session] serves the AWS CLI and fromIni after one login', async () => {
    await w.sb.writeConfig(LEGACY_CRLF);
    expect((await w.sb.run(['adopt'])).code).toBe(0);
    const login = await w.sb.run(['login', '--sso-session', 'd-fake000001', '--no-browser']);
    expect(login.code, login.stderr).toBe(0);
    const list = await aws(['configure', 'list', '--profile', 'admin']);
    expect(list.stdout).toMatch(/access_key\s+\*+\w{4}\s+custom-process/);
    expect(list.stdout).toMatch(/region\s+eu-central-1\s+config-file/);
    const creds = await fromIniInChild(w.sb, 'admin');
    expect(creds.accessKeyId).toMatch(/^\S{16,}$/);
    expect((await w.sb.run(['adopt', '--undo'])).code).toBe(0);
  });
});
