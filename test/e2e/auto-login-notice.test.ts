/**
 * `--auto-login` on a machine where no browser can be opened (SSH, headless): every caller that
 * waits on the sign-in prints where to approve it and the code on its own stderr at once, through
 * the daemon (fast client, full client) and in-process, and succeeds once the person approves.
 * The built CLI, the fake Identity Center (its person approves only when the test says so), the
 * passphrase store; no DISPLAY and no BROWSER, so awsid knows it cannot open a page.
 */
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { awsidBin, type CliResult, type Sandbox } from '../helpers/cli.js';
import { CORP_CREDENTIAL_PROCESS as CP } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

const FLAGS = CP.slice(1);
const NO_BROWSER = { BROWSER: undefined };

interface Caller {
  /** Resolves once stderr contains `text` (while the caller still waits). */
  stderrContains(text: string): Promise<void>;
  /** Resolves with the match once stderr matches `re`. */
  stderrMatching(re: RegExp): Promise<RegExpExecArray>;
  done: Promise<CliResult>;
}

function startCaller(
  sb: Sandbox,
  args: string[],
  extra: Record<string, string | undefined> = NO_BROWSER,
): Caller {
  const env: Record<string, string> = { ...sb.env };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const child = spawn(process.execPath, [awsidBin, ...args], {
    env,
    cwd: sb.home,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<[string, () => void]> = [];
  const matchers: Array<[RegExp, (m: RegExpExecArray) => void]> = [];
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    for (const [text, resolve] of waiters) if (stderr.includes(text)) resolve();
    for (const [re, resolve] of matchers) {
      const m = re.exec(stderr);
      if (m) resolve(m);
    }
  });
  return {
    stderrContains: (text) =>
      new Promise((resolve) => {
        if (stderr.includes(text)) resolve();
        else waiters.push([text, resolve]);
      }),
    stderrMatching: (re) =>
      new Promise((resolve) => {
        const m = re.exec(stderr);
        if (m) resolve(m);
        else matchers.push([re, resolve]);
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

/**
 * A daemon started from one terminal serves callers from others: the login an `--auto-login`
 * caller starts follows that caller's environment (the rules of a direct `awsid login`), and the
 * caller is told on stderr what happens, and on the desktop when it has one and stderr may be
 * hidden (the AWS CLI swallows a credential_process's stderr).
 */
describe("auto-login follows the caller's environment, not the daemon's", () => {
  let world: World;
  let bin: string;
  const SSH = {
    BROWSER: undefined,
    DISPLAY: undefined,
    SSH_CONNECTION: '192.0.2.1 50000 192.0.2.2 22',
  };

  beforeAll(async () => {
    world = await startWorld({
      fake: { person: { kind: 'never' } },
      env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'caller-env-passphrase' },
    });
    // A sealed file for `awsid unlock` to open (as above).
    const login = world.sb.run(['login', '--sso-session', 'corp', '--use-device-code'], NO_BROWSER);
    await world.fake.waitForDeviceAuthorization();
    world.fake.approve();
    expect((await login).code).toBe(0);
    expect((await world.sb.run(['logout', '--sso-session', 'corp'], NO_BROWSER)).code).toBe(0);
    bin = join(world.sb.home, 'bin');
    await mkdir(bin);
    // A fake notify-send that records its arguments, one a line, then a blank line.
    await writeFile(
      join(bin, 'notify-send'),
      `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done >> '${join(bin, 'notify.log')}'\necho >> '${join(bin, 'notify.log')}'\n`,
    );
    await chmod(join(bin, 'notify-send'), 0o755);
  });
  afterEach(async () => {
    await world.sb.run(['logout', '--sso-session', 'corp'], NO_BROWSER);
    await world.sb.run(['daemon', 'stop']);
  });
  afterAll(async () => world?.close());

  async function daemonFrom(env: Record<string, string | undefined>): Promise<void> {
    expect((await world.sb.run(['daemon', 'start'], env)).code).toBe(0);
    expect((await world.sb.run(['unlock'], env)).code).toBe(0);
  }

  it('an SSH caller of a desktop daemon gets the device code on its stderr; no desktop browser opens', async () => {
    const { fake, sb } = world;
    await daemonFrom({ DISPLAY: ':0' }); // the sandbox's BROWSER too: a desktop daemon
    const opened = (await sb.openedUrls()).length;
    const caller = startCaller(sb, [...CP, '--auto-login'], SSH);
    const auth = await fake.waitForDeviceAuthorization();
    await caller.stderrContains(`confirm code ${auth.userCode} (waiting up to `);
    fake.approve();
    const r = await caller.done;
    expect(r.code, r.stderr).toBe(0);
    expect(fake.count('Authorize')).toBe(0);
    expect((await sb.openedUrls()).length).toBe(opened);
  }, 60_000);

  it('a desktop caller of a daemon started over SSH signs in with its browser (PKCE) and is told the URL', async () => {
    const { fake, sb } = world;
    fake.setPerson({ kind: 'approve' });
    try {
      await daemonFrom(SSH);
      const devices = fake.count('StartDeviceAuthorization');
      const caller = startCaller(sb, [...CP, '--auto-login'], { DISPLAY: ':0' });
      // The daemon has no browser to open: the caller is given the one-shot start page...
      const line = await caller.stderrMatching(
        /awsid: sign in for sso-session 'corp': open (http:\/\/127\.0\.0\.1:\d+\/start\/\S+) in a browser on this machine \(waiting up to 5 min\)/,
      );
      // ...which its browser (the sandbox's) opens, signing in.
      await promisify(execFile)(sb.env.BROWSER!, [line[1]!]);
      const r = await caller.done;
      expect(r.code, r.stderr).toBe(0);
      expect(fake.count('StartDeviceAuthorization')).toBe(devices);
      expect(fake.authorizeRequests().at(-1)?.outcome).toBe('code');
    } finally {
      fake.setPerson({ kind: 'never' });
    }
  }, 60_000);

  it('under the AWS CLI (stderr not a terminal) a desktop notification shows the code too, with no secret in its argv', async () => {
    const { fake, sb } = world;
    const desktop = {
      BROWSER: undefined,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus',
      PATH: `${bin}:${sb.env.PATH ?? ''}`,
    };
    await daemonFrom(desktop);
    const caller = startCaller(sb, [...CP, '--auto-login'], desktop);
    const auth = await fake.waitForDeviceAuthorization();
    await caller.stderrContains(`confirm code ${auth.userCode}`);
    await vi.waitFor(
      async () => expect(await readFile(join(bin, 'notify.log'), 'utf8')).toContain(auth.userCode),
      {
        timeout: 10_000,
      },
    );
    fake.approve();
    expect((await caller.done).code).toBe(0);
    const args = (await readFile(join(bin, 'notify.log'), 'utf8')).split('\n');
    expect(args.slice(0, 4)).toEqual([
      '--app-name=awsid',
      '--',
      "awsid: sign in for sso-session 'corp'",
      `Open ${auth.verificationUriComplete} and confirm code ${auth.userCode} (a command waits up to 10 min).`,
    ]);
    const text = args.join('\n');
    for (const secret of fake.issuedSecrets()) expect(text).not.toContain(secret);
  }, 60_000);
});
