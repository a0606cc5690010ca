import {
  GetRoleCredentialsCommand,
  InvalidRequestException,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  paginateListAccountRoles,
  paginateListAccounts,
  ResourceNotFoundException,
  SSOServiceException,
  TooManyRequestsException,
  UnauthorizedException,
} from '@aws-sdk/client-sso';
import { InvalidGrantException } from '@aws-sdk/client-sso-oidc';
import { afterEach, describe, expect, it } from 'vitest';

import { generateAccounts, PORTAL_ERRORS, startFakeIdc } from './index.js';
import type { FakeIdc, FakeIdcOptions, PortalErrorShape } from './index.js';
import {
  caught,
  login,
  manualClock,
  refresh,
  sdkFor,
  takeUnexpected,
  type Sdk,
} from './sdk-helpers.js';

let fake: FakeIdc;
let sdk: Sdk;
let accessToken: string;

async function setup(options: FakeIdcOptions = {}) {
  fake = await startFakeIdc(options);
  sdk = sdkFor(fake);
  const session = await login(sdk);
  accessToken = session.token.accessToken!;
  return session;
}

afterEach(async () => {
  sdk.destroy();
  await fake.close();
});

const creds = (accountId = '111111111111', roleName = 'ReadOnlyAccess', token = accessToken) =>
  sdk.sso.send(new GetRoleCredentialsCommand({ accessToken: token, accountId, roleName }));
/** A GetRoleCredentials answer the fake minted (not a fault, not an empty body). */
const ISSUED = {
  $metadata: { httpStatusCode: 200 },
  roleCredentials: {
    accessKeyId: expect.stringMatching(/^ASIA[A-Z2-7]{16}$/),
    secretAccessKey: expect.any(String),
    sessionToken: expect.any(String),
    expiration: expect.any(Number),
  },
};

describe('portal success shapes', () => {
  it('GetRoleCredentials: ASIA key ids, random secrets, expiration in epoch ms', async () => {
    const clock = manualClock();
    await setup({ now: clock.now, roleCredentialsTtlSec: 900 });
    const a = (await creds()).roleCredentials!;
    const b = (await creds('111111111111', 'AdministratorAccess')).roleCredentials!;
    expect(typeof a.expiration).toBe('number');
    expect(a.expiration).toBe(clock.t.ms + 900_000);
    expect(a.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(b.accessKeyId).not.toBe(a.accessKeyId);
    expect(a.secretAccessKey!.length).toBe(40);
    expect(fake.issuedSecrets()).toEqual(
      expect.arrayContaining([
        a.secretAccessKey,
        a.sessionToken,
        b.secretAccessKey,
        b.sessionToken,
      ]),
    );
    expect(fake.log.at(-1)!.query).toEqual({
      account_id: '111111111111',
      role_name: 'AdministratorAccess',
    });
  });

  it('paginateListAccounts walks every page (default page size 20)', async () => {
    await setup({ accounts: generateAccounts(45, 3) });
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: sdk.sso }, { accessToken })) {
      ids.push(...page.accountList!.map((a) => a.accountId!));
    }
    expect(ids).toHaveLength(45);
    expect(new Set(ids).size).toBe(45);
    expect(fake.count('ListAccounts')).toBe(3);
  });

  it('generateAccounts(1000, 3) serves a benchmark-sized directory', async () => {
    await setup({ accounts: generateAccounts(1000, 3) });
    const ids = new Set<string>();
    for await (const page of paginateListAccounts(
      { client: sdk.sso, pageSize: 100 },
      { accessToken },
    )) {
      for (const a of page.accountList!) ids.add(a.accountId!);
    }
    expect(ids.size).toBe(1000);
    expect([...ids].every((id) => /^\d{12}$/.test(id))).toBe(true);
    await expect(creds('100000000999', 'PowerUserAccess')).resolves.toMatchObject(ISSUED);
  });

  it('max_result sets the page size; ListAccountRoles pages too', async () => {
    await setup({ accounts: generateAccounts(5, 3) });
    const pages = [];
    for await (const page of paginateListAccounts(
      { client: sdk.sso, pageSize: 2 },
      { accessToken },
    )) {
      pages.push(page.accountList!.length);
    }
    expect(pages).toEqual([2, 2, 1]);
    expect(fake.log.at(-1)!.query.max_result).toBe('2');
    const roles: string[] = [];
    const input = { accessToken, accountId: '100000000000' };
    for await (const page of paginateListAccountRoles({ client: sdk.sso, pageSize: 2 }, input)) {
      roles.push(...page.roleList!.map((r) => `${r.accountId}/${r.roleName}`));
    }
    expect(roles).toEqual([
      '100000000000/AdministratorAccess',
      '100000000000/ReadOnlyAccess',
      '100000000000/PowerUserAccess',
    ]);
  });

  it('Logout revokes the access token and its refresh token family', async () => {
    const { client, token } = await setup();
    const out = await sdk.sso.send(new LogoutCommand({ accessToken }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    const err = await caught(creds());
    expect(err).toBeInstanceOf(UnauthorizedException);
    expect(err.$metadata.httpStatusCode).toBe(401);
    expect(err.message).toBe('Session token not found or invalid');
    expect(await caught(refresh(sdk, client, token.refreshToken!))).toBeInstanceOf(
      InvalidGrantException,
    );
  });
});

