/**
 * The PKCE half of the fake against the real SDK client: GET /authorize as a browser meets it
 * (fetch, redirects not followed) and CreateToken's authorization_code grant with its errors.
 */
import {
  CreateTokenCommand,
  ExpiredTokenException,
  InvalidGrantException,
  InvalidRequestException,
  RegisterClientCommand,
} from '@aws-sdk/client-sso-oidc';
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';

import { startFakeIdc, type FakeIdc, type FakeIdcOptions } from './index.js';
import { caught, registered, sdkFor, START_URL, takeUnexpected, type Sdk } from './sdk-helpers.js';

let fake: FakeIdc;
let sdk: Sdk;
afterEach(async () => {
  sdk?.destroy();
  await fake?.close();
});

async function setup(opts: FakeIdcOptions = {}): Promise<void> {
  fake = await startFakeIdc(opts);
  sdk = sdkFor(fake);
}

const REDIRECT = 'http://127.0.0.1:50123/oauth/callback';

async function registerPkce(): Promise<{ clientId: string; clientSecret: string }> {
  const r = await sdk.oidc.send(
    new RegisterClientCommand({
      clientName: 'awsid-corp',
      clientType: 'public',
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1/oauth/callback'],
      issuerUrl: START_URL,
      scopes: ['sso:account:access'],
    }),
  );
  return { clientId: r.clientId!, clientSecret: r.clientSecret! };
}

function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** GET /authorize like a browser, without following the redirect. */
async function authorize(params: Record<string, string>): Promise<Response> {
  const q = new URLSearchParams({
    response_type: 'code',
    redirect_uri: REDIRECT,
    state: 'st-123',
    code_challenge_method: 'S256',
    scopes: 'sso:account:access',
    ...params,
  });
  return fetch(`${fake.url}/authorize?${q.toString()}`, { redirect: 'manual' });
}

function location(r: Response): URL {
  return new URL(r.headers.get('location') ?? 'about:blank');
}

async function codeFor(clientId: string, challenge: string): Promise<string> {
  const r = await authorize({ client_id: clientId, code_challenge: challenge });
  expect(r.status).toBe(302);
  const to = location(r);
  expect(`${to.origin}${to.pathname}`).toBe(REDIRECT);
  expect(to.searchParams.get('state')).toBe('st-123');
  return to.searchParams.get('code')!;
}

function exchange(
  c: { clientId: string; clientSecret: string },
  code: string,
  verifier: string,
  redirectUri = REDIRECT,
) {
  return sdk.oidc.send(
    new CreateTokenCommand({
      ...c,
      grantType: 'authorization_code',
      code,
      redirectUri,
      codeVerifier: verifier,
    }),
  );
}

describe('GET /authorize and the authorization_code grant', () => {
  it('redirects with a code that is exchanged once for refreshable tokens', async () => {
    await setup();
    const c = await registerPkce();
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(c.clientId, challenge);
    const t = await exchange(c, code, verifier);
    expect(t.accessToken).toMatch(/^aoa/);
    expect(t.refreshToken).toMatch(/^aor/);
    expect(fake.issuedSecrets()).toContain(code);
    expect(await caught(exchange(c, code, verifier))).toBeInstanceOf(InvalidGrantException);
    expect(fake.authorizeRequests()).toEqual([
      { clientId: c.clientId, redirectUri: REDIRECT, outcome: 'code' },
    ]);
  });

  it('a wrong verifier -> InvalidGrant, and the code is spent', async () => {
    await setup();
    const c = await registerPkce();
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(c.clientId, challenge);
    expect(await caught(exchange(c, code, pkcePair().verifier))).toBeInstanceOf(
      InvalidGrantException,
    );
    expect(await caught(exchange(c, code, verifier))).toBeInstanceOf(InvalidGrantException);
  });

  it('another redirect URI (even another port) -> InvalidGrant', async () => {
    await setup();
    const c = await registerPkce();
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(c.clientId, challenge);
    const err = await caught(exchange(c, code, verifier, 'http://127.0.0.1:50124/oauth/callback'));
    expect(err).toBeInstanceOf(InvalidGrantException);
  });

  it('an expired code -> ExpiredToken; a missing verifier -> InvalidRequest', async () => {
    await setup({ authCodeTtlSec: 60 });
    const c = await registerPkce();
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(c.clientId, challenge);
    expect(await caught(exchange(c, code, ''))).toBeInstanceOf(InvalidRequestException);
    expect(takeUnexpected(fake)).toEqual(['POST /token InvalidRequestException']);
    fake.advance(61_000);
    expect(await caught(exchange(c, code, verifier))).toBeInstanceOf(ExpiredTokenException);
  });

  it('the person denies -> redirect with error=access_denied and the state', async () => {
    await setup({ person: { kind: 'deny' } });
    const c = await registerPkce();
    const r = await authorize({ client_id: c.clientId, code_challenge: pkcePair().challenge });
    expect(r.status).toBe(302);
    const to = location(r);
    expect(Object.fromEntries(to.searchParams)).toEqual({
      error: 'access_denied',
      state: 'st-123',
    });
  });

  it('the person never answers -> a page, no redirect', async () => {
    await setup({ person: { kind: 'never' } });
    const c = await registerPkce();
    const r = await authorize({ client_id: c.clientId, code_challenge: pkcePair().challenge });
    expect(r.status).toBe(200);
    expect(r.headers.get('location')).toBeNull();
    expect(fake.authorizeRequests()[0]?.outcome).toBe('waiting');
  });

  it('a bad client or redirect URI gets an error page, never a redirect', async () => {
    await setup();
    const c = await registerPkce();
    const device = await registered(sdk);
    const challenge = pkcePair().challenge;
    const cases: Array<Record<string, string>> = [
      { client_id: 'nope', code_challenge: challenge },
      { client_id: device.clientId, code_challenge: challenge },
      { client_id: c.clientId, code_challenge: challenge, redirect_uri: 'http://127.0.0.1:5/x' },
      {
        client_id: c.clientId,
        code_challenge: challenge,
        redirect_uri: 'http://localhost:5/oauth/callback',
      },
      { client_id: c.clientId, code_challenge: challenge, extra: '1' },
    ];
    for (const params of cases) {
      const r = await authorize(params);
      expect(r.status, JSON.stringify(params)).toBe(400);
      expect(r.headers.get('location')).toBeNull();
    }
  });

  it('a plain challenge, a bad challenge or a foreign scope -> redirect with an error', async () => {
    await setup();
    const c = await registerPkce();
    const challenge = pkcePair().challenge;
    const cases: Array<[Record<string, string>, string]> = [
      [{ code_challenge_method: 'plain', code_challenge: challenge }, 'invalid_request'],
      [{ code_challenge: 'short' }, 'invalid_request'],
      [{ code_challenge: challenge, scopes: 'sso:account:access openid' }, 'invalid_scope'],
      [{ code_challenge: challenge, response_type: 'token' }, 'unsupported_response_type'],
    ];
    for (const [params, error] of cases) {
      const r = await authorize({ client_id: c.clientId, ...params });
      expect(r.status).toBe(302);
      expect(location(r).searchParams.get('error')).toBe(error);
      expect(location(r).searchParams.get('code')).toBeNull();
    }
  });
});
