import { describe, expect, it } from 'vitest';

import { UsageError } from '../core/errors.js';
import {
  childEnvironment,
  credentialVars,
  EXEC_MARKER,
  execMarkerValue,
  INHERITED_CREDENTIAL_VARS,
  refuseNesting,
} from './exec-vars.js';

const creds = {
  accessKeyId: 'ASIAEXAMPLEKEY',
  secretAccessKey: 'secret/+=',
  sessionToken: 'token',
  expiration: Date.UTC(2026, 10, 28, 1, 2, 3, 999),
};
const byFlags = {
  ssoSession: 'corp',
  accountId: '111111111111',
  roleName: 'Admin',
  region: undefined,
};
const byProfile = { ...byFlags, region: 'eu-west-1' };
const inherited = {
  PATH: '/usr/bin',
  AWS_PROFILE: 'other',
  AWS_ACCESS_KEY_ID: 'AKIAOLD',
  AWS_SECURITY_TOKEN: 'old',
  AWS_REGION: 'ap-south-1',
  AWS_CONFIG_FILE: '/x/config',
};

describe('credentialVars', () => {
  it('sets the four credential variables, RFC 3339 UTC expiry, and the region only when known', () => {
    expect(credentialVars({}, byFlags, creds).set).toEqual([
      ['AWS_ACCESS_KEY_ID', 'ASIAEXAMPLEKEY'],
      ['AWS_SECRET_ACCESS_KEY', 'secret/+='],
      ['AWS_SESSION_TOKEN', 'token'],
      ['AWS_CREDENTIAL_EXPIRATION', '2026-11-28T01:02:03Z'],
    ]);
    expect(credentialVars({}, byProfile, creds).set.slice(4)).toEqual([
      ['AWS_REGION', 'eu-west-1'],
      ['AWS_DEFAULT_REGION', 'eu-west-1'],
    ]);
  });

  it('unsets only inherited credential variables that are present and not set anew', () => {
    expect(credentialVars(inherited, byFlags, creds).unset).toEqual([
      'AWS_SECURITY_TOKEN',
      'AWS_PROFILE',
    ]);
  });
});

describe('childEnvironment', () => {
  it('drops every inherited credential variable, keeps the rest, adds the marker', () => {
    const env = childEnvironment(
      { ...inherited, AWS_SDK_LOAD_CONFIG: '1', AWS_DEFAULT_PROFILE: 'x' },
      credentialVars(inherited, byFlags, creds),
      execMarkerValue(undefined, byFlags),
    );
    for (const name of INHERITED_CREDENTIAL_VARS) {
      if (
        ![
          'AWS_ACCESS_KEY_ID',
          'AWS_SECRET_ACCESS_KEY',
          'AWS_SESSION_TOKEN',
          'AWS_CREDENTIAL_EXPIRATION',
        ].includes(name)
      ) {
        expect(env[name], name).toBeUndefined();
      }
    }
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      AWS_CONFIG_FILE: '/x/config',
      AWS_REGION: 'ap-south-1',
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEKEY',
      [EXEC_MARKER]: 'corp/111111111111/Admin',
    });
  });

  it('marks a profile run with the profile name', () => {
    expect(execMarkerValue('dev', byProfile)).toBe('dev');
  });
});

describe('refuseNesting', () => {
  it('passes without the marker and refuses with it, naming the way out', () => {
    expect(() => refuseNesting({})).not.toThrow();
    expect(() => refuseNesting({ [EXEC_MARKER]: '' })).not.toThrow();
    let error: unknown;
    try {
      refuseNesting({ [EXEC_MARKER]: 'dev' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain("'dev'");
    expect((error as UsageError).hint).toContain(`unset ${EXEC_MARKER}`);
  });
});
