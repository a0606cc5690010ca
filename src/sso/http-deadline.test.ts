import { describe, expect, it } from 'vitest';

import { ConfigError } from '../core/errors.js';
import { endpointHost, httpDeadlines } from './http-deadline.js';

describe('httpDeadlines', () => {
  it('defaults to 10 s per request, 3 s to connect, 30 s for a shared wait', () => {
    expect(httpDeadlines({})).toEqual({ connectMs: 3_000, requestMs: 10_000, waitMs: 30_000 });
  });

  it('takes AWSID_HTTP_TIMEOUT_MS, the connect limit never above it', () => {
    expect(httpDeadlines({ AWSID_HTTP_TIMEOUT_MS: '1000' })).toEqual({
      connectMs: 1_000,
      requestMs: 1_000,
      waitMs: 3_000,
    });
  });

  it.each(['soon', '-5', '1.5', '99', '600001'])('refuses %s with the fix', (value) => {
    const attempt = () => httpDeadlines({ AWSID_HTTP_TIMEOUT_MS: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/^AWSID_HTTP_TIMEOUT_MS must be a whole number/);
  });
});

describe('endpointHost', () => {
  it('keeps only the host of a URL, never its user info or path', () => {
    expect(endpointHost('https://user:secret@sso.example.com:8443/path?q=1')).toBe(
      'sso.example.com:8443',
    );
    expect(endpointHost('portal.sso.us-east-1.amazonaws.com')).toBe(
      'portal.sso.us-east-1.amazonaws.com',
    );
  });
});
