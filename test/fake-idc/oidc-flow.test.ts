import {
  AccessDeniedException,
  AuthorizationPendingException,
  ExpiredTokenException,
  InvalidClientException,
  InvalidGrantException,
  SlowDownException,
} from '@aws-sdk/client-sso-oidc';
import { afterEach, describe, expect, it } from 'vitest';

import { startFakeIdc } from './index.js';
import type { FakeIdc, FakeIdcOptions } from './index.js';
import {
  caught,
  login,
  manualClock,
  poll,
  refresh,
  register,
  registered,
  sdkFor,
  startAuth,
  START_URL,
  type Sdk,
} from './sdk-helpers.js';

let fake: FakeIdc;
let sdk: Sdk;

/** A CreateToken answer with a fresh token pair (not a fault, not an empty body). */
const TOKEN = {
  $metadata: { httpStatusCode: 200 },
  accessToken: expect.stringMatching(/^aoa/),
  refreshToken: expect.stringMatching(/^aor/),
  tokenType: 'Bearer',
  expiresIn: expect.any(Number),
};

async function setup(options: FakeIdcOptions = {}): Promise<void> {
  fake = await startFakeIdc(options);
  sdk = sdkFor(fake);
}

afterEach(async () => {
  sdk.destroy();
  await fake.close();
});

