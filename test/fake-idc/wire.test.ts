/** Wire-level strictness, checked with raw fetch where the SDK would hide the detail. */
import { ListAccountsCommand, SSOClient } from '@aws-sdk/client-sso';
import { afterEach, describe, expect, it } from 'vitest';

import { startFakeIdc } from './index.js';
import type { FakeIdc } from './index.js';
import {
  caught,
  login,
  registered,
  sdkFor,
  startAuth,
  takeUnexpected,
  type Sdk,
} from './sdk-helpers.js';

let fake: FakeIdc;
let sdk: Sdk;

afterEach(async () => {
  sdk.destroy();
  await fake.close();
});

async function setup(): Promise<void> {
  fake = await startFakeIdc();
  sdk = sdkFor(fake);
}

function post(path: string, body: string, contentType = 'application/json') {
  return fetch(fake.url + path, { method: 'POST', headers: { 'content-type': contentType }, body });
}

describe('OIDC wire format', () => {
  it('errors: status, typed header, request id, body {error, error_description} only', async () => {
    await setup();
    const res = await post('/token', '{not json');
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toMatch(/^InvalidRequestException(:http:\/\/|$)/);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['error', 'error_description']);
    expect(body.error).toBe('invalid_request');
    expect(takeUnexpected(fake)).toEqual(['POST /token InvalidRequestException']);
  });

  it('accepts any key order and rejects unknown members and non-JSON content types', async () => {
    await setup();
    const ok = await post('/client/register', '{"clientType":"public","clientName":"x"}');
    expect(ok.status).toBe(200);
    const unknown = await post(
      '/client/register',
      '{"clientName":"x","clientType":"public","client_id":"y"}',
    );
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error_description: string }).error_description).toMatch(
      /client_id/,
    );
    const text = await post(
      '/client/register',
      '{"clientName":"x","clientType":"public"}',
      'text/plain',
    );
    expect(text.status).toBe(400);
    expect(takeUnexpected(fake)).toEqual([
      'POST /client/register InvalidRequestException',
      'POST /client/register InvalidRequestException',
    ]);
  });

  it('a wrong JSON type is InvalidRequest', async () => {
    await setup();
    const res = await post(
      '/client/register',
      '{"clientName":"x","clientType":"public","scopes":"sso:account:access"}',
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toMatch(/^InvalidRequestException/);
    expect(takeUnexpected(fake)).toEqual(['POST /client/register InvalidRequestException']);
  });
});

describe('portal wire format', () => {
  it('bearer header in any case, query in any order, errors carry __type', async () => {
    await setup();
    const token = (await login(sdk)).token.accessToken!;
    for (const q of [
      'account_id=111111111111&role_name=ReadOnlyAccess',
      'role_name=ReadOnlyAccess&account_id=111111111111',
    ]) {
      const res = await fetch(`${fake.url}/federation/credentials?${q}`, {
        headers: { 'X-Amz-SSO_Bearer_Token': token },
      });
      expect(res.status).toBe(200);
    }
    const res = await fetch(`${fake.url}/assignment/accounts`);
    expect(res.status).toBe(401);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
    expect(await res.json()).toEqual({
      message: 'Session token not found or invalid',
      __type: 'com.amazonaws.switchboard.portal#UnauthorizedException',
    });
  });

  it('unknown or repeated query parameters and a Logout body are InvalidRequest', async () => {
    await setup();
    const token = (await login(sdk)).token.accessToken!;
    const headers = { 'x-amz-sso_bearer_token': token };
    for (const q of ['maxResults=5', 'max_result=1&max_result=2']) {
      const res = await fetch(`${fake.url}/assignment/accounts?${q}`, { headers });
      expect(res.status).toBe(400);
    }
    const withBody = await fetch(`${fake.url}/logout`, { method: 'POST', headers, body: '{}' });
    expect(withBody.status).toBe(400);
    const empty = await fetch(`${fake.url}/logout`, { method: 'POST', headers });
    expect(empty.status).toBe(200);
    expect(await empty.text()).toBe('');
    expect(takeUnexpected(fake)).toEqual([
      'GET /assignment/accounts InvalidRequestException',
      'GET /assignment/accounts InvalidRequestException',
      'POST /logout InvalidRequestException',
    ]);
  });
});

