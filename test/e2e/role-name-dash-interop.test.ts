/**
 * Permission sets may be named `--auto-login` or `-x` (Identity Center allows `[\w+=,.@-]`). The
 * credential_process line populate writes must hand such a name to awsid as the role name, not
 * as an option, whether botocore (shlex.split) or the JS SDK (`/bin/sh -c`) runs it, on the cold
 * path (full CLI, yargs) and the bundled fast client that talks to the daemon.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeIdc, type FakeIdc } from '../fake-idc/index.js';
import { createSandbox, type Sandbox } from '../helpers/cli.js';
import { fromIniInChild } from '../helpers/from-ini-child.js';
import { motoUnavailableReason, startMoto, type Moto } from '../helpers/moto.js';

const run = promisify(execFile);
const reason = motoUnavailableReason();
if (reason) console.warn(`skipping the role-name interop test: ${reason}`);

const ROLES = ['--auto-login', '-x'];

describe.skipIf(reason)('roles whose names start with a dash', () => {
  let fake: FakeIdc;
  let moto: Moto;
  let sb: Sandbox;
  let config = '';
  const aws = (args: string[]) =>
    run('aws', args, { env: { ...sb.env, AWS_SHARED_CREDENTIALS_FILE: `${sb.home}/.aws/none` } });
  /** The generated profile whose credential_process names `role` (names are sanitised). */
  const profileFor = (role: string): string => {
    const sections = config.split(/^(?=\[)/m);
    const section = sections.find((x) => x.includes(` --role-name=${role}\n`));
    const name = /^\[profile ([^\]]+)\]/.exec(section ?? '')?.[1];
    if (!name) throw new Error(`no profile for ${role} in:\n${config}`);
    return name;
  };

  beforeAll(async () => {
    [fake, moto] = await Promise.all([
      startFakeIdc({
        intervalSec: 1,
        accounts: [
          {
            accountId: '111111111111',
            accountName: 'Sandbox',
            emailAddress: 'sandbox@example.com',
            roles: ROLES,
          },
        ],
      }),
      startMoto(),
    ]);
    sb = await createSandbox({
      AWSID_SECRET_STORE: 'passphrase',
      AWSID_PASSPHRASE: 'interop',
      AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
      AWS_ENDPOINT_URL_SSO: fake.url,
    });
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
    config = await readFile(sb.configFile, 'utf8');
  });
  afterAll(async () => {
    await sb?.run(['daemon', 'stop']);
    await sb?.close();
    await moto?.close();
    await fake?.close();
  });

  it('populate writes every value in the --flag=value form', () => {
    expect(config).toContain(' --role-name=--auto-login\n');
    expect(config).toContain(' --role-name=-x\n');
    expect(config).not.toMatch(/--role-name -/);
  });

  it('populate rewrites lines of the old `--flag value` form in place', async () => {
    const old = config.replace(/ --(sso-session|account-id|role-name)=/g, ' --$1 ');
    expect(old).not.toBe(config);
    await sb.writeConfig(old);
    const r = await sb.run(['populate', '--sso-session', 'corp']);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(sb.configFile, 'utf8')).toBe(config);
  });

  it('the AWS CLI gets credentials for each (bundled fast client and daemon)', async () => {
    for (const role of ROLES) {
      const before = fake.count('GetRoleCredentials');
      const r = await aws([
        'sts',
        'get-caller-identity',
        '--profile',
        profileFor(role),
        '--endpoint-url',
        moto.url,
        '--output',
        'json',
      ]);
      // moto answers with its own account; the fake saw the role asked for by its exact name.
      expect(JSON.parse(r.stdout), role).toMatchObject({
        Account: expect.stringMatching(/^\d{12}$/),
      });
      expect(fake.count('GetRoleCredentials')).toBe(before + 1);
    }
  });

  it('the full CLI (yargs) reads --role-name=--auto-login as the role name', async () => {
    for (const role of ROLES) {
      const flags = ['--sso-session=corp', '--account-id=111111111111', `--role-name=${role}`];
      for (const args of [
        ['credential-process', ...flags, '--no-daemon'],
        ['credential-process', '--profile', profileFor(role), '--no-daemon'],
      ]) {
        const r = await sb.run(args);
        expect(r.stderr, args.join(' ')).toBe('');
        expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1 });
      }
    }
  });

  it('the JS SDK fromIni resolves each through /bin/sh -c', async () => {
    // In a child process with the sandbox env: this test process's environment stays untouched.
    for (const role of ROLES) {
      const creds = await fromIniInChild(sb, profileFor(role));
      expect(creds.accessKeyId, role).toMatch(/^\S{16,}$/);
      expect(creds.expiration, role).toBeGreaterThan(Date.now());
    }
  });
});
