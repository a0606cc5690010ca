import { describe, expect, it } from 'vitest';

import { LoginTimeoutError, NotLoggedInError } from '../core/errors.js';
import type { AccessToken, RoleCredentials } from '../core/model.js';
import {
  PortalUnauthorizedError,
  RoleNotAssignedError,
  ThrottledError,
} from '../sso/portal-errors.js';
import {
  CredentialServiceClosedError,
  NoAnswerError,
  type CredentialServiceDeps,
  createCredentialService,
  MAX_TIMER_MS,
} from './credential-service.js';
import { FakeClock } from '../../test/helpers/fake-clock.js';

const MINUTE = 60_000;
const ref = { ssoSession: 'work', accountId: '111122223333', roleName: 'Admin' };

/** A deterministic stand-in for Identity Center (the AWS side of the boundary, not awsid code). */
function fakeIdentityCenter(clock: FakeClock) {
  const state = {
    loggedIn: true,
    tokenVersion: 1,
    revoked: new Set<string>(),
    throttleNext: 0,
    lifetimeMs: 60 * MINUTE,
    loginDelayMs: 30_000,
    issued: 0,
    calls: { getToken: 0, forced: 0, fetch: 0, login: 0 },
  };
  const deps: CredentialServiceDeps = {
    clock,
    random: () => 0.5,
    async getAccessToken(session, opts): Promise<AccessToken> {
      state.calls.getToken += 1;
      if (opts.forceRefresh) state.calls.forced += 1;
      await clock.sleep(10);
      if (!state.loggedIn) {
        throw new NotLoggedInError(`the session '${session}' has ended`, {
          hint: `awsid login --sso-session ${session}`,
        });
      }
      if (opts.forceRefresh) state.tokenVersion += 1;
      return { accessToken: `token-${state.tokenVersion}`, expiresAt: clock.now() + 60 * MINUTE };
    },
    async fetchRoleCredentials(_session, token, accountId, roleName): Promise<RoleCredentials> {
      state.calls.fetch += 1;
      await clock.sleep(100);
      if (state.revoked.has(token)) throw new PortalUnauthorizedError('session token not found');
      if (state.throttleNext > 0) {
        state.throttleNext -= 1;
        throw new ThrottledError('too many requests');
      }
      if (roleName === 'Nope') throw new RoleNotAssignedError(`no role in ${accountId}`);
      state.issued += 1;
      return {
        accessKeyId: `ASIAFAKE${state.issued}`,
        secretAccessKey: `secret-${state.issued}`,
        sessionToken: `session-${state.issued}`,
        expiration: clock.now() + state.lifetimeMs,
      };
    },
    async login() {
      state.calls.login += 1;
      await clock.sleep(state.loginDelayMs);
      state.loggedIn = true;
    },
  };
  return { state, deps };
}

function setup(overrides: Partial<CredentialServiceDeps> = {}) {
  const clock = new FakeClock({ sleeps: 'manual' });
  const idc = fakeIdentityCenter(clock);
  const service = createCredentialService({ ...idc.deps, ...overrides });
  return { clock, ...idc, service };
}

