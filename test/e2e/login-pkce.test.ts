/**
 * `awsid login` with the browser sign-in (authorization code + PKCE on a 127.0.0.1 redirect),
 * end to end: the built CLI, a temp HOME, the fake Identity Center, and the sandbox's browser,
 * which follows loopback URLs with plain GETs (test/helpers/fake-browser-follow.mjs).
 */
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { FakeIdc } from '../fake-idc/index.js';
import { watchArgv } from '../helpers/argv-watch.js';
import type { Sandbox } from '../helpers/cli.js';
import { CORP_CREDENTIAL_PROCESS as CP } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

const STORE = { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'pkce end to end' };

/** Listening IPv4/IPv6 sockets on `port`, as `/proc/net/tcp{,6}` shows them: hex local addresses. */
async function listeners(port: number): Promise<string[]> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      // State 0A is TCP_LISTEN.
      if (state === '0A' && local?.endsWith(`:${hexPort}`)) found.push(local);
    }
  }
  return found;
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

/** Resolves once the fake has seen `n` GET /authorize (the browser reached the sign-in page). */
async function authorizeSeen(fake: FakeIdc, n: number): Promise<void> {
  while (fake.authorizeRequests().length < n) await new Promise((r) => setTimeout(r, 25));
}

/**
 * The fake browser logs a page after awsid has answered it, and awsid may exit first: wait (a
 * bound, not a speed check) for the log's last entries.
 */
function pagesAre(sb: Sandbox, expected: string[], from = 0): Promise<void> {
  return vi.waitFor(async () => expect((await sb.browserPages()).slice(from)).toEqual(expected), {
    timeout: 10_000,
  });
}

