/**
 * Interop: the REAL aws CLI on the machine image (v1, botocore) and the JS SDK's fromIni resolve a
 * profile whose credential_process is awsid, against a local STS (moto, started here) and the fake
 * Identity Center. botocore runs the process with shlex and no shell; the JS SDK with /bin/sh and a
 * stdin pipe it never closes (docs/protocol.md, "Spawning and I/O").
 */
import { spawn } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeIdc, type FakeIdc } from '../fake-idc/index.js';
import { awsidBin, createSandbox, repoRoot, type CliResult, type Sandbox } from '../helpers/cli.js';
import { motoUnavailableReason, startMoto, type Moto } from '../helpers/moto.js';

const reason = motoUnavailableReason();
if (reason) console.warn(`skipping interop tests: ${reason}`);

const CP_LINE = `${process.execPath} ${awsidBin} credential-process --sso-session corp --account-id 111111111111 --role-name ReadOnlyAccess`;
const CONFIG = `[sso-session corp]
sso_start_url = https://d-fake000001.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile p]
credential_process = ${CP_LINE}
region = us-east-1
`;

function run(cmd: string, args: string[], env: Record<string, string>, cwd: string) {
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** fromIni in a child process with the sandbox env (process.env here must stay untouched). */
const FROM_INI = `
import { fromIni } from '@aws-sdk/credential-providers';
const c = await fromIni({ profile: 'p' })();
console.log(JSON.stringify({ accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, expiration: c.expiration }));
`;

describe.skipIf(reason)(
  'interop: aws CLI v1 and the JS SDK run awsid as credential_process',
  () => {
    let fake: FakeIdc;
    let moto: Moto;
    let sb: Sandbox;
    let env: Record<string, string>;

    const aws = (...args: string[]) =>
      run('aws', ['sts', 'get-caller-identity', '--profile', 'p', ...args], env, sb.home);

    beforeAll(async () => {
      [fake, moto] = await Promise.all([
        startFakeIdc({ person: { kind: 'approve', afterPolls: 0 }, intervalSec: 1 }),
        startMoto(),
      ]);
      sb = await createSandbox({
        AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
        AWS_ENDPOINT_URL_SSO: fake.url,
        AWSID_SECRET_STORE: 'passphrase',
        AWSID_PASSPHRASE: 'interop-test-passphrase',
      });
      await sb.writeConfig(CONFIG);
      env = {
        ...sb.env,
        AWS_CONFIG_FILE: sb.configFile,
        AWS_SHARED_CREDENTIALS_FILE: `${sb.home}/.aws/credentials`,
        AWS_ENDPOINT_URL_STS: moto.url,
      };
    }, 60_000);
    afterAll(async () => {
      await sb?.run(['daemon', 'stop']);
      await sb?.close();
      await fake?.close();
      await moto?.close();
    });

    it('aws CLI before login: fails and shows our one line with the login command', async () => {
      const r = await aws('--endpoint-url', moto.url);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(
        "awsid: sso-session 'corp' is not logged in; run: awsid login --sso-session corp",
      );
      expect(await sb.openedUrls()).toEqual([]);
    });

    it('aws sts get-caller-identity signs with the key the fake issued (--endpoint-url and AWS_ENDPOINT_URL_STS)', async () => {
      expect((await sb.run(['login', '--no-browser'])).code).toBe(0);
      const r = await aws('--endpoint-url', moto.url, '--debug');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ Account: '123456789012' });
      const cp = await sb.run([
        'credential-process',
        '--sso-session',
        'corp',
        '--account-id',
        '111111111111',
        '--role-name',
        'ReadOnlyAccess',
      ]);
      const doc = JSON.parse(cp.stdout) as { AccessKeyId: string; SecretAccessKey: string };
      expect(fake.issuedSecrets()).toContain(doc.SecretAccessKey);
      expect(r.stderr).toContain(`Credential=${doc.AccessKeyId}/`);
      // The same through the endpoint variable alone.
      const viaEnv = await aws();
      expect(viaEnv.code).toBe(0);
      expect(JSON.parse(viaEnv.stdout)).toMatchObject({ Account: '123456789012' });
    });

    it("the JS SDK's fromIni resolves the same credentials (stdin pipe left open by the SDK)", async () => {
      const r = await run(
        process.execPath,
        ['--input-type=module', '-e', FROM_INI],
        env,
        // Module resolution of @aws-sdk/credential-providers starts here.
        repoRoot,
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const got = JSON.parse(r.stdout) as {
        accessKeyId: string;
        secretAccessKey: string;
        expiration: string;
      };
      const cp = await sb.run([
        'credential-process',
        '--sso-session',
        'corp',
        '--account-id',
        '111111111111',
        '--role-name',
        'ReadOnlyAccess',
      ]);
      const doc = JSON.parse(cp.stdout) as {
        AccessKeyId: string;
        SecretAccessKey: string;
        Expiration: string;
      };
      expect(got.accessKeyId).toBe(doc.AccessKeyId);
      expect(got.secretAccessKey).toBe(doc.SecretAccessKey);
      expect(Date.parse(got.expiration)).toBe(Date.parse(doc.Expiration));
    });

    it('after the full run no file under HOME or TMPDIR holds an issued secret', async () => {
      await sb.run(['daemon', 'stop']);
      expect(await sb.filesContaining(fake.issuedSecrets())).toEqual([]);
    });
  },
);
