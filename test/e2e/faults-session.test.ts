/**
 * Session and state faults, end to end with the built CLI, a temp HOME
 * and the fake Identity Center: corrupt sealed state (passphrase and keychain stores), a session
 * that ended, auto-login for many callers. (Daemon faults: faults-daemon.test.ts.)
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeIdc, type FakeIdc } from '../fake-idc/index.js';
import { createSandbox, type CliResult, type Sandbox } from '../helpers/cli.js';
import { startWorld, type World } from '../helpers/world.js';
import { CORP_CONFIG as CONFIG, CORP_CREDENTIAL_PROCESS as CP } from '../helpers/corp.js';
import { keychainSkipReason } from '../helpers/keyring.js';

const ENDED = /^awsid: .*sso-session 'corp'.*; run: awsid login --sso-session corp\n$/;

function expectCredentials(r: CliResult): void {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1 });
}

/** credential-process fails with one line naming the file; login moves the file aside and works. */
async function expectCorruptThenRecover(sb: Sandbox, stateDir: string, corrupt: Buffer) {
  const file = join(stateDir, 'state.sealed');
  const r = await sb.run(CP);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
  expect(r.stderr).toContain(`awsid: ${file} `);
  expect(r.stderr).toMatch(/; run: awsid login\n$/);
  expect(r.code).toBe(7);

  const login = await sb.run(['login', '--no-browser']);
  expect(login.code).toBe(0);
  expect(login.stderr).toContain('moved it aside to');
  const moved = (await readdir(stateDir)).filter((f) => f.startsWith('state.sealed.unreadable-'));
  expect(moved).toHaveLength(1);
  // Moved, not deleted: the bytes are still there for a post-mortem.
  expect(await readFile(join(stateDir, moved[0]!))).toEqual(corrupt);
  expectCredentials(await sb.run(CP));
}

describe('session and state faults (passphrase store)', () => {
  let fake: FakeIdc;
  let sb: Sandbox;
  let stateDir: string;

  beforeAll(async () => {
    fake = await startFakeIdc({ person: { kind: 'approve', afterPolls: 1 }, intervalSec: 1 });
    sb = await createSandbox({
      AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
      AWS_ENDPOINT_URL_SSO: fake.url,
      AWSID_SECRET_STORE: 'passphrase',
      AWSID_PASSPHRASE: 'faults-test-passphrase',
    });
    stateDir = join(sb.home, '.local/state/awsid');
    await sb.writeConfig(CONFIG);
    expect((await sb.run(['login', '--no-browser'])).code).toBe(0);
  });
  afterAll(async () => {
    await sb?.run(['daemon', 'stop']);
    await sb?.close();
    await fake?.close();
  });

  it('a state file that is not a sealed document: one clear line (exit 7), `awsid login` moves it aside', async () => {
    await sb.run(['daemon', 'stop']);
    const file = join(stateDir, 'state.sealed');
    const bytes = await readFile(file);
    const truncated = bytes.subarray(0, Math.floor(bytes.length / 2));
    await writeFile(file, truncated);
    await expectCorruptThenRecover(sb, stateDir, truncated);
  });

  it('session ended: every caller gets the one-line error naming `awsid login --sso-session corp`, no browser', async () => {
    await sb.run(['daemon', 'stop']); // drop the cached role credentials
    fake.endSession();
    fake.expireAccessTokens();
    const urlsBefore = (await sb.openedUrls()).length;
    const authsBefore = fake.count('StartDeviceAuthorization');
    const results = await Promise.all(Array.from({ length: 5 }, () => sb.run(CP)));
    for (const r of results) {
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(ENDED);
      expect(r.code).toBe(3);
    }
    expect((await sb.openedUrls()).length).toBe(urlsBefore);
    expect(fake.count('StartDeviceAuthorization')).toBe(authsBefore);
  });

  it('--auto-login with 20 parallel callers after the session ended: one device authorization, one tab, all succeed', async () => {
    // Fresh daemon (no cached credentials); the session ended in the previous test. The sandbox
    // has a browser, so without the key the daemon would sign in with PKCE.
    await sb.writeConfig(`${CONFIG}awsid_login_flow = device-code\n`);
    await sb.run(['daemon', 'stop']);
    expect((await sb.run(['daemon', 'start'])).code).toBe(0);
    const urlsBefore = (await sb.openedUrls()).length;
    const authsBefore = fake.count('StartDeviceAuthorization');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => sb.run([...CP, '--auto-login'])),
    );
    expect(fake.count('StartDeviceAuthorization')).toBe(authsBefore + 1);
    const auth = fake.deviceAuthorizations().at(-1)!;
    // Each caller waiting on the sign-in was told where to approve it (auto-login-notice.test.ts).
    const notice = new RegExp(
      `^awsid: sign in for sso-session 'corp': open \\S+ and confirm code ${auth.userCode} \\(waiting up to \\d+ (min|s)\\)\n$`,
    );
    for (const r of results) expectCredentials({ ...r, stderr: r.stderr.replace(notice, '') });
    const opened = (await sb.openedUrls()).slice(urlsBefore);
    expect(opened).toEqual([auth.verificationUriComplete]);
  }, 60_000);
});

const keyringReason = keychainSkipReason('the keychain corrupt-state test');

describe.skipIf(keyringReason)('corrupt sealed state (keychain store)', () => {
  let world: World;
  let sb: Sandbox;

  beforeAll(async () => {
    world = await startWorld({
      keychain: true,
      fake: { person: { kind: 'approve', afterPolls: 0 } },
    });
    ({ sb } = world);
    expect((await sb.run(['login', '--no-browser'])).code).toBe(0);
  });
  afterAll(async () => world?.close());

  it('overwritten bytes: one clear line (exit 7), then `awsid login` moves the file aside and recovers', async () => {
    const stateDir = join(sb.home, '.local/state/awsid');
    const file = join(stateDir, 'state.sealed');
    const corrupt = Buffer.from(await readFile(file));
    // Inside the base64 ciphertext: the envelope still parses, AES-GCM authentication fails.
    const at = corrupt.indexOf('"data":"');
    expect(at).toBeGreaterThan(0);
    for (let i = at + 10; i < at + 26; i++) corrupt[i] = corrupt[i] === 0x41 ? 0x42 : 0x41;
    await writeFile(file, corrupt);
    await expectCorruptThenRecover(sb, stateDir, corrupt);
  });
});