describe('portal errors', () => {
  it('an unassigned account or role -> 403 ForbiddenException "No access"', async () => {
    await setup();
    for (const call of [creds('222222222222', 'AdministratorAccess'), creds('999999999999')]) {
      const err = await caught(call);
      expect(err).toBeInstanceOf(SSOServiceException);
      expect(err.name).toBe('ForbiddenException');
      expect(err.message).toBe('No access');
      expect(err.$metadata.httpStatusCode).toBe(403);
    }
  });

  it('an expired or unknown access token -> 401 UnauthorizedException', async () => {
    await setup({ accessTokenTtlSec: 60 });
    expect(await caught(creds(undefined, undefined, 'aoa-not-a-token'))).toBeInstanceOf(
      UnauthorizedException,
    );
    fake.advance(60_000);
    expect(await caught(creds())).toBeInstanceOf(UnauthorizedException);
    accessToken = (await login(sdk)).token.accessToken!;
    await expect(creds()).resolves.toMatchObject(ISSUED);
    fake.expireAccessTokens();
    expect(await caught(creds())).toBeInstanceOf(UnauthorizedException);
    accessToken = (await login(sdk)).token.accessToken!;
    fake.revokeAll();
    expect(await caught(creds())).toBeInstanceOf(UnauthorizedException);
  });

  it('bad max_result or next_token -> 400 InvalidRequestException', async () => {
    await setup();
    const bad = [
      sdk.sso.send(new ListAccountsCommand({ accessToken, maxResults: 0 })),
      sdk.sso.send(new ListAccountsCommand({ accessToken, nextToken: 'forged' })),
    ];
    for (const call of bad) {
      const err = await caught(call);
      expect(err).toBeInstanceOf(InvalidRequestException);
      expect(err.$metadata.httpStatusCode).toBe(400);
    }
    expect(takeUnexpected(fake)).toEqual([
      'GET /assignment/accounts InvalidRequestException',
      'GET /assignment/accounts InvalidRequestException',
    ]);
  });

  it('ListAccountRoles for an unassigned account -> 403', async () => {
    await setup();
    const err = await caught(
      sdk.sso.send(new ListAccountRolesCommand({ accessToken, accountId: '999999999999' })),
    );
    expect(err.name).toBe('ForbiddenException');
  });

  it('the portal throttle answers 429 TooManyRequestsException', async () => {
    let t = 1_800_000_000_000;
    await setup({ now: () => t, throttle: { portalRps: 1 } });
    await creds();
    const err = await caught(creds());
    expect(err).toBeInstanceOf(TooManyRequestsException);
    expect(err.$metadata.httpStatusCode).toBe(429);
    t += 1000;
    await expect(creds()).resolves.toMatchObject(ISSUED);
  });

  const classes: Record<PortalErrorShape, (e: Error) => boolean> = {
    InvalidRequestException: (e) => e instanceof InvalidRequestException,
    UnauthorizedException: (e) => e instanceof UnauthorizedException,
    ForbiddenException: (e) => e instanceof SSOServiceException && e.name === 'ForbiddenException',
    ResourceNotFoundException: (e) => e instanceof ResourceNotFoundException,
    TooManyRequestsException: (e) => e instanceof TooManyRequestsException,
    InternalServerException: (e) =>
      e instanceof SSOServiceException && e.name === 'InternalServerException',
  };

  it.each(Object.keys(PORTAL_ERRORS) as PortalErrorShape[])('injected %s', async (shape) => {
    await setup();
    fake.failNext('GetRoleCredentials', { shape, description: `about ${shape}` });
    const err = await caught(creds());
    expect(classes[shape](err)).toBe(true);
    expect(err.message).toBe(`about ${shape}`);
    expect(err.$metadata.httpStatusCode).toBe(PORTAL_ERRORS[shape]);
  });

  it('garbage and an unmodeled shape with its own status', async () => {
    await setup();
    fake.failNext('ListAccounts', { shape: 'garbage' });
    expect((await caught(sdk.sso.send(new ListAccountsCommand({ accessToken })))).name).toBe(
      'SyntaxError',
    );
    fake.failNext('Logout', { shape: 'MethodNotAllowedException', status: 405 });
    const err = await caught(sdk.sso.send(new LogoutCommand({ accessToken })));
    expect(err.name).toBe('MethodNotAllowedException');
    expect(err.$metadata.httpStatusCode).toBe(405);
  });
});
