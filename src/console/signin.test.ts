import { describe, expect, it } from 'vitest';

import { ConfigError } from '../core/errors.js';
import { partitionOf } from './partition.js';
import { federationEndpoint, loginUrl, refusalReason, signinTokenRequest } from './signin.js';

const CREDS = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE00',
  secretAccessKey: 'secret/with+chars=',
  sessionToken: 'token&with=chars',
  expiration: 0,
};

describe('federationEndpoint', () => {
  it("is the partition's sign-in host by default", () => {
    expect(federationEndpoint({}, partitionOf('eu-west-1')).href).toBe(
      'https://signin.aws.amazon.com/federation',
    );
    expect(federationEndpoint({}, partitionOf('us-gov-east-1')).href).toBe(
      'https://signin.amazonaws-us-gov.com/federation',
    );
    expect(federationEndpoint({}, partitionOf('cn-northwest-1')).href).toBe(
      'https://signin.amazonaws.cn/federation',
    );
  });
  it('honours AWS_ENDPOINT_URL_SIGNIN, then AWS_ENDPOINT_URL, unless told to ignore them', () => {
    const aws = partitionOf('us-east-1');
    const env = { AWS_ENDPOINT_URL_SIGNIN: 'http://127.0.0.1:9/base/' };
    expect(federationEndpoint(env, aws).href).toBe('http://127.0.0.1:9/base/federation');
    expect(federationEndpoint({ AWS_ENDPOINT_URL: 'https://proxy.example' }, aws).href).toBe(
      'https://proxy.example/federation',
    );
    expect(
      federationEndpoint({ ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, aws).href,
    ).toBe('https://signin.aws.amazon.com/federation');
  });
  it('refuses an endpoint that would carry the credentials in clear text off this host', () => {
    const env = { AWS_ENDPOINT_URL_SIGNIN: 'http://proxy.example/' };
    expect(() => federationEndpoint(env, partitionOf('us-east-1'))).toThrow(ConfigError);
  });
});

describe('sign-in URLs', () => {
  const endpoint = new URL('https://signin.aws.amazon.com/federation');
  it('sends the three session members as JSON in Session, and no SessionDuration', () => {
    const url = signinTokenRequest(endpoint, CREDS);
    expect([...url.searchParams.keys()]).toEqual(['Action', 'Session']);
    expect(url.searchParams.get('Action')).toBe('getSigninToken');
    expect(JSON.parse(url.searchParams.get('Session')!)).toEqual({
      sessionId: CREDS.accessKeyId,
      sessionKey: CREDS.secretAccessKey,
      sessionToken: CREDS.sessionToken,
    });
  });
  it('builds the login URL with Issuer, Destination and SigninToken, all encoded', () => {
    const dest = 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1';
    const url = new URL(loginUrl(endpoint, dest, 'tok+/=&x'));
    expect(url.origin + url.pathname).toBe('https://signin.aws.amazon.com/federation');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: 'login',
      Issuer: 'awsid',
      Destination: dest,
      SigninToken: 'tok+/=&x',
    });
  });
});

describe('refusalReason', () => {
  it("gives the endpoint's words on one line, without our secrets or control characters", () => {
    expect(refusalReason(400, 'bad\nthings \u001b[31m', CREDS)).toBe(
      'HTTP 400: bad things \\u{1b}[31m',
    );
    expect(refusalReason(403, `{"message":"no ${CREDS.sessionToken}"}`, CREDS)).toBe(
      'HTTP 403: no …',
    );
    expect(refusalReason(500, '<html><body>oops</body></html>', CREDS)).toBe('HTTP 500');
    expect(refusalReason(400, 'x'.repeat(500), CREDS)).toHaveLength('HTTP 400: '.length + 201);
  });
});
