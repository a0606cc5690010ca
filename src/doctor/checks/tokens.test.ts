import { existsSync } from 'node:fs';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  awsidSession,
  cacheName,
  cliTokenBody,
  createDoctorSandbox,
  HOUR,
  NOW,
  only,
  problems,
  stamp,
  type DoctorSandbox,
} from '../../../test/fixtures/doctor/sandbox.js';

let sb: DoctorSandbox;
beforeEach(async () => {
  sb = await createDoctorSandbox();
});
afterEach(() => sb.close());

const SESSION = (scopes = true) => `[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = eu-west-1
${scopes ? 'sso_registration_scopes = sso:account:access\n' : ''}`;
const CLI_PROFILE =
  '[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n';
const key = `~/.aws/sso/cache/${cacheName('corp')}`;

describe('AWS CLI tokens (profiles with sso_session)', () => {
  it('token-missing: "Error loading SSO Token", fixed by awsid adopt (aws sso login as the alternative)', async () => {
    await sb.config(SESSION() + CLI_PROFILE);
    expect(only(await sb.results(), 'token-missing')).toEqual([
      {
        id: 'token-missing',
        status: 'fail',
        subject: 'sso-session corp',
        message: `no AWS CLI token for sso-session corp (${key}); profile dev fails with "Error loading SSO Token: Token for corp does not exist"`,
        fix: "awsid adopt --sso-session corp   (then awsid login --sso-session corp; or keep the AWS CLI's own SSO: aws sso login --sso-session corp)",
      },
    ]);
  });

  it('token-missing after awsid login: the fix names awsid adopt first, aws sso login as the alternative', async () => {
    await sb.config(SESSION() + CLI_PROFILE);
    await sb.storeSession('corp', awsidSession());
    expect(only(await sb.results(), 'token-missing')).toEqual([
      {
        id: 'token-missing',
        status: 'fail',
        subject: 'sso-session corp',
        message: `no AWS CLI token for sso-session corp (${key}); profile dev fails with "Error loading SSO Token: Token for corp does not exist"`,
        fix: "awsid adopt --sso-session corp   (awsid is logged in to sso-session corp, but profile dev reads the AWS CLI's cache until adopted; or keep the AWS CLI's own SSO: aws sso login --sso-session corp)",
      },
    ]);
  });

  it('token-expired: an expired token without refresh fields fails, with the fix', async () => {
    await sb.config(SESSION() + CLI_PROFILE);
    await sb.cliCache(
      'corp',
      cliTokenBody({ expiresAt: stamp(NOW - 2 * HOUR), refreshToken: undefined }),
    );
    const [r] = only(await sb.results(), 'token-expired');
    expect(r).toMatchObject({
      status: 'fail',
      subject: 'sso-session corp',
      fix: "awsid adopt --sso-session corp   (then awsid login --sso-session corp; or keep the AWS CLI's own SSO: aws sso login --sso-session corp)",
    });
    expect(r?.message).toBe(
      `the AWS CLI token for sso-session corp (${key}) expired 2026-11-27 10:00 UTC (2h 0m ago) and cannot be refreshed: it has no refresh token; profile dev fails with "Token has expired and refresh failed"`,
    );
  });

  it('token-expired: an expired token whose registration expired fails too (botocore skips the refresh)', async () => {
    await sb.config(SESSION() + CLI_PROFILE);
    await sb.cliCache(
      'corp',
      cliTokenBody({ expiresAt: stamp(NOW - HOUR), registrationExpiresAt: stamp(NOW - 1000) }),
    );
    const [r] = only(await sb.results(), 'token-expired');
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain('its client registration expired');
  });

  it('an expired but refreshable token is fine: the SDKs refresh it', async () => {
    await sb.config(SESSION() + CLI_PROFILE);
    await sb.cliCache('corp', cliTokenBody({ expiresAt: stamp(NOW - HOUR) }));
    const rs = await sb.results();
    expect(only(rs, 'token-expired')).toMatchObject([{ status: 'ok' }]);
    expect(problems(rs)).toEqual([]);
  });

  it('refresh-impossible: valid now, no refresh token, no scopes: the fix adds the scope', async () => {
    await sb.config(SESSION(false) + CLI_PROFILE);
    await sb.cliCache(
      'corp',
      cliTokenBody({ refreshToken: undefined, clientId: undefined, clientSecret: undefined }),
    );
    const [r] = only(await sb.results(), 'refresh-impossible');
    expect(r).toMatchObject({ status: 'warn', subject: 'sso-session corp' });
    expect(r?.message).toContain('after that profile dev fails until you log in again');
    expect(r?.fix).toBe(
      'add "sso_registration_scopes = sso:account:access" to [sso-session corp] (line 1 of ~/.aws/config), then: aws sso login --sso-session corp',
    );
  });

  it('legacy profiles: an expired token fails with the legacy error text and awsid adopt --profile', async () => {
    const url = 'https://d-1234567890.awsapps.com/start';
    await sb.config(
      `[profile old]\nsso_start_url = ${url}\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = R\n`,
    );
    await sb.cliCache(url, cliTokenBody({ expiresAt: stamp(NOW - HOUR) }));
    const [r] = only(await sb.results(), 'token-expired');
    expect(r).toMatchObject({
      status: 'fail',
      subject: 'profile old',
      fix: "awsid adopt --profile old   (it then names the awsid login to run; or keep the AWS CLI's own SSO: aws sso login --profile old)",
    });
    expect(r?.message).toContain('profiles without an sso-session are never refreshed');
  });
});

