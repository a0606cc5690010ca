import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { EnvelopeError, UnsealError, openEnvelope, parseEnvelope, sealEnvelope } from './seal.js';

const key = randomBytes(32);
const plain = Buffer.from('{"secret":"aoa-token-0123456789"}');

function flipFirstByte(b64: string): string {
  const buf = Buffer.from(b64, 'base64');
  buf[0] = buf[0]! ^ 1;
  return buf.toString('base64');
}

describe('sealed envelope', () => {
  it('round-trips and keeps nothing in clear', () => {
    const text = sealEnvelope(plain, key, { v: 1, store: 'keychain' });
    expect(text).not.toContain('aoa-token');
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['v', 'store', 'iv', 'tag', 'data']);
    expect(openEnvelope(parseEnvelope(text), key)).toEqual(plain);
  });

  it('uses a fresh IV on every seal', () => {
    const a = parseEnvelope(sealEnvelope(plain, key, { v: 1, store: 'keychain' }));
    const b = parseEnvelope(sealEnvelope(plain, key, { v: 1, store: 'keychain' }));
    expect(a.iv).not.toBe(b.iv);
    expect(a.data).not.toBe(b.data);
  });

  it.each(['iv', 'tag', 'data'] as const)('fails authentication when %s is altered', (field) => {
    const env = parseEnvelope(sealEnvelope(plain, key, { v: 1, store: 'keychain' }));
    env[field] = flipFirstByte(env[field]);
    expect(() => openEnvelope(env, key)).toThrow(UnsealError);
  });

  it('authenticates the header: a changed salt or store fails', () => {
    const salt = randomBytes(16).toString('base64');
    const env = parseEnvelope(sealEnvelope(plain, key, { v: 1, store: 'passphrase', salt }));
    expect(() => openEnvelope({ ...env, salt: flipFirstByte(salt) }, key)).toThrow(UnsealError);
    expect(() => openEnvelope({ ...env, store: 'keychain' }, key)).toThrow(UnsealError);
  });

  it('fails with another key', () => {
    const env = parseEnvelope(sealEnvelope(plain, key, { v: 1, store: 'keychain' }));
    expect(() => openEnvelope(env, randomBytes(32))).toThrow(UnsealError);
  });

  it.each([
    ['not JSON', 'garbage'],
    ['a JSON array', '[]'],
    ['an unknown store', '{"v":1,"store":"plain","iv":"","tag":"","data":""}'],
    [
      'a short iv',
      '{"v":1,"store":"keychain","iv":"AAAA","tag":"AAAAAAAAAAAAAAAAAAAAAA==","data":""}',
    ],
    [
      'non-base64 data',
      '{"v":1,"store":"keychain","iv":"AAAAAAAAAAAAAAAA","tag":"AAAAAAAAAAAAAAAAAAAAAA==","data":"!!"}',
    ],
  ])('rejects %s', (_what, text) => {
    expect(() => parseEnvelope(text)).toThrow(EnvelopeError);
  });

  it('marks a newer format version', () => {
    try {
      parseEnvelope('{"v":2,"store":"keychain"}');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnvelopeError);
      expect((e as EnvelopeError).newerVersion).toBe(true);
    }
  });
});
