import { afterEach, describe, expect, it } from 'vitest';

import { NotLoggedInError, ServiceError } from '../core/errors.js';
import { createHarness, type Harness } from '../../test/helpers/login-harness.js';
import { createTokenService } from './token-service.js';

let h: Harness;
afterEach(async () => h?.close());

const MIN = 60_000;

async function loggedIn(opts: Parameters<typeof createHarness>[0] = {}) {
  h = await createHarness(opts);
  const r = await h.login();
  const tokens = createTokenService({
    store: h.store,
    oidcFor: h.oidcFor,
    issuerFor: h.issuerFor,
    clock: h.clock,
  });
  return { tokens, first: r.session.token! };
}

describe('getAccessToken', () => {
  it('returns the stored token without calling the service while more than 15 minutes remain', async () => {
    const { tokens, first } = await loggedIn();
    h.clock.advance(40 * MIN);
    const t = await tokens.getAccessToken('corp');
    expect(t.accessToken).toBe(first.accessToken);
    expect(h.fake.log.filter((e) => e.operation === 'CreateToken')).toHaveLength(1);
  });

  it('refreshes with the refresh token when fewer than 15 minutes remain, and stores the rotated one', async () => {
    const { tokens, first } = await loggedIn();
    h.clock.advance(50 * MIN);
    const t = await tokens.getAccessToken('corp');
    expect(t.accessToken).not.toBe(first.accessToken);
    expect(t.expiresAt).toBe(h.clock.now() + 3600_000);
    const stored = (await h.store.read()).sessions.corp!.token!;
    expect(stored.refreshToken).not.toBe(first.refreshToken);
    expect(stored.accessToken).toBe(t.accessToken);
    // The rotated token keeps working: a second refresh succeeds with the newest refresh token.
    h.clock.advance(50 * MIN);
    const t2 = await tokens.getAccessToken('corp');
    expect(t2.accessToken).not.toBe(t.accessToken);
  });

  it('shares one refresh among concurrent callers', async () => {
    const { tokens } = await loggedIn();
    h.clock.advance(55 * MIN);
    const before = h.fake.count('CreateToken');
    const all = await Promise.all(Array.from({ length: 25 }, () => tokens.getAccessToken('corp')));
    expect(new Set(all.map((t) => t.accessToken)).size).toBe(1);
    expect(h.fake.count('CreateToken') - before).toBe(1);
  });

  it('refreshes a token the portal refused even though it looked valid (forceRefresh)', async () => {
    const { tokens, first } = await loggedIn();
    const t = await tokens.getAccessToken('corp', { forceRefresh: true });
    expect(t.accessToken).not.toBe(first.accessToken);
  });

  it('says the session has ended and names the login command when the refresh is refused', async () => {
    const { tokens } = await loggedIn();
    h.fake.endSession();
    h.clock.advance(61 * MIN);
    const e = await tokens.getAccessToken('corp').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NotLoggedInError);
    expect((e as Error).message).toBe(
      "the Identity Center session for sso-session 'corp' has ended (refresh refused: InvalidGrantException)",
    );
    expect((e as NotLoggedInError).hint).toBe('awsid login --sso-session corp');
    // The dead token is gone, so the next call fails fast without asking the service.
    const calls = h.fake.count('CreateToken');
    await expect(tokens.getAccessToken('corp')).rejects.toThrow(
      "sso-session 'corp' is not logged in",
    );
    expect(h.fake.count('CreateToken')).toBe(calls);
  });

  it('keeps using a still-valid token when the refresh fails for a network or server reason', async () => {
    const { tokens, first } = await loggedIn();
    h.clock.advance(50 * MIN);
    h.fake.failNext('CreateToken', { shape: 'InternalServerException', count: 3 });
    const t = await tokens.getAccessToken('corp');
    expect(t.accessToken).toBe(first.accessToken);
  });

  it('fails with a clear error when the token expired and the service cannot be reached', async () => {
    const { tokens } = await loggedIn();
    h.clock.advance(61 * MIN);
    h.fake.failNext('CreateToken', { shape: 'InternalServerException', count: 3 });
    const e = await tokens.getAccessToken('corp').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ServiceError);
    expect((e as ServiceError).hint).toBe('awsid doctor --sso-session corp');
  });

  it('says not logged in for a session never logged in', async () => {
    const { tokens } = await loggedIn();
    const e = await tokens.getAccessToken('other').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NotLoggedInError);
    expect((e as NotLoggedInError).hint).toBe('awsid login --sso-session other');
  });
});

describe('tokens stay with their issuer', () => {
  it.each([
    ['another start URL', { startUrl: 'https://d-other00001.awsapps.com/start' }],
    ['another region', { region: 'eu-west-1' }],
    ['another sso-oidc endpoint', { oidcEndpoint: 'http://127.0.0.1:9' }],
    ['another portal endpoint', { portalEndpoint: 'http://127.0.0.1:9' }],
  ])(
    'a session from %s is not logged in here: nothing is sent, nothing is deleted',
    async (_what, differs) => {
      h = await createHarness();
      await h.login();
      const here = { ...(await h.issuerFor('corp')), ...differs };
      const tokens = createTokenService({
        store: h.store,
        oidcFor: h.oidcFor,
        issuerFor: () => Promise.resolve(here),
        clock: h.clock,
      });
      const before = JSON.stringify(await h.store.read());
      const requests = h.fake.log.length;
      h.clock.advance(55 * MIN); // inside the refresh window: a refresh would be due
      for (const opts of [{}, { forceRefresh: true }]) {
        const e = await tokens.getAccessToken('corp', opts).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(NotLoggedInError);
        expect((e as Error).message).toMatch(/^sso-session 'corp' is not logged in here: /);
        expect((e as NotLoggedInError).hint).toBe('awsid login --sso-session corp');
      }
      expect(h.fake.log.length).toBe(requests);
      expect(JSON.stringify(await h.store.read())).toBe(before);
    },
  );
});
