import { describe, expect, it } from 'vitest';

import { UsageError } from '../../core/errors.js';
import { checkGetCredentialsParams, checkUnlockParams, parseRequest } from './parse-request.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const SALT = Buffer.alloc(16, 1).toString('base64');
const FILE = '/home/u/.local/state/awsid/state.sealed';

describe('unlock and lock requests', () => {
  it('are methods of the current protocol', () => {
    expect(parseRequest('{"v":1,"id":4,"method":"lock"}')).toMatchObject({
      method: 'lock',
      params: {},
    });
    expect(parseRequest('{"v":1,"id":5,"method":"unlock","params":{}}').method).toBe('unlock');
    expect(() => parseRequest('{"v":0,"id":5,"method":"unlock","params":{}}')).toThrow(
      /speaks protocol 1, not 0/,
    );
  });

  it('accept a 32-byte base64 key, a base64 salt and an absolute state file', () => {
    expect(checkUnlockParams({ key: KEY, salt: SALT, stateFile: FILE, extra: 1 })).toEqual({
      key: KEY,
      salt: SALT,
      stateFile: FILE,
    });
  });

  it.each([
    ['no key', { salt: SALT, stateFile: FILE }, /'key' as base64 of 32 bytes/],
    [
      'a short key',
      { key: Buffer.alloc(16).toString('base64'), salt: SALT, stateFile: FILE },
      /'key'/,
    ],
    [
      'a key that is not base64',
      { key: `${KEY.slice(0, -2)}!!`, salt: SALT, stateFile: FILE },
      /'key'/,
    ],
    [
      'a passphrase for a key',
      { key: 'correct horse battery staple', salt: SALT, stateFile: FILE },
      /'key'/,
    ],
    ['a key as bytes', { key: [...Buffer.alloc(32)], salt: SALT, stateFile: FILE }, /'key'/],
    [
      'a non-canonical base64 key',
      { key: KEY.replace(/=$/, ''), salt: SALT, stateFile: FILE },
      /'key'/,
    ],
    ['no salt', { key: KEY, stateFile: FILE }, /'salt' as base64/],
    ['an empty salt', { key: KEY, salt: '', stateFile: FILE }, /'salt'/],
    ['a relative state file', { key: KEY, salt: SALT, stateFile: 'state.sealed' }, /'stateFile'/],
    ['a state file with a NUL', { key: KEY, salt: SALT, stateFile: `${FILE}\0x` }, /'stateFile'/],
    ['no state file', { key: KEY, salt: SALT }, /'stateFile' as an absolute path/],
  ])('refuse %s with a UsageError naming the field', (_what, params, message) => {
    expect(() => checkUnlockParams(params)).toThrow(UsageError);
    expect(() => checkUnlockParams(params)).toThrow(message);
  });

  it('never repeat the key in the error', () => {
    const key = Buffer.alloc(31, 9).toString('base64');
    try {
      checkUnlockParams({ key, salt: SALT, stateFile: FILE });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain(key);
    }
  });
});

describe('getCredentials params', () => {
  const role = { ssoSession: 's', accountId: '111122223333', roleName: 'R' };

  it('name a role or a profile, with or without autoLogin', () => {
    expect(checkGetCredentialsParams(role)).toEqual(role);
    expect(checkGetCredentialsParams({ profile: 'dev', autoLogin: true })).toEqual({
      profile: 'dev',
      autoLogin: true,
    });
  });

  it('refuse both at once, an empty profile and a half role', () => {
    expect(() => checkGetCredentialsParams({ ...role, profile: 'dev' })).toThrow(UsageError);
    expect(() => checkGetCredentialsParams({ profile: '' })).toThrow(/non-empty 'profile'/);
    expect(() => checkGetCredentialsParams({ ssoSession: 's' })).toThrow(/'accountId'/);
  });
});
