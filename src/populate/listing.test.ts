/**
 * The listing against the fake Identity Center over real HTTP with the real SDK client: pages,
 * throttling, faults. Backoff sleeps use a fake clock where the test is about retry counts.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { systemClock } from '../platform/clock-node.js';
import { PortalUnauthorizedError, ThrottledError } from '../sso/portal-errors.js';
import {
  generateAccounts,
  startFakeIdc,
  type AccountSpec,
  type FakeIdc,
} from '../../test/fake-idc/index.js';
import { login, sdkFor } from '../../test/fake-idc/sdk-helpers.js';
import { FakeClock } from '../../test/helpers/fake-clock.js';
import { listAssignments } from './listing.js';
import { createPortalPages, PortalUnavailableError } from './portal-pages.js';

let fake: FakeIdc | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(
  accounts: AccountSpec[],
  throttle?: { portalRps: number },
): Promise<{ fake: FakeIdc; token: string }> {
  fake = await startFakeIdc({ accounts, ...(throttle && { throttle }) });
  const sdk = sdkFor(fake);
  const { token } = await login(sdk);
  sdk.destroy();
  return { fake, token: token.accessToken! };
}

const pages = () => createPortalPages('us-east-1', { AWS_ENDPOINT_URL_SSO: fake!.url });
const keys = (list: Array<{ accountId: string; roleName: string }>) =>
  list.map((a) => `${a.accountId}/${a.roleName}`).sort();

describe('listAssignments', () => {
  it('pages through accounts and through the roles of an account with more than 100', async () => {
    const many: AccountSpec = {
      accountId: '999999999999',
      accountName: 'Big',
      roles: Array.from({ length: 130 }, (_, i) => `Role${i}`),
    };
    const accounts = [...generateAccounts(150, 2), many];
    const { fake, token } = await setup(accounts);
    const r = await listAssignments(pages(), token, { clock: systemClock });
    expect(r.stats.accounts).toBe(151);
    expect(keys(r.assignments)).toEqual(
      keys(accounts.flatMap((a) => a.roles.map((roleName) => ({ ...a, roleName })))),
    );
    expect(r.assignments.find((a) => a.accountId === '100000000000')).toEqual({
      accountId: '100000000000',
      accountName: 'account-0001',
      accountEmail: 'account-1@example.com',
      roleName: 'AdministratorAccess',
    });
    expect(fake.count('ListAccounts')).toBe(2);
    expect(fake.count('ListAccountRoles')).toBe(152);
    expect(r.stats).toMatchObject({ requests: 154, throttled: 0 });
  });

  it('loses nothing when the portal throttles: each 429 retries that one page', async () => {
    const accounts = generateAccounts(60, 3);
    const { fake, token } = await setup(accounts, { portalRps: 20 });
    const r = await listAssignments(pages(), token, { clock: systemClock });
    expect(keys(r.assignments)).toEqual(
      keys(accounts.flatMap((a) => a.roles.map((roleName) => ({ ...a, roleName })))),
    );
    const answered429 = fake.log.filter((e) => e.status === 429).length;
    expect(answered429).toBeGreaterThan(0);
    expect(r.stats.throttled).toBe(answered429);
    expect(r.stats.finalRps).toBeLessThan(Infinity);
  });

  it('gives up on a page that stays throttled, with the number of retries', async () => {
    const { fake, token } = await setup(generateAccounts(3, 1));
    // Exactly the first try and its 4 retries are throttled.
    fake.failNext('ListAccountRoles', { shape: 'TooManyRequestsException', count: 5 });
    const clock = new FakeClock();
    const err = await listAssignments(pages(), token, {
      clock,
      maxThrottleRetries: 4,
      concurrency: 1,
      random: () => 0.5,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ThrottledError);
    expect((err as Error).message).toMatch(/still throttled after 4 retries/);
    // Full jitter over caps of 100, 200, 400, 800 ms (random() = 0.5 here); the other sleeps
    // are the limiter's pacing.
    const backoff = clock.sleeps.filter((ms) => [50, 100, 200, 400].includes(ms));
    expect(backoff).toEqual([50, 100, 200, 400]);
    expect(fake.count('ListAccountRoles')).toBe(5);
  });

  it('retries a 500 a few times, then fails the whole listing', async () => {
    const { fake, token } = await setup(generateAccounts(2, 1));
    const clock = new FakeClock();
    fake.failNext('ListAccounts', { shape: 'InternalServerException', count: 2 });
    const ok = await listAssignments(pages(), token, { clock });
    expect(ok.assignments).toHaveLength(2);
    // The first try and its 3 retries; one fault more would be left over and fail close().
    fake.failNext('ListAccountRoles', { shape: 'InternalServerException', count: 4 });
    const err = await listAssignments(pages(), token, { clock, concurrency: 1 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PortalUnavailableError);
  });

  it('records an account whose roles the portal refuses (403) and lists the others', async () => {
    const { fake, token } = await setup(generateAccounts(3, 2));
    fake.failNext('ListAccountRoles', { shape: 'ForbiddenException' });
    const r = await listAssignments(pages(), token, { clock: systemClock, concurrency: 1 });
    expect(r.refused).toEqual(['100000000000']);
    expect(r.assignments.map((a) => a.accountId)).not.toContain('100000000000');
    expect(r.assignments).toHaveLength(4);
  });

  it('passes a refused token (401) on to the caller', async () => {
    const { fake, token } = await setup(generateAccounts(2, 1));
    fake.expireAccessTokens();
    await expect(listAssignments(pages(), token, { clock: systemClock })).rejects.toBeInstanceOf(
      PortalUnauthorizedError,
    );
  });
});
