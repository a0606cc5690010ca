import { afterEach, describe, expect, it } from 'vitest';

import { reportError } from '../cli/main.js';
import { AccessDeniedError, LoginTimeoutError, ServiceError } from '../core/errors.js';
import { createTestIO } from '../platform/io.js';
import { createHarness, type Harness } from '../../test/helpers/login-harness.js';

let h: Harness;
afterEach(async () => h?.close());

/** What main would print for this error, and its exit code. */
function printed(e: unknown): { text: string; code: number } {
  const io = createTestIO();
  const code = reportError(e, io, false);
  return { text: io.err(), code };
}

describe('device authorization flow', () => {
  it('keeps polling while authorization is pending, one interval apart, then stores the token', async () => {
    h = await createHarness({ person: { kind: 'approve', afterPolls: 3 } });
    const r = await h.login();
    expect(r.session.token?.accessToken).toMatch(/^aoa/);
    expect(r.session.token?.refreshToken).toMatch(/^aor/);
    expect(h.clock.sleeps).toEqual([5000, 5000, 5000, 5000]);
    expect(h.fake.count('CreateToken')).toBe(4);
    expect(h.fake.log.filter((e) => e.errorShape === 'SlowDownException')).toEqual([]);
    expect(h.opened).toHaveLength(1);
    expect(h.opened[0]).toMatch(/^https:\/\//);
    const stored = await h.store.read();
    expect(stored.sessions.corp?.token?.accessToken).toBe(r.session.token?.accessToken);
  });

  it('adds 5 seconds to the interval after slow_down (RFC 8628 section 3.5)', async () => {
    h = await createHarness({ person: { kind: 'approve', afterPolls: 2 } });
    h.fake.failNext('CreateToken', { shape: 'SlowDownException' });
    await h.login();
    expect(h.clock.sleeps.slice(0, 3)).toEqual([5000, 10000, 10000]);
  });

  it('says the request was denied, naming the session and the command to retry', async () => {
    h = await createHarness({ person: { kind: 'deny' } });
    const e = await h.login().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AccessDeniedError);
    const { text, code } = printed(e);
    expect(text).toMatch(
      /^awsid: the login request for sso-session 'corp' was denied in the browser \(code [A-Z0-9-]+\)\n  run: awsid login --sso-session corp\n$/,
    );
    expect(code).toBe(5);
    expect((await h.store.read()).sessions.corp?.token).toBeUndefined();
  });

  it('says the code expired when nobody approves in time', async () => {
    h = await createHarness({ person: { kind: 'never' }, deviceCodeTtlSec: 30 });
    const e = await h.login().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LoginTimeoutError);
    const { text, code } = printed(e);
    expect(text).toContain("the login code for sso-session 'corp' expired before it was approved");
    expect(text).toContain('  run: awsid login --sso-session corp\n');
    expect(code).toBe(9);
  });

  it('reports a server error as one line naming Identity Center and the next command', async () => {
    h = await createHarness({ person: { kind: 'approve', afterPolls: 1 } });
    // The first try and the SDK's 2 retries (standard mode, 3 attempts).
    h.fake.failNext('CreateToken', { shape: 'InternalServerException', count: 3 });
    const e = await h.login().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ServiceError);
    const { text } = printed(e);
    expect(text.split('\n').filter(Boolean)).toHaveLength(2);
    expect(text).toMatch(
      /^awsid: Identity Center refused the login for sso-session 'corp': InternalServerException/,
    );
    expect(text).toContain('run: awsid login --sso-session corp');
  });

  it('reports a garbage answer from the server without crashing', async () => {
    h = await createHarness();
    h.fake.failNext('StartDeviceAuthorization', { shape: 'garbage' });
    const e = await h.login().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ServiceError);
    const { text } = printed(e);
    expect(text).toMatch(
      /^awsid: Identity Center could not start a login for sso-session 'corp': /,
    );
    expect(text).toContain('  run: awsid doctor --sso-session corp\n');
  });

  it('registers the client once and reuses the registration on the next login', async () => {
    h = await createHarness();
    const first = await h.login();
    const second = await h.login();
    expect(first.reusedRegistration).toBe(false);
    expect(second.reusedRegistration).toBe(true);
    expect(h.fake.count('RegisterClient')).toBe(1);
    expect(h.fake.count('StartDeviceAuthorization')).toBe(2);
  });

  it('registers again when the stored registration is within 15 minutes of expiry', async () => {
    h = await createHarness({ registrationTtlSec: 3600 });
    await h.login();
    h.clock.advance(50 * 60 * 1000);
    const again = await h.login();
    expect(again.reusedRegistration).toBe(false);
    expect(h.fake.count('RegisterClient')).toBe(2);
  });

  it('registers again, once, when the service no longer knows the stored client', async () => {
    h = await createHarness();
    await h.login();
    h.fake.expireRegistrations();
    const again = await h.login();
    expect(again.reusedRegistration).toBe(false);
    expect(h.fake.count('RegisterClient')).toBe(2);
  });
});