describe('createCredentialService', () => {
  it('answers 200 concurrent requests for one role with exactly one GetRoleCredentials', async () => {
    const { clock, state, service } = setup();
    const all = Promise.all(Array.from({ length: 200 }, () => service.getCredentials(ref)));
    const results = await clock.drive(all);
    expect(state.calls.fetch).toBe(1);
    expect(state.calls.getToken).toBe(1);
    expect(new Set(results.map((c) => c.accessKeyId))).toEqual(new Set(['ASIAFAKE1']));
    service.close();
  });

  it('tells the usage recorder of each request served (cached or fetched), not of failures', async () => {
    const served: string[] = [];
    const { clock, service } = setup({ usage: { record: (r) => served.push(r.roleName) } });
    await clock.drive(service.getCredentials(ref));
    await clock.drive(service.getCredentials(ref));
    await clock.drive(service.getCredentials({ ...ref, roleName: 'Nope' })).catch(() => {});
    expect(served).toEqual(['Admin', 'Admin']);
    service.close();
  });

  it('bounds every wait on a stuck fetch, names the endpoint, and starts afresh after the limit', async () => {
    const clock = new FakeClock({ sleeps: 'manual' });
    let stuck = true;
    // The portal holds the first fetch for an hour (a tarpit); later ones answer at once.
    const { deps } = fakeIdentityCenter(clock);
    const slow = createCredentialService({
      ...deps,
      waitMs: 3_000,
      endpointOf: (session, stage) => Promise.resolve(`${stage}.${session}.example`),
      async fetchRoleCredentials(...args) {
        if (stuck) {
          stuck = false;
          await clock.sleep(60 * MINUTE);
        }
        return deps.fetchRoleCredentials(...args);
      },
    });
    const waiters = Array.from({ length: 5 }, () =>
      slow.getCredentials(ref).then(
        () => 'served',
        (e: unknown) => e,
      ),
    );
    await clock.tick(3_000);
    const errors = await Promise.all(waiters);
    for (const e of errors) {
      expect(e).toBeInstanceOf(NoAnswerError);
      expect((e as Error).message).toBe(
        "no answer from role.work.example within 3 s for role credentials of sso-session 'work'",
      );
    }
    // The stuck flight is still running; a new caller does not join it.
    const next = await clock.drive(slow.getCredentials(ref));
    expect(next.accessKeyId).toBe('ASIAFAKE1');
    slow.close();
  });

  it('serves from the cache while 15 minutes remain', async () => {
    const { clock, state, service } = setup();
    await clock.drive(service.getCredentials(ref));
    await clock.tick(30 * MINUTE);
    const cached = await clock.drive(service.getCredentials(ref));
    expect(cached.accessKeyId).toBe('ASIAFAKE1');
    expect(state.calls.fetch).toBe(1);
    service.close();
  });

  it('fetches again on demand once fewer than 15 minutes remain', async () => {
    // No refresh ahead of expiry here, so only the on-demand path is at work.
    const { clock, state, service } = setup({ refreshAheadMs: 0, refreshJitterMs: 0 });
    await clock.drive(service.getCredentials(ref));
    await clock.tick(46 * MINUTE); // 14 min left: inside botocore's refresh window
    const fresh = await clock.drive(service.getCredentials(ref));
    expect(fresh.accessKeyId).toBe('ASIAFAKE2');
    expect(fresh.expiration - clock.now()).toBeGreaterThanOrEqual(15 * MINUTE);
    expect(state.calls.fetch).toBe(2);
    service.close();
  });

  it('serves what the portal gives for a role shorter than 15 minutes, without a fetch storm', async () => {
    const { clock, state, service } = setup();
    state.lifetimeMs = 10 * MINUTE;
    const first = await clock.drive(service.getCredentials(ref));
    await clock.tick(MINUTE);
    expect((await clock.drive(service.getCredentials(ref))).accessKeyId).toBe(first.accessKeyId);
    expect(state.calls.fetch).toBe(1);
    await clock.tick(5 * MINUTE);
    expect((await clock.drive(service.getCredentials(ref))).accessKeyId).not.toBe(
      first.accessKeyId,
    );
    expect(state.calls.fetch).toBe(2);
    service.close();
  });

  it('on a 401 refreshes the token once and retries once, for all waiting callers', async () => {
    const { clock, state, service } = setup();
    state.revoked.add('token-1');
    const all = Promise.all(Array.from({ length: 50 }, () => service.getCredentials(ref)));
    const results = await clock.drive(all);
    expect(state.calls.forced).toBe(1);
    expect(state.calls.fetch).toBe(2);
    expect(results.every((c) => c.accessKeyId === 'ASIAFAKE1')).toBe(true);
    service.close();
  });

  it('turns a second 401 after the refresh into NotLoggedInError naming the login command', async () => {
    const { clock, state, service } = setup();
    state.revoked.add('token-1').add('token-2');
    const error = await clock.drive(service.getCredentials(ref)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotLoggedInError);
    expect((error as NotLoggedInError).hint).toBe('awsid login --sso-session work');
    expect(state.calls.forced).toBe(1);
    expect(state.calls.fetch).toBe(2);
  });

  it('backs off with full jitter on 429 and then succeeds', async () => {
    const { clock, state, service } = setup({ random: () => 0.9 });
    state.throttleNext = 2;
    const start = clock.now();
    const creds = await clock.drive(service.getCredentials(ref));
    expect(creds.accessKeyId).toBe('ASIAFAKE1');
    expect(state.calls.fetch).toBe(3);
    // Retry delays are random * min(cap, 500 ms * 2^n): 450 ms, then 900 ms.
    expect(clock.sleeps).toContain(450);
    expect(clock.sleeps).toContain(900);
    expect(clock.now() - start).toBeGreaterThanOrEqual(450 + 900);
    service.close();
  });

  it('gives up on 429 after a bounded number of attempts', async () => {
    const { clock, state, service } = setup();
    state.throttleNext = 100;
    const error = await clock.drive(service.getCredentials(ref)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(state.calls.fetch).toBe(5);
  });

  it('does not retry a role that is not assigned', async () => {
    const { clock, state, service } = setup();
    const error = await clock
      .drive(service.getCredentials({ ...ref, roleName: 'Nope' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RoleNotAssignedError);
    expect(state.calls.fetch).toBe(1);
  });

  it('fails all 50 waiting callers fast when the session has ended, and never logs in', async () => {
    const { clock, state, service } = setup();
    state.loggedIn = false;
    const calls = Array.from({ length: 50 }, (_, i) =>
      service.getCredentials({ ...ref, roleName: `Role${i % 5}` }).catch((e: unknown) => e),
    );
    const errors = await clock.drive(Promise.all(calls));
    expect(errors.every((e) => e instanceof NotLoggedInError)).toBe(true);
    expect(state.calls.login).toBe(0);
    expect(state.calls.fetch).toBe(0);
    expect(state.calls.getToken).toBe(1);
  });

  it('runs one login for 20 auto-login callers, then serves them all', async () => {
    const { clock, state, service } = setup();
    state.loggedIn = false;
    const calls = Array.from({ length: 20 }, (_, i) =>
      service.getCredentials({ ...ref, roleName: `Role${i % 2}`, autoLogin: true }),
    );
    const results = await clock.drive(Promise.all(calls));
    expect(state.calls.login).toBe(1);
    expect(state.calls.fetch).toBe(2);
    expect(results).toHaveLength(20);
    service.close();
  });

  it('bounds the wait for an auto-login', async () => {
    const { clock, state, service } = setup({ autoLoginTimeoutMs: 5 * MINUTE });
    state.loggedIn = false;
    state.loginDelayMs = 20 * MINUTE;
    const calls = Array.from({ length: 5 }, () =>
      service.getCredentials({ ...ref, autoLogin: true }).catch((e: unknown) => e),
    );
    const errors = await clock.drive(Promise.all(calls));
    expect(errors.every((e) => e instanceof LoginTimeoutError)).toBe(true);
    expect(state.calls.login).toBe(1);
    service.close();
  });

  it('fails fast with auto-login requested when logging in is not possible', async () => {
    const { clock, state, service } = setup({ login: undefined });
    state.loggedIn = false;
    const error = await clock
      .drive(service.getCredentials({ ...ref, autoLogin: true }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotLoggedInError);
  });

  it('refreshes a used role in the background before it enters the 15-minute window', async () => {
    const { clock, state, service } = setup();
    await clock.drive(service.getCredentials(ref));
    const refreshAt = service.status().cached[0]!.refreshAt!;
    // random() = 0.5: 20 min + 2.5 min before the 60-minute expiry.
    expect(refreshAt - clock.now()).toBe(60 * MINUTE - 22.5 * MINUTE);
    await clock.tick(38 * MINUTE);
    expect(state.calls.fetch).toBe(2);
    const creds = await clock.drive(service.getCredentials(ref));
    expect(creds.accessKeyId).toBe('ASIAFAKE2');
    expect(state.calls.fetch).toBe(2);
    // Used once since that refresh: refreshed once more; then unused: left to expire.
    await clock.tick(40 * MINUTE);
    expect(state.calls.fetch).toBe(3);
    await clock.tick(120 * MINUTE);
    expect(state.calls.fetch).toBe(3);
    service.close();
  });

  it('sleeps in steps no longer than setTimeout allows for credentials that live for weeks', async () => {
    const { clock, state, service } = setup();
    state.lifetimeMs = 60 * 24 * 60 * MINUTE;
    await clock.drive(service.getCredentials(ref));
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(MAX_TIMER_MS);
    await clock.tick(24 * 60 * MINUTE);
    expect(state.calls.fetch).toBe(1);
    service.close();
  });

  it('invalidate drops one session or all, and a flight in progress does not refill the cache', async () => {
    const { clock, state, service } = setup();
    const other = { ...ref, ssoSession: 'home' };
    await clock.drive(Promise.all([service.getCredentials(ref), service.getCredentials(other)]));
    service.invalidate('work');
    expect(service.status().cached.map((c) => c.ssoSession)).toEqual(['home']);
    const pending = service.getCredentials(ref);
    service.invalidate();
    await clock.drive(pending);
    expect(service.status().cached).toEqual([]);
    expect(state.calls.fetch).toBe(3);
    service.close();
  });

  it('reports status without key material', async () => {
    const { clock, service } = setup();
    await clock.drive(service.getCredentials(ref));
    const text = JSON.stringify(service.status());
    expect(text).not.toContain('secret-1');
    expect(text).not.toContain('session-1');
    expect(text).not.toContain('ASIAFAKE1');
    service.close();
  });

  it('after close cancels its timers and refuses work with CredentialServiceClosedError', async () => {
    const { clock, service } = setup();
    await clock.drive(service.getCredentials(ref));
    service.close();
    await clock.tick(0);
    expect(clock.pendingTimers).toBe(0);
    await expect(service.getCredentials(ref)).rejects.toBeInstanceOf(CredentialServiceClosedError);
  });
});
