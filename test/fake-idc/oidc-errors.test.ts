import {
  AccessDeniedException,
  AuthorizationPendingException,
  CreateTokenCommand,
  ExpiredTokenException,
  InternalServerException,
  InvalidClientException,
  InvalidClientMetadataException,
  InvalidGrantException,
  InvalidRedirectUriException,
  InvalidRequestException,
  InvalidRequestRegionException,
  InvalidScopeException,
  RegisterClientCommand,
  SlowDownException,
  UnauthorizedClientException,
  UnsupportedGrantTypeException,
  type RegisterClientCommandInput,
} from '@aws-sdk/client-sso-oidc';
import { afterEach, describe, expect, it } from 'vitest';

import { OIDC_ERRORS, startFakeIdc } from './index.js';
import type { FakeIdc, FakeIdcOptions, OidcErrorShape } from './index.js';
import {
  caught,
  register,
  registered,
  sdkFor,
  startAuth,
  takeUnexpected,
  type Sdk,
} from './sdk-helpers.js';

const CLASSES: Record<OidcErrorShape, new (...args: never[]) => Error> = {
  AuthorizationPendingException,
  SlowDownException,
  ExpiredTokenException,
  AccessDeniedException,
  InvalidClientException,
  InvalidGrantException,
  UnauthorizedClientException,
  InvalidRequestException,
  InvalidScopeException,
  UnsupportedGrantTypeException,
  InvalidClientMetadataException,
  InvalidRedirectUriException,
  InternalServerException,
  InvalidRequestRegionException,
};

let fake: FakeIdc;
let sdk: Sdk;

/** A RegisterClient answer with a client the fake registered (not a fault, not an empty body). */
const REGISTERED = {
  $metadata: { httpStatusCode: 200 },
  clientId: expect.any(String),
  clientSecret: expect.any(String),
  clientSecretExpiresAt: expect.any(Number),
};

async function setup(options: FakeIdcOptions = {}): Promise<void> {
  fake = await startFakeIdc(options);
  sdk = sdkFor(fake);
}

afterEach(async () => {
  sdk.destroy();
  await fake.close();
});

function registerWith(input: Partial<RegisterClientCommandInput>) {
  return sdk.oidc.send(
    new RegisterClientCommand({ clientName: 'awsid-test', clientType: 'public', ...input }),
  );
}

describe('every modeled OIDC error, injected, reaches the SDK as its class', () => {
  it.each(Object.keys(OIDC_ERRORS) as OidcErrorShape[])('%s', async (shape) => {
    await setup();
    fake.failNext('RegisterClient', {
      shape,
      description: `about ${shape}`,
      reason: 'KMS_DisabledException',
    });
    const err = await caught(register(sdk));
    expect(err).toBeInstanceOf(CLASSES[shape]);
    expect(err.$metadata.httpStatusCode).toBe(OIDC_ERRORS[shape][0]);
    expect(err.error).toBe(OIDC_ERRORS[shape][1]);
    expect(err.error_description).toBe(`about ${shape}`);
    expect(fake.log.at(-1)).toMatchObject({ errorShape: shape, injected: true });
    await expect(register(sdk)).resolves.toMatchObject(REGISTERED); // count defaults to 1
  });
});

