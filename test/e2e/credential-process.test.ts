/**
 * `awsid credential-process` as a credential_process consumer runs it: the built CLI as a child
 * process with a stdin pipe nobody closes (the JS SDK's way, docs/protocol.md, "Spawning and I/O"),
 * a temp HOME, the fake Identity Center and a real gnome-keyring on a private D-Bus.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeIdc, type FakeIdc } from '../fake-idc/index.js';
import { awsidBin, createSandbox, type CliResult, type Sandbox } from '../helpers/cli.js';
import { startWorld, type World } from '../helpers/world.js';
import { CORP_CREDENTIAL_PROCESS as CP, CORP_DEV_CONFIG } from '../helpers/corp.js';
import {
  keychainSkipReason,
  startPrivateKeyring,
  type PrivateKeyring,
} from '../helpers/keyring.js';

const reason = keychainSkipReason('credential-process end-to-end tests');

const CONFIG = CORP_DEV_CONFIG;
const MINUTE = 60_000;

/** Like sandbox.run, but stdin is a pipe that stays open: a read of stdin would hang the test. */
function runWithOpenStdin(sb: Sandbox, args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [awsidBin, ...args], {
      env: sb.env,
      cwd: sb.home,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      child.stdin.destroy();
      resolve({ code, stdout, stderr });
    });
  });
}

interface Doc {
  Version: number;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
}

function expectCredentialDocument(r: CliResult, fake: FakeIdc): Doc {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  // Exactly one JSON object and a newline.
  expect(r.stdout.endsWith('}\n')).toBe(true);
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  const doc = JSON.parse(r.stdout) as Doc;
  expect(Object.keys(doc).sort()).toEqual(
    ['AccessKeyId', 'Expiration', 'SecretAccessKey', 'SessionToken', 'Version'].sort(),
  );
  expect(doc.Version).toBe(1);
  expect(doc.AccessKeyId).toMatch(/^ASIA/);
  expect(fake.issuedSecrets()).toContain(doc.SecretAccessKey);
  expect(fake.issuedSecrets()).toContain(doc.SessionToken);
  // RFC 3339, UTC, `Z`, no fraction; and at least 15 minutes left
  // (docs/protocol.md, "Re-invocation").
  expect(doc.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(Date.parse(doc.Expiration) - Date.now()).toBeGreaterThanOrEqual(15 * MINUTE);
  return doc;
}

describe.skipIf(reason)('awsid credential-process end to end (keychain)', () => {
  let world: World;
  let fake: FakeIdc;
  let sb: Sandbox;

  beforeAll(async () => {
    world = await startWorld({
      keychain: true,
      config: CONFIG,
      fake: { person: { kind: 'approve', afterPolls: 0 } },
    });
    ({ fake, sb } = world);
  });
  afterAll(async () => world?.close());

  it('before login: one stderr line naming the session and `awsid login --sso-session corp`, exit 3, no browser', async () => {
    for (const args of [CP, ['credential-process', '--profile', 'dev']]) {
      const r = await runWithOpenStdin(sb, args);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        "awsid: sso-session 'corp' is not logged in; run: awsid login --sso-session corp\n",
      );
      expect(r.code).toBe(3);
    }
    expect(await sb.openedUrls()).toEqual([]);
    expect(fake.count('StartDeviceAuthorization')).toBe(0);
  });

  it('after login: one Version 1 document, cold daemon then warm, flags or --profile, stdin left open', async () => {
    const login = await sb.run(['login', '--no-browser']);
    expect(login.code).toBe(0);
    const cold = expectCredentialDocument(await runWithOpenStdin(sb, CP), fake);
    const status = await sb.run(['daemon', 'status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: true });
    const warm = expectCredentialDocument(await runWithOpenStdin(sb, CP), fake);
    const byProfile = expectCredentialDocument(
      await runWithOpenStdin(sb, ['credential-process', '--profile', 'dev']),
      fake,
    );
    // The daemon's cache answers the later calls: one upstream fetch for all three.
    expect(warm).toEqual(cold);
    expect(byProfile).toEqual(cold);
    expect(fake.count('GetRoleCredentials')).toBe(1);
    expect(await sb.openedUrls()).toEqual([]);
  });

  it('--no-daemon does the same work in-process', async () => {
    const doc = expectCredentialDocument(await runWithOpenStdin(sb, [...CP, '--no-daemon']), fake);
    expect(doc.Version).toBe(1);
    expect(fake.count('GetRoleCredentials')).toBe(2);
  });

  it('an unassigned role fails with one line and exit 5, without a browser', async () => {
    const r = await runWithOpenStdin(sb, [
      'credential-process',
      '--sso-session',
      'corp',
      '--account-id',
      '222222222222',
      '--role-name',
      'AdministratorAccess',
    ]);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2); // one line + the final newline
    expect(r.stderr).toBe(
      "awsid: role 'AdministratorAccess' in account 222222222222 is not assigned to you in sso-session 'corp'; run: awsid populate --sso-session corp --dry-run   (lists what you can reach)\n",
    );
    expect(r.code).toBe(5);
    expect(await sb.openedUrls()).toEqual([]);
  });

  it('leaves no issued secret in any file under HOME or TMPDIR, daemon.log included', async () => {
    const stop = await sb.run(['daemon', 'stop']);
    expect(stop.stdout).toMatch(/stopped awsid daemon pid \d+/);
    const stateDir = join(sb.home, '.local/state/awsid');
    expect(await readdir(stateDir)).toContain('daemon.log');
    expect(fake.issuedSecrets().length).toBeGreaterThan(4);
    expect(await sb.filesContaining(fake.issuedSecrets())).toEqual([]);
  });
});

describe.skipIf(reason)('an expired access token is refreshed, not logged in again', () => {
  let kr: PrivateKeyring;
  let fake: FakeIdc;
  let sb: Sandbox;

  beforeAll(async () => {
    kr = await startPrivateKeyring();
    // Access tokens live 3 s: the test waits until the one from login has really expired.
    fake = await startFakeIdc({
      person: { kind: 'approve', afterPolls: 0 },
      intervalSec: 1,
      accessTokenTtlSec: 3,
    });
    sb = await createSandbox({
      ...kr.env,
      AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
      AWS_ENDPOINT_URL_SSO: fake.url,
    });
    await sb.writeConfig(CONFIG);
  });
  afterAll(async () => {
    await sb?.run(['daemon', 'stop']);
    await sb?.close();
    await fake?.close();
    await kr?.close();
  });

  it('uses the refresh token (CreateToken) and starts no device authorization', async () => {
    expect((await sb.run(['login', '--no-browser'])).code).toBe(0);
    expect(fake.count('StartDeviceAuthorization')).toBe(1);
    const tokensAfterLogin = fake.count('CreateToken');
    const loggedInAt = fake.now();
    while (fake.now() < loggedInAt + 3_500) await new Promise((r) => setTimeout(r, 250));

    expectCredentialDocument(await runWithOpenStdin(sb, CP), fake);
    const refreshes = fake.log.filter((e) => e.operation === 'CreateToken').slice(tokensAfterLogin);
    expect(refreshes.length).toBeGreaterThanOrEqual(1);
    expect(refreshes.every((e) => e.status === 200)).toBe(true);
    expect(fake.count('StartDeviceAuthorization')).toBe(1);
    expect(await sb.openedUrls()).toEqual([]);

    const status = await sb.run(['status', '--json']);
    expect(JSON.parse(status.stdout).sessions[0]).toMatchObject({ loggedIn: true });
  });
});
