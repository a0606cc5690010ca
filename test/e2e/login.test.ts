/**
 * The built awsid as a child process, a temp HOME, the fake Identity Center and a real
 * gnome-keyring on a private D-Bus: login, registration reuse, status, logout, end to end.
 */
import { GetRoleCredentialsCommand, SSOClient } from '@aws-sdk/client-sso';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FakeIdc } from '../fake-idc/index.js';
import type { Sandbox } from '../helpers/cli.js';
import { startWorld, type World } from '../helpers/world.js';
import { keychainSkipReason, type PrivateKeyring } from '../helpers/keyring.js';

const reason = keychainSkipReason('keychain end-to-end tests');

const CONFIG = `# my hand-written config
[sso-session corp]
sso_start_url = https://d-fake000001.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnlyAccess
region = eu-west-1
`;

describe.skipIf(reason)('awsid login / status / logout end to end (keychain)', () => {
  let world: World;
  let kr: PrivateKeyring;
  let fake: FakeIdc;
  let sb: Sandbox;

  beforeAll(async () => {
    world = await startWorld({
      keychain: true,
      config: CONFIG,
      fake: { person: { kind: 'approve', afterPolls: 1 } },
    });
    ({ fake, sb } = world);
    kr = world.kr!;
  });
  afterAll(async () => world?.close());

  it('logs in after the scripted approval, showing the code and opening only the https page', async () => {
    const r = await sb.run(['login', '--use-device-code']);
    expect(r.stderr).toContain("Logged in to sso-session 'corp'.");
    expect(r.stderr).toContain('Login with a device code (--use-device-code).');
    expect(r.code).toBe(0);
    const auth = fake.deviceAuthorizations()[0]!;
    expect(r.stderr).toContain(`shows this code: ${auth.userCode}`);
    expect(r.stderr).toMatch(
      /access token valid until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 59m|in 1h 0m\)/,
    );
    expect(r.stderr).toContain('refreshed automatically until the Identity Center session ends');
    expect(r.stdout).toBe('');
    expect(await sb.openedUrls()).toEqual([auth.verificationUriComplete]);
    expect(fake.count('RegisterClient')).toBe(1);
  });

  it('reuses the registration on a second login (by profile), with --no-browser opening nothing', async () => {
    const before = (await sb.openedUrls()).length;
    const r = await sb.run(['login', '--profile', 'dev', '--no-browser']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('reused the client registration');
    expect(fake.count('RegisterClient')).toBe(1);
    expect((await sb.openedUrls()).length).toBe(before);
  });

  it('keeps every secret out of the files under HOME and TMPDIR, and in the keyring', async () => {
    const secrets = fake.issuedSecrets();
    expect(secrets.length).toBeGreaterThan(4);
    expect(await sb.filesContaining(secrets)).toEqual([]);
    expect(kr.search('service', 'awsid')).toMatch(/attribute\.service = awsid/);
  });

  it('shows status without secrets, as text and as JSON', async () => {
    const r = await sb.run(['status', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { sessions: Array<Record<string, unknown>> };
    expect(json.sessions).toHaveLength(1);
    expect(json.sessions[0]).toMatchObject({
      name: 'corp',
      loggedIn: true,
      accessTokenValid: true,
      refreshable: true,
    });
    const text = await sb.run(['status']);
    expect(text.stdout).toContain('logged in: yes');
    for (const s of fake.issuedSecrets()) {
      expect(r.stdout + text.stdout + text.stderr).not.toContain(s);
    }
  });

  it('keeps the session across a restart of the keyring daemon', async () => {
    await kr.restart();
    const r = await sb.run(['status', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).sessions[0].loggedIn).toBe(true);
  });

  it('logs out: the server revokes the token, the stored state is gone, a second logout is a no-op', async () => {
    const r = await sb.run(['logout', '--sso-session', 'corp']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Logged out of sso-session 'corp'");
    const again = await sb.run(['logout', '--sso-session', 'corp']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('not logged in; nothing to do');
    const st = await sb.run(['status', '--json']);
    expect(JSON.parse(st.stdout).sessions[0].loggedIn).toBe(false);
    expect(fake.count('Logout')).toBe(1);
    // The token awsid held (the newest one the fake issued) is now refused by the portal.
    const portal = new SSOClient({ region: 'us-east-1', endpoint: fake.url, maxAttempts: 1 });
    const tokens = fake.issuedSecrets().filter((s) => s.startsWith('aoa'));
    for (const accessToken of tokens.slice(-1)) {
      const e = await portal
        .send(
          new GetRoleCredentialsCommand({
            accessToken,
            accountId: '111111111111',
            roleName: 'ReadOnlyAccess',
          }),
        )
        .catch((x: unknown) => x);
      expect((e as Error).name).toBe('UnauthorizedException');
    }
  });
});
