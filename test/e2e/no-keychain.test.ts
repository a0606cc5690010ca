/**
 * No keychain reachable and no AWSID_SECRET_STORE chosen: a clear error naming the choices,
 * a non-zero exit within seconds, nothing written, and Identity Center never contacted.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeIdc, type FakeIdc } from '../fake-idc/index.js';
import { createSandbox, type Sandbox } from '../helpers/cli.js';

describe('awsid login without a reachable keychain', () => {
  let fake: FakeIdc;
  let sb: Sandbox;
  beforeAll(async () => {
    fake = await startFakeIdc({ intervalSec: 1 });
    sb = await createSandbox({
      AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
      AWS_ENDPOINT_URL_SSO: fake.url,
    });
    await sb.writeConfig(
      '[sso-session corp]\nsso_start_url = https://d-fake000001.awsapps.com/start\nsso_region = us-east-1\n',
    );
  });
  afterAll(async () => {
    await sb?.close();
    await fake?.close();
  });

  it('fails with the store choices, writes nothing and never starts a device flow', async () => {
    const r = await sb.run(['login', '--sso-session', 'corp'], {
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(sb.tmp, 'no-such-bus')}`,
    });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/^awsid: the OS keychain \(Secret Service\) is not reachable: /);
    // The passphrase store and how its key reaches the daemon; never the memory store, which
    // keeps nothing.
    expect(r.stderr).toContain(
      '  run: export AWSID_SECRET_STORE=passphrase && awsid login && awsid unlock   (the passphrase store; awsid unlock gives its key to the daemon), or start a Secret Service (gnome-keyring)\n',
    );
    expect(r.stderr).not.toContain('memory');
    expect(r.stderr.trim().split('\n')).toHaveLength(2);
    expect(fake.log).toEqual([]);
    expect(await readdir(join(sb.home))).toEqual(['.aws']);
    expect(await readdir(join(sb.home, '.aws'))).toEqual(['config']);
    expect(await readdir(sb.tmp)).toEqual([]);
  });

  it('works with the passphrase store instead, and keeps the tokens out of every file', async () => {
    const env = { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'correct horse battery' };
    const r = await sb.run(['login', '--sso-session', 'corp', '--no-browser'], env);
    expect(r.stderr).toContain("Logged in to sso-session 'corp'.");
    expect(r.code).toBe(0);
    expect(await sb.filesContaining(fake.issuedSecrets())).toEqual([]);
    const wrong = await sb.run(['status'], { ...env, AWSID_PASSPHRASE: 'wrong' });
    expect(wrong.code).toBe(6);
    expect(wrong.stderr).toMatch(/^awsid: .*passphrase/);
  });
});