describe("awsid's own sessions (profiles with awsid's credential_process)", () => {
  const GEN = (bin: string) =>
    `[profile gen]\ncredential_process = ${bin} credential-process --sso-session corp --account-id 111122223333 --role-name Admin\nawsid_generated = corp\n`;

  it('token-missing: not logged in, fixed by awsid login', async () => {
    await sb.config(SESSION() + GEN(await sb.executable('bin/awsid')));
    expect(only(await sb.results(), 'token-missing')).toEqual([
      {
        id: 'token-missing',
        status: 'fail',
        subject: 'sso-session corp',
        message:
          'awsid is not logged in to sso-session corp; profile gen fails (awsid credential_process)',
        fix: 'awsid login --sso-session corp',
      },
    ]);
  });

  it('token-expired: expired and the registration is gone', async () => {
    await sb.config(SESSION() + GEN(await sb.executable('bin/awsid')));
    const s = awsidSession();
    await sb.storeSession('corp', {
      ...s,
      registration: { ...s.registration!, expiresAt: NOW - 1 },
      token: { ...s.token!, expiresAt: NOW - HOUR },
    });
    expect(only(await sb.results(), 'token-expired')).toMatchObject([
      { status: 'fail', fix: 'awsid login --sso-session corp' },
    ]);
  });

  it('refresh-impossible: valid, but Identity Center issued no refresh token', async () => {
    await sb.config(SESSION() + GEN(await sb.executable('bin/awsid')));
    const s = awsidSession();
    const token = { ...s.token! };
    delete token.refreshToken;
    await sb.storeSession('corp', { ...s, token });
    expect(only(await sb.results(), 'refresh-impossible')).toMatchObject([
      {
        status: 'warn',
        message: expect.stringContaining('Identity Center issued no refresh token'),
      },
    ]);
  });

  it('the store region differing from the config is a region mismatch, fixed by setting it back or awsid login', async () => {
    await sb.config(SESSION() + GEN(await sb.executable('bin/awsid')));
    await sb.storeSession('corp', awsidSession({ region: 'us-east-1' }));
    expect(only(await sb.results(), 'sso-region-mismatch')).toMatchObject([
      {
        status: 'fail',
        fix: 'set "sso_region = us-east-1" back in [sso-session corp] (line 3 of ~/.aws/config) (the Identity Center is in us-east-1, where the token was issued); or, if eu-west-1 is right, log in again: awsid login --sso-session corp',
      },
    ]);
  });

  it('a configured session nobody uses or logged in to is a warning', async () => {
    await sb.config(SESSION());
    expect(only(await sb.results(), 'token-missing')).toMatchObject([
      {
        status: 'warn',
        message: 'nobody is logged in to sso-session corp (no profile uses it yet)',
      },
    ]);
  });
});

describe('cache-corrupt', () => {
  it("fails for a session's token file that is not JSON; the fix deletes it and logs in again", async () => {
    await sb.config(SESSION() + CLI_PROFILE);
    const path = await sb.cliCache('corp', '{"accessToken": "aoaTRUNCATED-secret-9');
    const rs = await sb.results();
    expect(only(rs, 'cache-corrupt')).toEqual([
      {
        id: 'cache-corrupt',
        status: 'fail',
        subject: key,
        message: `${key} is the AWS CLI token for sso-session corp, but it is not valid JSON: botocore fails with a KeyError or "Token ... is invalid", the JS SDK with "not found or is invalid"`,
        fix: `rm ${key}   (or: awsid doctor --fix), then: aws sso login --sso-session corp`,
        repair: expect.anything(),
      },
    ]);
    // The token check leaves the corrupt file to cache-corrupt rather than reporting it twice.
    expect(only(rs, 'token-missing')).toEqual([]);
    expect(existsSync(path)).toBe(true);
  });

  it('fails for a token file without accessToken and for an expiresAt without a zone', async () => {
    await sb.config(
      `${SESSION()}${CLI_PROFILE}[sso-session b]\nsso_start_url = https://d-2.awsapps.com/start\nsso_region = eu-west-1\n`,
    );
    await sb.cliCache('corp', { startUrl: 'x', expiresAt: stamp(NOW + HOUR) });
    await sb.cliCache('b', cliTokenBody({ expiresAt: '2026-11-28T01:26:18' }));
    const rs = only(await sb.results(), 'cache-corrupt');
    expect(rs.map((r) => r.message.split(': botocore')[0]?.split(', but ')[1])).toEqual(
      expect.arrayContaining([
        'it has no accessToken',
        'its expiresAt is not a UTC time botocore can read (it needs "Z" or an offset)',
      ]),
    );
  });

  it('only warns for a corrupt file no profile reads, and leaves registration files alone', async () => {
    await sb.config(SESSION() + CLI_PROFILE);
    await sb.cliCache('corp', cliTokenBody());
    await sb.cliCache('stray', 'not json');
    await sb.cliCache('registration', {
      clientId: 'c',
      clientSecret: 's',
      expiresAt: stamp(NOW + HOUR),
    });
    expect(problems(await sb.results())).toEqual([
      `cache-corrupt warn ~/.aws/sso/cache/${cacheName('stray')}`,
    ]);
  });
});
