import { afterEach, describe, expect, it } from 'vitest';

import { reportError } from '../cli/main.js';
import { LoginTimeoutError } from '../core/errors.js';
import { createTestIO } from '../platform/io.js';
import { createHarness, type Harness } from '../../test/helpers/login-harness.js';
import { authorizeUrl, challengeOf, newPkceParams } from './pkce-params.js';
import { isReusable } from './registration.js';

let h: Harness;
afterEach(async () => h?.close());

describe('PKCE parameters', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', () => {
    expect(challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes a fresh 64-character verifier and state each time', () => {
    const a = newPkceParams();
    const b = newPkceParams();
    expect(a.codeVerifier).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(a.codeChallenge).toBe(challengeOf(a.codeVerifier));
    expect(a.codeVerifier).not.toBe(b.codeVerifier);
    expect(a.state).not.toBe(b.state);
  });

  it('builds the authorize URL in the AWS CLI order, scopes plural and space as %20', () => {
    const url = authorizeUrl({
      origin: 'https://oidc.eu-west-1.amazonaws.com',
      clientId: 'CID',
      redirectUri: 'http://127.0.0.1:54321/oauth/callback',
      scopes: ['sso:account:access', 'openid'],
      params: { codeVerifier: 'v', codeChallenge: 'CH', state: 'ST' },
    });
    expect(url).toBe(
      'https://oidc.eu-west-1.amazonaws.com/authorize?response_type=code&client_id=CID' +
        '&redirect_uri=http%3A%2F%2F127.0.0.1%3A54321%2Foauth%2Fcallback&state=ST' +
        '&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess%20openid&code_challenge=CH',
    );
  });
});

describe('PKCE login against the fake', () => {
  it('ends after the bounded wait with the device-code hint, the port closed and nothing stored', async () => {
    h = await createHarness({ person: { kind: 'never' } });
    const e = await h.login({ flow: 'pkce' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LoginTimeoutError);
    const io = createTestIO();
    expect(reportError(e, io, false)).toBe(9);
    expect(io.err()).toBe(
      "awsid: no answer from the browser for sso-session 'corp' within 5 minutes\n" +
        '  run: awsid login --sso-session corp --use-device-code   (when the browser is on another machine)\n',
    );
    // Opened: the listener's one-shot start page, never the authorize URL with its state.
    const opened = new URL(h.opened[0]!);
    expect(opened.hostname).toBe('127.0.0.1');
    expect(opened.pathname).toMatch(/^\/start\//);
    const closed = await fetch(opened).then(
      () => false,
      () => true,
    );
    expect(closed).toBe(true);
    expect((await h.store.read()).sessions.corp).toBeUndefined();
  });

  it('does not store a PKCE registration without tokens; a device login registers its own', async () => {
    h = await createHarness({ person: { kind: 'never' } });
    await h.login({ flow: 'pkce' }).catch(() => undefined);
    h.fake.setPerson({ kind: 'approve' });
    const device = await h.login();
    expect(h.fake.count('RegisterClient')).toBe(2);
    expect(device.session.registration?.flow).toBe('device-code');
    const now = h.clock.now();
    expect(isReusable(device.session.registration, h.session, now, 'pkce')).toBe(false);
    expect(isReusable(device.session.registration, h.session, now, 'device-code')).toBe(true);
  });
});
