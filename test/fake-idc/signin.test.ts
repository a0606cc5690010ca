/**
 * Contract of the fake's console federation endpoint: tokens only for role credentials it issued
 * and that are still valid, logins only with tokens it minted, malformed requests unexpected.
 */
import { GetRoleCredentialsCommand, type RoleCredentials } from '@aws-sdk/client-sso';
import { afterEach, describe, expect, it } from 'vitest';

import { startFakeIdc, type FakeIdc, type FakeIdcOptions } from './index.js';
import { login, manualClock, sdkFor, takeUnexpected, type Sdk } from './sdk-helpers.js';

let fake: FakeIdc;
let sdk: Sdk;

async function roleCreds(options: FakeIdcOptions = {}): Promise<RoleCredentials> {
  fake = await startFakeIdc(options);
  sdk = sdkFor(fake);
  const { token } = await login(sdk);
  const out = await sdk.sso.send(
    new GetRoleCredentialsCommand({
      accessToken: token.accessToken!,
      accountId: '111111111111',
      roleName: 'ReadOnlyAccess',
    }),
  );
  return out.roleCredentials!;
}

afterEach(async () => {
  sdk.destroy();
  await fake.close();
});

const sessionOf = (c: RoleCredentials) =>
  JSON.stringify({
    sessionId: c.accessKeyId,
    sessionKey: c.secretAccessKey,
    sessionToken: c.sessionToken,
  });

async function federation(query: Record<string, string>) {
  const url = `${fake.url}/federation?${new URLSearchParams(query).toString()}`;
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

const DEST = 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1';

describe('fake federation endpoint', () => {
  it('mints a token from issued credentials, and a login with it redirects to the destination', async () => {
    const c = await roleCreds();
    const got = await federation({ Action: 'getSigninToken', Session: sessionOf(c) });
    expect(got.status).toBe(200);
    const token = (JSON.parse(got.body) as { SigninToken: string }).SigninToken;
    expect(fake.signinTokens()).toEqual([
      {
        signinToken: token,
        accessKeyId: c.accessKeyId,
        accountId: '111111111111',
        roleName: 'ReadOnlyAccess',
        logins: [],
      },
    ]);
    expect(fake.issuedSecrets()).toContain(token);
    const loginRes = await federation({
      Action: 'login',
      Issuer: 'test',
      Destination: DEST,
      SigninToken: token,
    });
    expect(loginRes).toMatchObject({ status: 302, location: DEST });
    expect(fake.signinTokens()[0]!.logins).toEqual([DEST]);
  });

  it('refuses credentials it did not issue, or with a wrong secret, without calling it malformed', async () => {
    const c = await roleCreds();
    const forged = { ...c, secretAccessKey: 'x'.repeat(40) };
    const got = await federation({ Action: 'getSigninToken', Session: sessionOf(forged) });
    expect(got.status).toBe(400);
    expect(got.body).toMatch(/invalid/);
    expect(fake.signinTokens()).toEqual([]);
    expect(takeUnexpected(fake)).toEqual([]);
  });

  it('refuses credentials that have expired', async () => {
    const clock = manualClock();
    const c = await roleCreds({ now: clock.now, roleCredentialsTtlSec: 900 });
    clock.t.ms += 900_000;
    const got = await federation({ Action: 'getSigninToken', Session: sessionOf(c) });
    expect(got).toMatchObject({ status: 400, body: expect.stringMatching(/expired/) });
  });

  it('accepts a login only with a token it minted and within 15 minutes', async () => {
    const clock = manualClock();
    const c = await roleCreds({ now: clock.now });
    const got = await federation({ Action: 'getSigninToken', Session: sessionOf(c) });
    const token = (JSON.parse(got.body) as { SigninToken: string }).SigninToken;
    const forged = await federation({ Action: 'login', Destination: DEST, SigninToken: 'fst-x' });
    expect(forged.status).toBe(400);
    clock.t.ms += 15 * 60_000;
    const late = await federation({ Action: 'login', Destination: DEST, SigninToken: token });
    expect(late.status).toBe(400);
    expect(fake.signinTokens()[0]!.logins).toEqual([]);
  });

  it('records malformed requests as unexpected', async () => {
    const c = await roleCreds();
    const bad = [
      { Action: 'getSigninToken', Session: sessionOf(c), SessionDuration: '3600' },
      { Action: 'getSigninToken', Session: '{"sessionId":"x"}' },
      { Action: 'getSigninToken' },
      { Action: 'login', Destination: 'http://example.com/', SigninToken: 'x' },
      { Action: 'nope' },
    ];
    for (const q of bad) expect((await federation(q)).status).not.toBe(200);
    expect(takeUnexpected(fake)).toHaveLength(bad.length);
    expect(fake.signinTokens()).toEqual([]);
  });
});