describe('routes', () => {
  it('an unknown route or method is 404, names the route, and is logged as unmatched', async () => {
    await setup();
    const res = await fetch(`${fake.url}/token`);
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/no route for GET \/token/);
    const prefixed = new SSOClient({
      endpoint: `${fake.url}/base`,
      region: 'us-east-1',
      maxAttempts: 1,
    });
    const err = await caught(prefixed.send(new ListAccountsCommand({ accessToken: 'x' })));
    prefixed.destroy();
    expect(err.name).toBe('FakeIdcUnmatchedRoute');
    expect(err.$metadata.httpStatusCode).toBe(404);
    expect(fake.count('unmatched')).toBe(2);
    expect(fake.log.at(-1)).toMatchObject({
      path: '/base/assignment/accounts',
      operation: 'unmatched',
    });
    expect(takeUnexpected(fake)).toEqual([
      'GET /token FakeIdcUnmatchedRoute',
      'GET /base/assignment/accounts FakeIdcUnmatchedRoute',
    ]);
  });

  it('the /device page approves a pending authorization', async () => {
    fake = await startFakeIdc({ person: { kind: 'never' } });
    sdk = sdkFor(fake);
    const client = await registered(sdk);
    const seen = fake.waitForDeviceAuthorization();
    await startAuth(sdk, client);
    const auth = await seen;
    expect(auth.approvalUrl).toBe(`${fake.url}/device?user_code=${auth.userCode}`);
    const page = await fetch(auth.approvalUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(auth.userCode);
    const form = new URLSearchParams({ user_code: auth.userCode, action: 'approve' });
    const done = await post('/device', form.toString(), 'application/x-www-form-urlencoded');
    expect(done.status).toBe(200);
    expect(fake.deviceAuthorizations()[0]!.status).toBe('approved');
  });

  it('close() and Symbol.asyncDispose stop the server', async () => {
    await setup();
    await fake[Symbol.asyncDispose]();
    await expect(fetch(`${fake.url}/device`)).rejects.toThrow();
    await fake.close(); // idempotent, for afterEach
  });
});

describe('unexpected requests', () => {
  it('close() stops the server, then fails naming each request a correct client never sends', async () => {
    await setup();
    await post('/token', '{"clientId":"x"}');
    await fetch(`${fake.url}/nowhere`);
    await post('/client/register', 'x'.repeat((1 << 20) + 1));
    await login(sdk); // a correct client adds nothing
    const closed = fake.close();
    await expect(closed).rejects.toThrow(
      /^fake-idc: 3 unexpected request\(s\)[^\n]*\n {2}POST \/token -> 400: InvalidRequestException: clientSecret is required[^\n]*\n {2}GET \/nowhere -> 404: no route for GET \/nowhere\n {2}POST \/client\/register -> 413: fake-idc: request body over 1 MiB$/,
    );
    await expect(fetch(`${fake.url}/device`)).rejects.toThrow();
    await fake.close(); // reported once: afterEach closes again
  });

  it('a failNext answer or a service error from the state is not unexpected', async () => {
    await setup();
    fake.failNext('ListAccounts', { shape: 'InvalidRequestException' });
    const token = (await login(sdk)).token.accessToken!;
    const listed = await fetch(`${fake.url}/assignment/accounts`, {
      headers: { 'x-amz-sso_bearer_token': token },
    });
    expect(listed.status).toBe(400);
    expect((await fetch(`${fake.url}/assignment/accounts`)).status).toBe(401);
    expect(fake.takeUnexpected()).toEqual([]);
  });

  it('close() fails on a failNext fault no request took, naming the operation and what is left', async () => {
    await setup();
    fake.failNext('ListAccounts', { shape: 'InternalServerException', count: 2 });
    fake.failNext('GetRoleCredentials', { shape: 'TooManyRequestsException' });
    const token = (await login(sdk)).token.accessToken!;
    const listed = await fetch(`${fake.url}/assignment/accounts`, {
      headers: { 'x-amz-sso_bearer_token': token },
    });
    expect(listed.status).toBe(500);
    await expect(fake.close()).rejects.toThrow(
      /^fake-idc: 2 injected fault\(s\) never answered a request[^\n]*\n {2}ListAccounts: InternalServerException x1\n {2}GetRoleCredentials: TooManyRequestsException x1$/,
    );
    await fake.close(); // reported once: afterEach closes again
  });

  it('allowUnexpected (the demo) lets close() pass', async () => {
    fake = await startFakeIdc({ allowUnexpected: true });
    sdk = sdkFor(fake);
    await fetch(`${fake.url}/nowhere`);
    await expect(fake.close()).resolves.toBeUndefined();
    expect(fake.log.at(-1)).toMatchObject({ unexpected: 'no route for GET /nowhere' });
  });
});