describe('OIDC success shapes', () => {
  it('RegisterClient returns epoch-second timestamps and a long secret', async () => {
    const clock = manualClock();
    await setup({ now: clock.now, registrationTtlSec: 7776000 });
    const r = await register(sdk);
    expect(r.clientIdIssuedAt).toBe(Math.floor(clock.t.ms / 1000));
    expect(r.clientSecretExpiresAt).toBe(r.clientIdIssuedAt! + 7776000);
    expect(r.clientSecret!.length).toBeGreaterThanOrEqual(40);
    expect(fake.issuedSecrets()).toContain(r.clientSecret);
  });

  it('StartDeviceAuthorization returns https verification URIs, expiresIn and interval', async () => {
    await setup({ deviceCodeTtlSec: 300, intervalSec: 2, region: 'eu-west-1' });
    const auth = await startAuth(sdk, await registered(sdk));
    expect(auth.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(auth.verificationUri).toBe('https://device.sso.eu-west-1.amazonaws.com/');
    expect(auth.verificationUriComplete).toBe(
      `https://device.sso.eu-west-1.amazonaws.com/?user_code=${auth.userCode}`,
    );
    expect(auth.expiresIn).toBe(300);
    expect(auth.interval).toBe(2);
    expect(fake.deviceAuthorizations()).toMatchObject([{ startUrl: START_URL, status: 'pending' }]);
  });

  it('CreateToken (device code) returns a Bearer token pair', async () => {
    await setup({ accessTokenTtlSec: 1800 });
    const { token } = await login(sdk);
    expect(token.tokenType).toBe('Bearer');
    expect(token.expiresIn).toBe(1800);
    expect(token.accessToken).toMatch(/^aoa[\w-]{40}$/);
    expect(token.refreshToken).toMatch(/^aor[\w-]{40}$/);
    expect(fake.deviceAuthorizations()[0]!.status).toBe('exchanged');
  });

  it('refresh rotates the refresh token; the old one is refused afterwards', async () => {
    await setup();
    const { client, token } = await login(sdk);
    const next = await refresh(sdk, client, token.refreshToken!);
    expect(next.accessToken).not.toBe(token.accessToken);
    expect(next.refreshToken).not.toBe(token.refreshToken);
    const err = await caught(refresh(sdk, client, token.refreshToken!));
    expect(err).toBeInstanceOf(InvalidGrantException);
    expect(err.$metadata.httpStatusCode).toBe(400);
    await expect(refresh(sdk, client, next.refreshToken!)).resolves.toMatchObject(TOKEN);
  });

  it('the access token never outlives the session', async () => {
    await setup({ accessTokenTtlSec: 3600, sessionTtlSec: 600 });
    const { token } = await login(sdk);
    expect(token.expiresIn).toBe(600);
  });
});

describe('device flow person and pacing', () => {
  it('approve afterPolls 2: two pending answers, then tokens', async () => {
    const clock = manualClock();
    await setup({ now: clock.now, person: { kind: 'approve', afterPolls: 2 } });
    const client = await registered(sdk);
    const auth = await startAuth(sdk, client);
    for (let i = 0; i < 2; i++) {
      const err = await caught(poll(sdk, client, auth.deviceCode!));
      expect(err).toBeInstanceOf(AuthorizationPendingException);
      expect(err.$metadata.httpStatusCode).toBe(400);
      expect(err.error).toBe('authorization_pending');
      clock.t.ms += 1000;
    }
    await expect(poll(sdk, client, auth.deviceCode!)).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
  });

  it('a poll sooner than the interval gets SlowDown and the interval grows by 5 s', async () => {
    const clock = manualClock();
    await setup({ now: clock.now, intervalSec: 1, person: { kind: 'never' } });
    const client = await registered(sdk);
    const code = (await startAuth(sdk, client)).deviceCode!;
    await caught(poll(sdk, client, code));
    clock.t.ms += 500;
    const err = await caught(poll(sdk, client, code));
    expect(err).toBeInstanceOf(SlowDownException);
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(fake.deviceAuthorizations()[0]!.intervalSec).toBe(6);
    clock.t.ms += 1000; // the old interval is no longer enough
    expect(await caught(poll(sdk, client, code))).toBeInstanceOf(SlowDownException);
    expect(fake.deviceAuthorizations()[0]!.intervalSec).toBe(11);
    clock.t.ms += 11_000 - 100; // within the documented 100 ms tolerance
    expect(await caught(poll(sdk, client, code))).toBeInstanceOf(AuthorizationPendingException);
    expect(fake.deviceAuthorizations()[0]!.polls).toBe(2);
  });

  it('a device code already exchanged gets InvalidGrant', async () => {
    const clock = manualClock();
    await setup({ now: clock.now });
    const client = await registered(sdk);
    const code = (await startAuth(sdk, client)).deviceCode!;
    await poll(sdk, client, code);
    clock.t.ms += 1000;
    expect(await caught(poll(sdk, client, code))).toBeInstanceOf(InvalidGrantException);
  });

  it('the device code expires after deviceCodeTtlSec', async () => {
    await setup({ deviceCodeTtlSec: 60, person: { kind: 'never' } });
    const client = await registered(sdk);
    const code = (await startAuth(sdk, client)).deviceCode!;
    fake.advance(60_000);
    const err = await caught(poll(sdk, client, code));
    expect(err).toBeInstanceOf(ExpiredTokenException);
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(fake.deviceAuthorizations()[0]!.status).toBe('expired');
  });

  it('a denying person gets AccessDenied', async () => {
    await setup({ person: { kind: 'deny' } });
    const client = await registered(sdk);
    const err = await caught(poll(sdk, client, (await startAuth(sdk, client)).deviceCode!));
    expect(err).toBeInstanceOf(AccessDeniedException);
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('approve()/deny() by user code, waitForDeviceAuthorization, setPerson', async () => {
    await setup({ person: { kind: 'never' } });
    const client = await registered(sdk);
    const waiting = fake.waitForDeviceAuthorization();
    const a = await startAuth(sdk, client);
    const b = await startAuth(sdk, client);
    expect((await waiting).userCode).toBe(a.userCode);
    fake.deny(b.userCode);
    fake.approve(a.userCode);
    await expect(poll(sdk, client, a.deviceCode!)).resolves.toMatchObject(TOKEN);
    expect(await caught(poll(sdk, client, b.deviceCode!))).toBeInstanceOf(AccessDeniedException);
    expect(() => fake.approve()).toThrow(/no pending device authorization/);
    const c = await startAuth(sdk, client);
    fake.setPerson({ kind: 'approve' });
    await expect(poll(sdk, client, c.deviceCode!)).resolves.toMatchObject(TOKEN);
  });
});

describe('session lifetime', () => {
  it('refresh after the session ends gets InvalidGrant (sessionTtlSec and endSession)', async () => {
    await setup({ sessionTtlSec: 600 });
    const first = await login(sdk);
    fake.advance(600_000);
    expect(await caught(refresh(sdk, first.client, first.token.refreshToken!))).toBeInstanceOf(
      InvalidGrantException,
    );
    const second = await login(sdk);
    fake.endSession();
    expect(await caught(refresh(sdk, second.client, second.token.refreshToken!))).toBeInstanceOf(
      InvalidGrantException,
    );
  });

  it('an expired registration gets InvalidClient (401)', async () => {
    await setup({ registrationTtlSec: 60 });
    const client = await registered(sdk);
    fake.advance(60_000);
    const err = await caught(startAuth(sdk, client));
    expect(err).toBeInstanceOf(InvalidClientException);
    expect(err.$metadata.httpStatusCode).toBe(401);
  });

  it('a wrong client secret gets InvalidClient (401)', async () => {
    await setup();
    const client = await registered(sdk);
    const err = await caught(startAuth(sdk, { ...client, clientSecret: 'not-the-secret' }));
    expect(err).toBeInstanceOf(InvalidClientException);
    expect(err.$metadata.httpStatusCode).toBe(401);
  });

  it('advance() refuses when the caller brought its own clock', async () => {
    await setup({ now: () => 1 });
    expect(() => fake.advance(1)).toThrow(/built-in clock/);
  });
});