describe('awsid login in the browser (PKCE)', () => {
  let world: World;
  let fake: FakeIdc;
  let sb: Sandbox;

  beforeAll(async () => {
    world = await startWorld({ env: STORE });
    ({ fake, sb } = world);
  });
  afterAll(async () => world?.close());

  it('signs in with the browser on this machine, then serves credentials', async () => {
    const argv = watchArgv();
    const r = await sb.run(['login']);
    await pagesAre(sb, ['200 Logged in']);
    const seen = await argv.stop();
    expect(r.stderr).toContain("Logged in to sso-session 'corp'.");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'Login in the browser (PKCE; a browser can be opened on this machine)',
    );
    expect(r.stderr).toContain('awsid login --sso-session corp --use-device-code');
    expect(r.stderr).toMatch(/come back to http:\/\/127\.0\.0\.1:\d+\/oauth\/callback/);
    // The browser was opened on the one-shot start page, and stderr names it (as the AWS CLI
    // prints its URL), never the authorize URL.
    const opened = await sb.openedUrls();
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/start\/[A-Za-z0-9_-]{43}$/);
    expect(r.stderr).toContain(`Opened your browser (URL ${opened[0]})`);
    expect(r.stderr).not.toContain('/authorize');
    // Every local user reads /proc/*/cmdline: the opener, its shells and the browser saw neither
    // the authorize URL nor its state.
    const { clientId } = fake.authorizeRequests()[0]!;
    expect(seen.some((line) => line.includes(opened[0]!))).toBe(true);
    // (Other users' processes on this machine may say anything: only this login's own values
    // count, the fake's origin being unique to this test.)
    const ours = [`${fake.url}/authorize`, encodeURIComponent(`${fake.url}/authorize`), clientId];
    expect(seen.filter((l) => ours.some((s) => l.includes(s)))).toEqual([]);
    expect(fake.count('StartDeviceAuthorization')).toBe(0);
    expect(fake.authorizeRequests().map((a) => a.outcome)).toEqual(['code']);
    const cp = await sb.run(CP);
    expect(cp.code, cp.stderr).toBe(0);
    expect(JSON.parse(cp.stdout)).toMatchObject({ Version: 1 });
    const st = await sb.run(['status', '--json']);
    expect(JSON.parse(st.stdout).sessions[0]).toMatchObject({ loggedIn: true, refreshable: true });
  });

  it('reuses the PKCE registration on the next login', async () => {
    const r = await sb.run(['login']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('reused the client registration');
    expect(fake.count('RegisterClient')).toBe(1);
  });

  it('ignores a forged callback (wrong state) and completes with the real one', async () => {
    const r = await sb.run(['login'], { FAKE_BROWSER_MODE: 'forge' });
    expect(r.code, r.stderr).toBe(0);
    await pagesAre(sb, ['forged 400', '200 Logged in'], -2);
  });

  it('refuses the real callback without the cookie of the browser that started the login', async () => {
    const codes = fake.count('CreateToken');
    const r = await sb.run(['login'], { FAKE_BROWSER_MODE: 'nocookie' });
    expect(r.code, r.stderr).toBe(0);
    // Right code and state, no cookie: 403 and ignored; the browser that holds it then succeeds.
    await pagesAre(sb, ['forged 403', '200 Logged in'], -2);
    expect(fake.count('CreateToken')).toBe(codes + 1);
  });

  it('a start page works once: a second visit gets 410, not a second sign-in', async () => {
    fake.setPerson({ kind: 'never' });
    const seen = fake.authorizeRequests().length;
    const running = sb.start(['login']);
    await authorizeSeen(fake, seen + 1);
    const start = (await sb.openedUrls()).at(-1)!;
    const again = await fetch(start, { redirect: 'manual' });
    running.child.kill('SIGINT');
    await running.done;
    fake.setPerson({ kind: 'approve' });
    expect(again.status).toBe(410);
    expect(again.headers.get('location')).toBeNull();
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('prints the start page when the browser fails without saying so (BROWSER=/bin/false)', async () => {
    fake.setPerson({ kind: 'never' });
    const seen = fake.authorizeRequests().length;
    const running = sb.start(['login'], { BROWSER: '/bin/false' });
    let stderr = '';
    running.child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    await vi.waitFor(() => expect(stderr).toMatch(/\(URL http:\/\/127\.0\.0\.1:\d+\/start\//), {
      timeout: 20_000,
    });
    const start = /\(URL (\S+)\)/.exec(stderr)![1]!;
    // A person opens it by hand: it leads to the sign-in page.
    const r = await fetch(start, { redirect: 'manual' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')!.startsWith(`${fake.url}/authorize?`)).toBe(true);
    running.child.kill('SIGINT');
    await running.done;
    fake.setPerson({ kind: 'approve' });
    expect(fake.authorizeRequests()).toHaveLength(seen);
  });

  it('says the sign-in was denied, and stores nothing new', async () => {
    fake.setPerson({ kind: 'deny' });
    const before = fake.count('CreateToken');
    const r = await sb.run(['login']);
    fake.setPerson({ kind: 'approve' });
    expect(r.stderr).toContain(
      "awsid: the login request for sso-session 'corp' was denied in the browser\n  run: awsid login --sso-session corp\n",
    );
    expect(r.code).toBe(5);
    expect(fake.count('CreateToken')).toBe(before);
  });

  it('--use-device-code and --no-browser run the device flow', async () => {
    const authorizes = fake.count('Authorize');
    const device = await sb.run(['login', '--use-device-code']);
    expect(device.code, device.stderr).toBe(0);
    expect(device.stderr).toContain('Login with a device code (--use-device-code).');
    expect(fake.count('StartDeviceAuthorization')).toBe(1);
    // The PKCE registration cannot serve the device flow: a second registration.
    expect(fake.count('RegisterClient')).toBe(2);
    const urls = (await sb.openedUrls()).length;
    const quiet = await sb.run(['login', '--no-browser']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toContain('Login with a device code (--no-browser');
    expect(quiet.stderr).toMatch(/shows this code: [A-Z]{4}-[A-Z]{4}/);
    expect(fake.count('StartDeviceAuthorization')).toBe(2);
    expect((await sb.openedUrls()).length).toBe(urls);
    expect(fake.count('Authorize')).toBe(authorizes);
  });

  it('falls back to the device flow by itself in an SSH session without a display, and says so', async () => {
    const r = await sb.run(['login'], { SSH_CONNECTION: '192.0.2.1 50000 192.0.2.2 22' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'Login with a device code (no browser here can take the sign-in redirect: this is an SSH session without a display)',
    );
    expect(r.stderr).toContain('--redirect-port 8400');
    expect(fake.count('StartDeviceAuthorization')).toBe(3);
  });

  it('listens on 127.0.0.1 only; Ctrl-C ends the wait at once with the port closed', async () => {
    fake.setPerson({ kind: 'never' });
    const seen = fake.authorizeRequests().length;
    const running = sb.start(['login']);
    await authorizeSeen(fake, seen + 1);
    const port = Number(new URL(fake.authorizeRequests().at(-1)!.redirectUri).port);
    // 0100007F is 127.0.0.1 in /proc/net/tcp's byte order; nothing on 0.0.0.0 or IPv6.
    expect(await listeners(port)).toEqual([`0100007F:${port.toString(16).toUpperCase()}`]);
    running.child.kill('SIGINT');
    const r = await running.done;
    fake.setPerson({ kind: 'approve' });
    expect(r.stderr).toContain("awsid: login to sso-session 'corp' cancelled");
    expect(r.code).toBe(130);
    expect(await listeners(port)).toEqual([]);
    expect(await refused(port)).toBe(true);
  });

  it('keeps every issued secret out of the files under HOME and TMPDIR', async () => {
    const secrets = fake.issuedSecrets();
    expect(secrets.some((s) => s.startsWith('fac'))).toBe(true);
    expect(await sb.filesContaining(secrets)).toEqual([]);
  });
});

describe('five awsid login processes at once (PKCE)', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld({ env: STORE });
  });
  afterAll(async () => world?.close());

  it('run one sign-in and open one tab; the others use its result', async () => {
    const { fake, sb } = world;
    const runs = await Promise.all(Array.from({ length: 5 }, () => sb.run(['login'])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(fake.count('Authorize')).toBe(1);
    expect(fake.count('RegisterClient')).toBe(1);
    expect(await sb.openedUrls()).toHaveLength(1);
    const joined = runs.filter((r) =>
      r.stderr.includes('was just logged in by another awsid process'),
    );
    expect(joined).toHaveLength(4);
    expect(await sb.filesContaining(fake.issuedSecrets())).toEqual([]);
  });
});

describe('credential-process --auto-login where a browser can answer (PKCE)', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld({ env: STORE });
  });
  afterAll(async () => world?.close());

  it('signs in once with the browser and serves every waiting caller', async () => {
    const { fake, sb } = world;
    const results = await Promise.all(
      Array.from({ length: 3 }, () => sb.run([...CP, '--auto-login'])),
    );
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1 });
    }
    // A caller waiting on the sign-in is told what happens, with the page its browser was sent
    // to (one that came after the sign-in had nothing to wait for).
    const told = results.filter((r) =>
      /^awsid: sign in for sso-session 'corp': opened your browser \(URL http:\/\/127\.0\.0\.1:\d+\/start\/[A-Za-z0-9_-]{43}\); /m.test(
        r.stderr,
      ),
    );
    expect(told.length).toBeGreaterThan(0);
    expect(fake.count('Authorize')).toBe(1);
    expect(fake.count('StartDeviceAuthorization')).toBe(0);
    await pagesAre(sb, ['200 Logged in']);
    expect(await sb.filesContaining(fake.issuedSecrets())).toEqual([]);
  });
});
