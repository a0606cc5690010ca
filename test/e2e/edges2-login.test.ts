/**
 * What a person sees while awsid login waits: after the device code, that it waits for the
 * approval (also with --no-browser); a second login to the same sso-session, that it waits for
 * the first one's. Two real login processes, the fake Identity Center (its person approves when
 * the test says so), the passphrase store (the login lock is a file beside the sealed state).
 */
import { spawn, type ChildProcess } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeIdc, type FakeIdc } from '../fake-idc/index.js';
import { awsidBin, createSandbox, type CliResult, type Sandbox } from '../helpers/cli.js';

interface Login {
  /** Resolves once stderr contains `text`, while the login still runs. */
  says(text: string): Promise<void>;
  stderr(): string;
  done: Promise<CliResult>;
}

/** Every login started, stopped after the tests whatever happened. */
const children: ChildProcess[] = [];

function startLogin(sb: Sandbox, args: string[]): Login {
  const child = spawn(process.execPath, [awsidBin, 'login', ...args], {
    env: sb.env,
    cwd: sb.home,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  let waiters: Array<[string, () => void]> = [];
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    waiters = waiters.filter(([text, resolve]) => !(stderr.includes(text) && (resolve(), true)));
  });
  return {
    says: (text) =>
      new Promise((resolve) => {
        if (stderr.includes(text)) resolve();
        else waiters.push([text, resolve]);
      }),
    stderr: () => stderr,
    done: new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    }),
  };
}

describe('awsid login while it waits', () => {
  let fake: FakeIdc;
  let sb: Sandbox;
  beforeAll(async () => {
    fake = await startFakeIdc({ intervalSec: 1, person: { kind: 'never' } });
    sb = await createSandbox({
      AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
      AWS_ENDPOINT_URL_SSO: fake.url,
      AWSID_SECRET_STORE: 'passphrase',
      AWSID_PASSPHRASE: 'two logins at once',
    });
    await sb.writeConfig(
      '[sso-session corp]\nsso_start_url = https://d-fake000001.awsapps.com/start\nsso_region = us-east-1\n',
    );
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill();
    await sb?.close();
    await fake?.close();
  });

  it('--no-browser says it waits for approval; a second login says it waits for the first', async () => {
    const first = startLogin(sb, ['--sso-session', 'corp', '--no-browser']);
    const auth = await fake.waitForDeviceAuthorization();
    // The code first, then what it waits for; nothing opened.
    await first.says('Waiting for approval...\n');
    const lines = first.stderr().split('\n');
    const code = lines.findIndex((l) => l.includes(auth.userCode));
    expect(code).toBeGreaterThanOrEqual(0);
    expect(lines.indexOf('Waiting for approval...')).toBeGreaterThan(code);

    const second = startLogin(sb, ['--sso-session', 'corp', '--no-browser']);
    await second.says(
      "Waiting for the login to sso-session 'corp' that another awsid process (pid ",
    );
    expect(second.stderr()).toMatch(
      /^Waiting for the login to sso-session 'corp' that another awsid process \(pid \d+ on \S+\) started \(Ctrl-C to stop\)\.\.\.\n$/,
    );
    fake.approve();
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toContain("sso-session 'corp' was just logged in by another awsid process");
    expect(fake.count('StartDeviceAuthorization')).toBe(1);
    expect(await sb.openedUrls()).toEqual([]);
  }, 60_000);
});
