/**
 * `awsid console` end to end: the built CLI, a temp HOME, the passphrase store, the fake Identity
 * Center serving the portal and the console federation endpoint (AWS_ENDPOINT_URL_SIGNIN), and
 * the sandbox's recording browser, which follows the loopback sign-in URL to the fake.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { startFakeIdc, type FakeIdc } from '../fake-idc/index.js';
import { createSandbox, type CliResult, type Sandbox } from '../helpers/cli.js';
import { watchArgv } from '../helpers/argv-watch.js';
import { CORP_CONFIG } from '../helpers/corp.js';

const CONFIG = `${CORP_CONFIG}
[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnlyAccess
region = eu-west-1
`;
const FLAGS = ['--sso-session', 'corp', '--account-id', '111111111111', '--role-name'];
const home = (region: string, service = 'console') =>
  `https://${region}.console.aws.amazon.com/${service}/home?region=${region}`;

describe('awsid console', () => {
  let fake: FakeIdc;
  let sb: Sandbox;
  let keyId: string;

  beforeAll(async () => {
    fake = await startFakeIdc({ intervalSec: 1 });
    sb = await createSandbox({
      AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
      AWS_ENDPOINT_URL_SSO: fake.url,
      AWS_ENDPOINT_URL_SIGNIN: fake.url,
      AWSID_SECRET_STORE: 'passphrase',
      AWSID_PASSPHRASE: 'console-test-passphrase',
    });
    await sb.writeConfig(CONFIG);
    expect((await sb.run(['login', '--no-browser'])).code).toBe(0);
    const cp = await sb.run(['credential-process', ...FLAGS, 'ReadOnlyAccess']);
    keyId = (JSON.parse(cp.stdout) as { AccessKeyId: string }).AccessKeyId;
  });
  afterAll(async () => {
    await sb?.run(['daemon', 'stop']);
    await sb?.close();
    await fake?.close();
  });

  /** The printed sign-in URL, checked against what the fake minted last. */
  function signinOf(r: CliResult): URL {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(2);
    const url = new URL(r.stdout.trim());
    expect(url.origin + url.pathname).toBe(`${fake.url}/federation`);
    expect(url.searchParams.get('Action')).toBe('login');
    expect(url.searchParams.get('Issuer')).toBe('awsid');
    expect(url.searchParams.get('SigninToken')).toBe(fake.signinTokens().at(-1)?.signinToken);
    return url;
  }

  it("--url prints a sign-in URL minted from that role's credentials, for the profile's region", async () => {
    const url = signinOf(await sb.run(['console', '--profile', 'dev', '--url']));
    expect(fake.signinTokens().at(-1)).toMatchObject({
      accessKeyId: keyId,
      accountId: '111111111111',
      roleName: 'ReadOnlyAccess',
    });
    expect(url.searchParams.get('Destination')).toBe(home('eu-west-1'));
    expect(await sb.openedUrls()).toEqual([]);
    // The fake accepts it: a browser would land on the console.
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(home('eu-west-1'));
  });

  it('--region overrides the region, --service deep-links, flags use the sso_region', async () => {
    const dest = async (args: string[]) =>
      signinOf(await sb.run(['console', ...args, '--url'])).searchParams.get('Destination');
    expect(await dest(['--profile', 'dev', '--region', 'us-west-2'])).toBe(home('us-west-2'));
    expect(await dest(['--profile', 'dev', '--service', 's3'])).toBe(home('eu-west-1', 's3'));
    expect(await dest([...FLAGS, 'AdministratorAccess'])).toBe(home('us-east-1'));
    expect(fake.signinTokens().at(-1)).toMatchObject({ roleName: 'AdministratorAccess' });
    const iam = 'https://console.aws.amazon.com/iam/home#/roles';
    expect(await dest(['--profile', 'dev', '--destination', iam])).toBe(iam);
  });

  it('without --url: the browser gets a one-shot loopback page, and the URL is in no argv and printed nowhere (even with AWSID_DEBUG)', async () => {
    const before = fake.signinTokens().length;
    const argv = watchArgv();
    const r = await sb.run(['console', '--profile', 'dev', '--service', 'cloudwatch'], {
      AWSID_DEBUG: '1',
    });
    // The recording browser (detached, it outlives the command) logs the URL, then follows it to
    // the fake, which redirects to the console.
    await vi.waitFor(async () => expect(await sb.browserPages()).toHaveLength(1), {
      timeout: 20_000,
      interval: 50,
    });
    const seen = await argv.stop();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('awsid: opened the console as ReadOnlyAccess in 111111111111\n');
    const minted = fake.signinTokens();
    expect(minted).toHaveLength(before + 1);
    const token = minted.at(-1)!;
    // Every local user reads /proc/*/cmdline: the opener, its shells and the browser saw only
    // the loopback page, never the sign-in URL or its token.
    expect(seen.some((line) => line.includes('fake-browser'))).toBe(true);
    expect(seen.filter((line) => line.includes(token.signinToken))).toEqual([]);
    // (Other users' processes may say anything: only this fake's endpoint counts.)
    expect(seen.filter((line) => line.includes(`${fake.url}/federation`))).toEqual([]);
    const opened = await sb.openedUrls();
    expect(opened).toHaveLength(1);
    const url = new URL(opened[0]!);
    expect(url.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url.pathname).toMatch(/^\/c\/[A-Za-z0-9_-]{43}$/);
    expect(url.search).toBe('');
    for (const secret of fake.issuedSecrets()) {
      expect(r.stderr.includes(secret) || r.stdout.includes(secret)).toBe(false);
    }
    expect(r.stderr).not.toContain('SigninToken');
    expect(await sb.browserPages()).toEqual(['302 https://eu-west-1.console.aws.amazon.com']);
    // The browser reached the federation endpoint with the right token.
    expect(fake.signinTokens().at(-1)?.logins).toEqual([home('eu-west-1', 'cloudwatch')]);
    expect(await sb.filesContaining([token.signinToken])).toEqual([]);
    // Single use: the page is gone (410, 404 or a closed port), never a second redirect.
    const again = await fetch(url, { redirect: 'manual' }).then(
      (res) => res.status,
      () => 'closed',
    );
    expect([404, 410, 'closed']).toContain(again);
  });

  it('a destination off the console: one line, before any credentials are fetched', async () => {
    const roles = fake.count('GetRoleCredentials');
    const r = await sb.run([
      'console',
      '--profile',
      'dev',
      '--destination',
      'https://evil.example/',
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^awsid: --destination must be an https URL on console\.aws\.amazon\.com/,
    );
    expect(fake.count('GetRoleCredentials')).toBe(roles);
    expect(fake.count('GetSigninToken')).toBe(fake.signinTokens().length);
  });

  it('no browser here: one line naming --url, and the URL is not printed', async () => {
    const r = await sb.run(['console', '--profile', 'dev'], { BROWSER: undefined });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'awsid: no browser to open the console in here\n' +
        '  run: awsid console --profile dev --url   (prints the sign-in URL; it signs anyone in for 15 minutes)\n',
    );
  });

  it('an unassigned role: one clear line, nothing opened, no sign-in token', async () => {
    const minted = fake.signinTokens().length;
    const opened = (await sb.openedUrls()).length;
    const r = await sb.run(['console', ...FLAGS, 'Billing']);
    expect(r.code).toBe(5);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toMatch(/^awsid: .*Billing/);
    expect((await sb.openedUrls()).length).toBe(opened);
    expect(fake.signinTokens()).toHaveLength(minted);
  });

  it('the federation endpoint refusing: one line with its reason, safe for the terminal', async () => {
    const opened = (await sb.openedUrls()).length;
    fake.failNext('GetSigninToken', { shape: 'Refused', description: 'Request \u001b[2Jdenied' });
    const r = await sb.run(['console', '--profile', 'dev']);
    expect(r.code).toBe(8);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(
      `awsid: the console federation endpoint ${new URL(fake.url).host} refused the role credentials (HTTP 400: Request \\u{1b}[2Jdenied)`,
    );
    expect((await sb.openedUrls()).length).toBe(opened);
  });

  it('an ended session: names `awsid login --sso-session corp`, opens nothing', async () => {
    const opened = (await sb.openedUrls()).length;
    await sb.run(['daemon', 'stop']); // drop the cached role credentials
    fake.endSession();
    fake.expireAccessTokens();
    const r = await sb.run(['console', '--profile', 'dev']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^awsid: .*'corp'.*\n  run: awsid login --sso-session corp\n$/);
    expect(fake.count('GetSigninToken')).toBe(fake.signinTokens().length + 1); // the refused one
    expect((await sb.openedUrls()).length).toBe(opened);
  });
});
