/** Parallel device-code logins to one sso-session run one device flow and open one browser
 * tab (the PKCE version is in login-pkce.test.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeIdc, type FakeIdc } from '../fake-idc/index.js';
import { createSandbox, type Sandbox } from '../helpers/cli.js';

describe('five awsid login processes at once', () => {
  let fake: FakeIdc;
  let sb: Sandbox;
  beforeAll(async () => {
    fake = await startFakeIdc({ intervalSec: 1, person: { kind: 'approve', afterPolls: 1 } });
    sb = await createSandbox({
      AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
      AWS_ENDPOINT_URL_SSO: fake.url,
      AWSID_SECRET_STORE: 'passphrase',
      AWSID_PASSPHRASE: 'parallel logins',
    });
    await sb.writeConfig(
      '[sso-session corp]\nsso_start_url = https://d-fake000001.awsapps.com/start\nsso_region = us-east-1\n',
    );
  });
  afterAll(async () => {
    await sb?.close();
    await fake?.close();
  });

  it('start one device authorization; the others use its result', async () => {
    const runs = await Promise.all(
      Array.from({ length: 5 }, () => sb.run(['login', '--use-device-code'])),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(fake.count('StartDeviceAuthorization')).toBe(1);
    expect(fake.count('RegisterClient')).toBe(1);
    expect(await sb.openedUrls()).toHaveLength(1);
    const joined = runs.filter((r) =>
      r.stderr.includes('was just logged in by another awsid process'),
    );
    expect(joined).toHaveLength(4);
  });
});
