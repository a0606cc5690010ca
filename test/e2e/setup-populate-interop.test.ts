/**
 * Issue 4 "Done when": after `awsid setup` (with a real login through the fake's scripted person)
 * the real AWS CLI lists the generated profiles and runs `sts get-caller-identity` with one of
 * them against a local STS (moto), and the JS SDK's fromIni resolves one too. Both run the
 * credential_process line populate wrote (absolute node + bin/awsid.js). The AWS CLI also reads
 * back the `awsid_account_name` populate wrote, one from an account name made to break the file.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { resolveConfig } from '../../src/awsconfig/resolve.js';
import { accountNameValue } from '../../src/populate/account-name.js';
import { DEFAULT_ACCOUNTS, startFakeIdc, type FakeIdc } from '../fake-idc/index.js';
import { createSandbox, type Sandbox } from '../helpers/cli.js';
import { fromIniInChild } from '../helpers/from-ini-child.js';
import { motoUnavailableReason, startMoto, type Moto } from '../helpers/moto.js';

const run = promisify(execFile);
const reason = motoUnavailableReason();
if (reason) console.warn(`skipping the AWS CLI interop test: ${reason}`);

const PROFILES = [
  'Production.ReadOnlyAccess',
  'Sandbox.AdministratorAccess',
  'Sandbox.ReadOnlyAccess',
];
/** A portal that names an account to break the file: populate writes a sanitised one-line name. */
const HOSTILE = {
  accountId: '333333333333',
  accountName: `Evil\n[profile default]\ncredential_process = sh -c id #x\x1b[2J ${'y'.repeat(200)}`,
  roles: ['ReadOnlyAccess'],
};

describe.skipIf(reason)('generated profiles in the real AWS CLI and the JS SDK', () => {
  let fake: FakeIdc;
  let moto: Moto;
  let sb: Sandbox;
  const aws = (args: string[]) =>
    run('aws', args, { env: { ...sb.env, AWS_SHARED_CREDENTIALS_FILE: `${sb.home}/.aws/none` } });

  beforeAll(async () => {
    [fake, moto] = await Promise.all([
      startFakeIdc({ intervalSec: 1, accounts: [...DEFAULT_ACCOUNTS, HOSTILE] }),
      startMoto(),
    ]);
    sb = await createSandbox({
      AWSID_SECRET_STORE: 'passphrase',
      AWSID_PASSPHRASE: 'interop',
      AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
      AWS_ENDPOINT_URL_SSO: fake.url,
    });
    await sb.writeConfig('[default]\nregion = eu-west-1\n');
    const r = await sb.run([
      'setup',
      '--sso-session',
      'corp',
      '--start-url',
      'https://d-fake000001.awsapps.com/start',
      '--region',
      'us-east-1',
      '--no-browser',
    ]);
    if (r.code !== 0) throw new Error(`setup failed: ${r.stderr}`);
  });
  afterAll(async () => {
    await sb?.run(['daemon', 'stop']);
    await sb?.close();
    await moto?.close();
    await fake?.close();
  });

  it('the AWS CLI lists every generated profile', async () => {
    // AWS CLI v2 has `configure list-profiles`; v1 (this machine) does not, so ask the botocore
    // it runs on for the same list.
    const listed = await aws(['configure', 'list-profiles'])
      .then((r) => r.stdout)
      .catch(() =>
        run(
          'python3',
          ['-c', 'import botocore.session as s; print("\\n".join(s.Session().available_profiles))'],
          { env: sb.env },
        ).then((r) => r.stdout),
      );
    const names = listed.trim().split('\n');
    const evil = names.filter((n) => n.startsWith('Evil-'));
    expect(evil).toHaveLength(1);
    expect(names.sort()).toEqual(['default', ...PROFILES, ...evil].sort());
    const one = await aws(['configure', 'list', '--profile', 'Sandbox.ReadOnlyAccess']);
    expect(one.stdout).toMatch(/access_key\s+\*+\w{4}\s+custom-process/);
    expect(one.stdout).toMatch(/region\s+us-east-1\s+config-file/);
  });

  it('the AWS CLI reads the account names back; a hostile one stayed one value', async () => {
    const get = (key: string, profile: string) =>
      aws(['configure', 'get', key, '--profile', profile]).then(
        (r) => r.stdout.trim(),
        () => undefined,
      );
    expect(await get('awsid_account_name', 'Sandbox.ReadOnlyAccess')).toBe('Sandbox');
    const evil = [...resolveConfig(await readFile(sb.configFile, 'utf8'), '').profiles.keys()].find(
      (n) => n.startsWith('Evil-'),
    );
    const name = await get('awsid_account_name', evil!);
    expect(name).toBe(accountNameValue(HOSTILE.accountName));
    expect(name).toMatch(/^Evil \[profile default\] credential_process = sh -c id#x \[2J y+$/);
    expect(await get('region', 'default')).toBe('eu-west-1');
    expect(await get('credential_process', 'default')).toBeUndefined();
    const one = await aws(['configure', 'list', '--profile', evil!]);
    expect(one.stdout).toMatch(/access_key\s+\*+\w{4}\s+custom-process/);
  });

  it('the AWS CLI runs sts get-caller-identity with a generated profile against moto', async () => {
    const before = fake.count('GetRoleCredentials');
    const r = await aws([
      'sts',
      'get-caller-identity',
      '--profile',
      'Sandbox.AdministratorAccess',
      '--endpoint-url',
      moto.url,
      '--output',
      'json',
    ]);
    expect(JSON.parse(r.stdout)).toMatchObject({ Account: expect.stringMatching(/^\d{12}$/) });
    expect(fake.count('GetRoleCredentials')).toBe(before + 1);
  });

  it('the JS SDK fromIni resolves a generated profile through its credential_process', async () => {
    // In a child process with the sandbox env: this test process's environment stays untouched.
    const creds = await fromIniInChild(sb, 'Production.ReadOnlyAccess');
    expect(creds.accessKeyId).toMatch(/^\S{16,}$/);
    expect(creds.sessionToken).toBeTruthy();
    expect(creds.expiration).toBeGreaterThan(Date.now());
  });
});
