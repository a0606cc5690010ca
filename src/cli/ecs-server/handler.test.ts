import { describe, expect, it } from 'vitest';

import { NotLoggedInError } from '../../core/errors.js';
import { loginHint } from '../../core/hints.js';
import type { RoleCredentials } from '../../core/model.js';
import type { EndpointRequest } from '../../platform/container-endpoint.js';
import { answerRequest, sessionEnded, tokenDigest, type EndpointPolicy } from './handler.js';

const TOKEN = 'tok-0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';
const CREDS: RoleCredentials = {
  accessKeyId: 'ASIAFAKEKEY000000001',
  secretAccessKey: 'secret/with+chars',
  sessionToken: 'session-token-value',
  expiration: Date.UTC(2026, 10, 28, 13, 5, 9, 750),
};

function policy(credentials: () => Promise<RoleCredentials> = () => Promise.resolve(CREDS)) {
  let calls = 0;
  const p: EndpointPolicy = {
    port: 41234,
    path: '/creds',
    tokenDigest: tokenDigest(TOKEN),
    accountId: '111111111111',
    credentials: () => {
      calls += 1;
      return credentials();
    },
  };
  return { p, calls: () => calls };
}

const GOOD: EndpointRequest = {
  method: 'GET',
  target: '/creds',
  host: '127.0.0.1:41234',
  authorization: TOKEN,
  origin: undefined,
};

describe('container endpoint request handler', () => {
  it('answers the exact shape botocore and the JS SDK parse', async () => {
    const { p } = policy();
    const a = await answerRequest(GOOD, p);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body)).toEqual({
      AccessKeyId: 'ASIAFAKEKEY000000001',
      SecretAccessKey: 'secret/with+chars',
      Token: 'session-token-value',
      Expiration: '2026-11-28T13:05:09Z',
      AccountId: '111111111111',
    });
    expect(a.note).not.toContain('secret');
    expect(a.failure).toBeUndefined();
  });

  it('accepts localhost with the port, in any case', async () => {
    const { p } = policy();
    expect((await answerRequest({ ...GOOD, host: 'LocalHost:41234' }, p)).status).toBe(200);
  });

  const refused: Array<[string, Partial<EndpointRequest>, number]> = [
    ['no Host', { host: undefined }, 403],
    ['a rebinding name', { host: 'evil.example:41234' }, 403],
    ['another port', { host: '127.0.0.1:41235' }, 403],
    ['no port', { host: '127.0.0.1' }, 403],
    ['an Origin (a browser)', { origin: 'http://127.0.0.1:41234' }, 403],
    ['no token', { authorization: undefined }, 401],
    ['an empty token', { authorization: '' }, 401],
    ['a wrong token of the same length', { authorization: TOKEN.replace('t', 'x') }, 403],
    ['a shorter token', { authorization: TOKEN.slice(1) }, 403],
    ['Bearer in front', { authorization: `Bearer ${TOKEN}` }, 403],
    ['another path', { target: '/creds/x' }, 404],
    ['a query', { target: '/creds?x=1' }, 404],
    ['an absolute target', { target: 'http://127.0.0.1:41234/creds' }, 404],
    ['POST', { method: 'POST' }, 405],
    ['HEAD', { method: 'HEAD' }, 405],
  ];
  for (const [what, change, status] of refused) {
    it(`refuses ${what} with ${status} and fetches nothing`, async () => {
      const { p, calls } = policy();
      const a = await answerRequest({ ...GOOD, ...change }, p);
      expect(a.status).toBe(status);
      expect(calls()).toBe(0);
      const body = JSON.parse(a.body) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['Code', 'Message']);
      expect(a.body).not.toContain(TOKEN);
      expect(a.failure).toBeUndefined();
    });
  }

  it('with --ecs-token-file, no token: the 401 names the old clients and says to run without the file', async () => {
    const { p } = policy();
    const a = await answerRequest({ ...GOOD, authorization: undefined }, { ...p, tokenFile: true });
    expect(a.status).toBe(401);
    const body = JSON.parse(a.body) as { Code: string; Message: string };
    expect(body.Message).toContain('AWS CLI 2.9, botocore 1.29');
    expect(body.Message).toContain('without --ecs-token-file');
  });

  it('after the command ended: SessionEnded, never credentials', () => {
    const a = sessionEnded();
    expect(a.status).toBe(400);
    expect(JSON.parse(a.body)).toMatchObject({ Code: 'SessionEnded' });
  });

  it('a session that ended: a 4xx the SDKs show, naming the login command', async () => {
    const hint = loginHint('my corp');
    const { p } = policy(() =>
      Promise.reject(new NotLoggedInError("the session 'my corp' has ended", { hint })),
    );
    const a = await answerRequest(GOOD, p);
    expect(a.status).toBe(400);
    const body = JSON.parse(a.body) as { Code: string; Message: string };
    expect(body.Code).toBe('NotLoggedIn');
    expect(body.Message).toBe(
      `the session 'my corp' has ended; run: awsid login --sso-session 'my corp'`,
    );
    expect(a.failure).toBe(body.Message);
  });

  it('an unexpected failure: 500 without its text', async () => {
    const { p } = policy(() => Promise.reject(new Error('internal detail')));
    const a = await answerRequest(GOOD, p);
    expect(a.status).toBe(500);
    expect(a.body).not.toContain('internal detail');
  });
});
