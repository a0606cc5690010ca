/**
 * `--auto-login` on a machine where no browser can be opened (SSH, headless): every caller that
 * waits on the sign-in prints where to approve it and the code on its own stderr at once, through
 * the daemon (fast client, full client) and in-process, and succeeds once the person approves.
 * The built CLI, the fake Identity Center (its person approves only when the test says so), the
 * passphrase store; no DISPLAY and no BROWSER, so awsid knows it cannot open a page.
 */
import { spawn } from 'node:child_process';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { awsidBin, type CliResult, type Sandbox } from '../helpers/cli.js';
import { CORP_CREDENTIAL_PROCESS as CP } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

const FLAGS = CP.slice(1);
const NO_BROWSER = { BROWSER: undefined };

interface Caller {
  /** Resolves once stderr contains `text` (while the caller still waits). */
  stderrContains(text: string): Promise<void>;
  done: Promise<CliResult>;
}

function startCaller(sb: Sandbox, args: string[]): Caller {
  const env: Record<string, string> = { ...sb.env };
  for (const key of Object.keys(NO_BROWSER)) delete env[key];
  const child = spawn(process.execPath, [awsidBin, ...args], {
    env,
    cwd: sb.home,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<[string, () => void]> = [];
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    for (const [text, resolve] of waiters) if (stderr.includes(text)) resolve();
  });
  return {
    stderrContains: (text) =>
      new Promise((resolve) => {
        if (stderr.includes(text)) resolve();
        else waiters.push([text, resolve]);
      }),
    done: new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    }),
  };
}

describe('auto-login without a browser shows every waiting caller the code', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld({
      fake: { person: { kind: 'never' } },
      env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'notice-test-passphrase' },
    });
    // A sealed file to unlock: the daemon never gets the passphrase, only the key from
    // `awsid unlock` (a login, approved by hand, then a logout leaves the file in place).
    const login = world.sb.run(['login', '--sso-session', 'corp', '--use-device-code'], NO_BROWSER);
    await world.fake.waitForDeviceAuthorization();
    world.fake.approve();
    expect((await login).code).toBe(0);
    expect((await world.sb.run(['logout', '--sso-session', 'corp'], NO_BROWSER)).code).toBe(0);
  });
  afterEach(async () => {
    // Not logged in again for the next case; the daemon forgets what it cached.
    await world.sb.run(['logout', '--sso-session', 'corp'], NO_BROWSER);
  });
  afterAll(async () => world?.close());

  /** Starts the callers one after another, each once the previous one shows the code. */
  async function signIn(...commands: string[][]): Promise<CliResult[]> {
    const { fake, sb } = world;
    const authsBefore = fake.count('StartDeviceAuthorization');
    const callers: Caller[] = [];
    let line = '';
    for (const args of commands) {
      const caller = startCaller(sb, args);
      callers.push(caller);
      const auth = await fake.waitForDeviceAuthorization();
      line =
        `awsid: sign in for sso-session 'corp': open ${auth.verificationUriComplete}` +
        ` and confirm code ${auth.userCode} (waiting up to `;
      await caller.stderrContains(line);
    }
    fake.approve();
    const results = await Promise.all(callers.map((c) => c.done));
    expect(fake.count('StartDeviceAuthorization')).toBe(authsBefore + 1);
    expect(await sb.openedUrls()).toEqual([]);
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr.split('\n').filter((l) => l.startsWith(line))).toHaveLength(1);
      for (const secret of fake.issuedSecrets()) expect(r.stderr).not.toContain(secret);
    }
    return results;
  }

  it('credential-process through the daemon (the fast client)', async () => {
    const { sb } = world;
    expect((await sb.run(['daemon', 'start'], NO_BROWSER)).code).toBe(0);
    expect((await sb.run(['unlock'], NO_BROWSER)).code).toBe(0);
    const requests = async () =>
      (JSON.parse((await sb.run(['daemon', 'status', '--json'])).stdout) as { requests: number })
        .requests;
    const before = await requests();
    const [r] = await signIn([...CP, '--auto-login']);
    expect(JSON.parse(r!.stdout)).toMatchObject({ Version: 1 });
    // The fast client's hello and getCredentials, then this status call's hello and status: the
    // full CLI did not have to take over (it would have asked again).
    expect((await requests()) - before).toBe(4);
  }, 60_000);

  it('exec through the daemon (the full client)', async () => {
    await signIn(['exec', ...FLAGS, '--auto-login', '--', 'true']);
  }, 60_000);

  it('env through the daemon (the full client)', async () => {
    const [r] = await signIn(['env', ...FLAGS, '--auto-login']);
    expect(r!.stdout).toContain('AWS_ACCESS_KEY_ID=');
  }, 60_000);

  it('credential-process in-process (--no-daemon)', async () => {
    const [r] = await signIn([...CP, '--auto-login', '--no-daemon']);
    expect(JSON.parse(r!.stdout)).toMatchObject({ Version: 1 });
  }, 60_000);

  it('two callers at once: one device authorization, both see the code, both succeed', async () => {
    const [cp, exec] = await signIn(
      [...CP, '--auto-login'],
      ['exec', ...FLAGS, '--auto-login', '--', 'true'],
    );
    expect(JSON.parse(cp!.stdout)).toMatchObject({ Version: 1 });
    expect(exec!.code).toBe(0);
  }, 60_000);
});
