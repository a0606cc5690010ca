import { describe, expect, it } from 'vitest';

import { CorruptStateError } from '../core/errors.js';
import { emptyState, validateState } from './state.js';

const good = {
  version: 1,
  sessions: {
    corp: {
      startUrl: 'https://corp.awsapps.com/start',
      region: 'eu-west-1',
      scopes: ['sso:account:access'],
      registration: { clientId: 'c', clientSecret: 's', expiresAt: 2, scopes: [], issuedAt: 1 },
      token: { accessToken: 'a', expiresAt: 2, refreshToken: 'r', issuedAt: 1, loginAt: 1 },
      extra: 'kept',
    },
  },
};

describe('validateState', () => {
  it('accepts a full state and keeps unknown fields', () => {
    expect(validateState(structuredClone(good), 'f')).toEqual(good);
    expect(validateState(emptyState(), 'f')).toEqual({ version: 1, sessions: {} });
  });

  it.each([
    ['null', null],
    ['another version', { version: 2, sessions: {} }],
    ['sessions as a list', { version: 1, sessions: [] }],
  ])('rejects %s, naming the file and hinting at login', (_what, value) => {
    expect(() => validateState(value, '/s/state.sealed')).toThrow(CorruptStateError);
    try {
      validateState(value, '/s/state.sealed');
    } catch (e) {
      expect((e as CorruptStateError).message).toContain('/s/state.sealed');
      expect((e as CorruptStateError).hint).toBe('awsid login');
    }
  });

  it('names the damaged sso-session in the hint', () => {
    const bad = structuredClone(good) as { sessions: { corp: { token: unknown } } };
    bad.sessions.corp.token = { accessToken: 5 };
    try {
      validateState(bad, 'f');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CorruptStateError);
      expect((e as CorruptStateError).message).toContain("sso-session 'corp'");
      expect((e as CorruptStateError).hint).toBe('awsid login --sso-session corp');
    }
  });
});
