/**
 * Without --offline, a token due for refresh is judged by Identity Center's answer (the fake): the
 * AWS CLI's by a registration probe that leaves its refresh token unspent, awsid's by a real
 * refresh through the token service.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  awsidSession,
  cliTokenBody,
  createDoctorSandbox,
  HOUR,
  NOW,
  only,
  stamp,
  type DoctorSandbox,
} from '../../../test/fixtures/doctor/sandbox.js';
import { startFakeIdc } from '../../../test/fake-idc/index.js';
import { login, refresh, sdkFor, START_URL, type Sdk } from '../../../test/fake-idc/sdk-helpers.js';
import type { FakeIdc } from '../../../test/fake-idc/types.js';
import { runChecks } from '../runner.js';
import { tokensCheck } from './tokens.js';

let fake: FakeIdc;
let sdk: Sdk;
let sb: DoctorSandbox;
beforeEach(async () => {
  fake = await startFakeIdc();
  sdk = sdkFor(fake);
  sb = await createDoctorSandbox({
    AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
    AWS_ENDPOINT_URL_SSO: fake.url,
  });
});
afterEach(async () => {
  sdk.destroy();
  await sb.close();
  await fake.close();
});

const SESSION = `[sso-session corp]\nsso_start_url = ${START_URL}\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n`;
const CLI_PROFILE =
  '[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n';
const online = () => runChecks([tokensCheck], sb.context({ offline: false }));

/** An expired AWS CLI token whose client and refresh token the fake issued. */
async function expiredCliToken() {
  const { client, token } = await login(sdk);
  await sb.config(SESSION + CLI_PROFILE);
  await sb.cliCache(
    'corp',
    cliTokenBody({
      startUrl: START_URL,
      ...client,
      refreshToken: token.refreshToken,
      expiresAt: stamp(NOW - HOUR),
    }),
  );
  return { client, refreshToken: token.refreshToken! };
}

describe('AWS CLI tokens, online', () => {
  it('a registration Identity Center refuses fails with the CLI\'s "Token has expired and refresh failed"', async () => {
    await expiredCliToken();
    fake.expireRegistrations();
    const [r] = only(await online(), 'token-expired');
    expect(r).toMatchObject({
      status: 'fail',
      subject: 'sso-session corp',
      fix: "awsid adopt --sso-session corp   (then awsid login --sso-session corp; or keep the AWS CLI's own SSO: aws sso login --sso-session corp)",
    });
    expect(r?.message).toContain(
      'cannot be refreshed: Identity Center refused its client registration (InvalidClientException from',
    );
    expect(r?.message).toContain('profile dev fails with "Token has expired and refresh failed"');
    expect(r?.message).not.toContain('secret');
  });

  it("an accepted registration is ok, and the AWS CLI's refresh token is left unspent", async () => {
    const { client, refreshToken } = await expiredCliToken();
    const [r] = only(await online(), 'token-expired');
    expect(r).toMatchObject({ status: 'ok' });
    expect(r?.message).toContain('Identity Center accepts its client registration');
    expect(r?.message).toContain('unless the sign-in itself has ended (not checked:');
    // The CLI's own refresh still works: doctor did not rotate its refresh token away.
    await expect(refresh(sdk, client, refreshToken)).resolves.toMatchObject({
      accessToken: expect.any(String),
    });
  });

  it('offline, nothing is asked and the token is judged by its fields', async () => {
    await expiredCliToken();
    fake.expireRegistrations();
    const rs = await runChecks([tokensCheck], sb.context({ offline: true }));
    expect(only(rs, 'token-expired')).toMatchObject([{ status: 'ok' }]);
  });
});

describe("awsid's sessions, online", () => {
  const GEN = (bin: string) =>
    `[profile gen]\ncredential_process = ${bin} credential-process --sso-session corp --account-id 111122223333 --role-name Admin\nawsid_generated = corp\n`;

  async function expiredAwsidSession() {
    const { client, token } = await login(sdk);
    await sb.config(SESSION + GEN(await sb.executable('bin/awsid')));
    const base = awsidSession();
    await sb.storeSession(
      'corp',
      awsidSession({
        startUrl: START_URL,
        oidcEndpoint: fake.url.replace(/\/+$/, ''),
        portalEndpoint: fake.url.replace(/\/+$/, ''),
        registration: { ...base.registration!, ...client },
        token: {
          ...base.token!,
          accessToken: token.accessToken!,
          refreshToken: token.refreshToken!,
          expiresAt: NOW - HOUR,
        },
      }),
    );
    return token.refreshToken!;
  }

  it('a session ended server-side fails, with awsid login as the fix', async () => {
    await expiredAwsidSession();
    fake.endSession();
    const [r] = only(await online(), 'token-expired');
    expect(r).toMatchObject({ status: 'fail', fix: 'awsid login --sso-session corp' });
    expect(r?.message).toContain('cannot be refreshed: the Identity Center session');
  });

  it('a live session is refreshed through the token service, which stores the rotated token', async () => {
    const old = await expiredAwsidSession();
    const [r] = only(await online(), 'token-expired');
    expect(r).toMatchObject({ status: 'ok' });
    expect(r?.message).toContain('awsid refreshed the access token of sso-session corp just now');
    const stored = (await sb.store.read()).sessions.corp?.token;
    expect(stored?.refreshToken).toBeDefined();
    expect(stored?.refreshToken).not.toBe(old);
    expect(stored?.expiresAt).toBeGreaterThan(NOW);
  });
});