describe('OIDC errors the fake produces from its rules', () => {
  it('clientType other than public -> InvalidClientMetadata', async () => {
    await setup();
    const err = await caught(registerWith({ clientType: 'confidential' }));
    expect(err).toBeInstanceOf(InvalidClientMetadataException);
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(takeUnexpected(fake)).toEqual(['POST /client/register InvalidClientMetadataException']);
  });

  it('a malformed scope -> InvalidScope', async () => {
    await setup();
    expect(await caught(registerWith({ scopes: ['not a scope'] }))).toBeInstanceOf(
      InvalidScopeException,
    );
  });

  it('an unknown grant type at registration -> UnsupportedGrantType', async () => {
    await setup();
    expect(await caught(registerWith({ grantTypes: ['password'] }))).toBeInstanceOf(
      UnsupportedGrantTypeException,
    );
    expect(takeUnexpected(fake)).toEqual(['POST /client/register UnsupportedGrantTypeException']);
  });

  it('a non-loopback http redirect URI -> InvalidRedirectUri', async () => {
    await setup();
    const err = await caught(registerWith({ redirectUris: ['http://example.com/oauth/callback'] }));
    expect(err).toBeInstanceOf(InvalidRedirectUriException);
    await expect(
      registerWith({
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: ['http://127.0.0.1/oauth/callback'],
      }),
    ).resolves.toMatchObject(REGISTERED);
  });

  it('a missing required member -> InvalidRequest', async () => {
    await setup();
    const err = await caught(registerWith({ clientName: '' }));
    expect(err).toBeInstanceOf(InvalidRequestException);
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(takeUnexpected(fake)).toEqual(['POST /client/register InvalidRequestException']);
  });

  it('an unknown grantType at CreateToken -> UnsupportedGrantType', async () => {
    await setup();
    const c = await registered(sdk);
    const err = await caught(
      sdk.oidc.send(new CreateTokenCommand({ ...c, grantType: 'password' })),
    );
    expect(err).toBeInstanceOf(UnsupportedGrantTypeException);
    expect(takeUnexpected(fake)).toEqual(['POST /token UnsupportedGrantTypeException']);
  });

  it('a PKCE-only registration may not start the device flow -> UnauthorizedClient', async () => {
    await setup();
    const r = await registerWith({
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1/oauth/callback'],
    });
    const err = await caught(
      startAuth(sdk, { clientId: r.clientId!, clientSecret: r.clientSecret! }),
    );
    expect(err).toBeInstanceOf(UnauthorizedClientException);
  });

  it('an unknown device code or authorization code -> InvalidGrant', async () => {
    await setup();
    const c = await registered(sdk);
    const device = 'urn:ietf:params:oauth:grant-type:device_code';
    const send = (input: Record<string, string>) =>
      sdk.oidc.send(new CreateTokenCommand({ ...c, ...input } as never));
    expect(await caught(send({ grantType: device, deviceCode: 'nope' }))).toBeInstanceOf(
      InvalidGrantException,
    );
    const pkce = {
      redirectUri: 'http://127.0.0.1:5000/oauth/callback',
      codeVerifier: 'v'.repeat(64),
    };
    expect(
      await caught(send({ grantType: 'authorization_code', code: 'x', ...pkce })),
    ).toBeInstanceOf(InvalidGrantException);
  });

  it('the OIDC throttle answers RegisterClient/StartDeviceAuthorization with SlowDown', async () => {
    let t = 1_800_000_000_000;
    await setup({ now: () => t, throttle: { oidcRps: 2 } });
    const c = await registered(sdk);
    await startAuth(sdk, c);
    const err = await caught(register(sdk));
    expect(err).toBeInstanceOf(SlowDownException);
    expect(fake.log.at(-1)).toMatchObject({ operation: 'RegisterClient', injected: true });
    t += 500; // one token back
    await expect(startAuth(sdk, c)).resolves.toMatchObject({
      $metadata: { httpStatusCode: 200 },
      deviceCode: expect.any(String),
      userCode: expect.stringMatching(/^[B-DF-HJ-NP-TV-XZ]{4}-[B-DF-HJ-NP-TV-XZ]{4}$/),
    });
  });

  it('failNext count and InternalServerException with maxAttempts 1', async () => {
    await setup();
    fake.failNext('RegisterClient', { shape: 'InternalServerException', count: 2 });
    for (let i = 0; i < 2; i++) {
      const err = await caught(register(sdk));
      expect(err).toBeInstanceOf(InternalServerException);
      expect(err.$metadata.httpStatusCode).toBe(500);
    }
    await expect(register(sdk)).resolves.toMatchObject(REGISTERED);
  });

  it('garbage: 200 with a body that is not JSON', async () => {
    await setup();
    fake.failNext('CreateToken', { shape: 'garbage' });
    const c = await registered(sdk);
    const err = await caught(
      sdk.oidc.send(
        new CreateTokenCommand({ ...c, grantType: 'refresh_token', refreshToken: 'x' }),
      ),
    );
    expect(err.name).toBe('SyntaxError');
    expect(err.$metadata.httpStatusCode).toBe(200);
  });

  it('failNext rejects a shape the service does not have', async () => {
    await setup();
    expect(() => fake.failNext('CreateToken', { shape: 'UnauthorizedException' })).toThrow(
      /not an OIDC error shape/,
    );
  });
});
