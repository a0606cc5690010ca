import { describe, expect, it } from 'vitest';

import { validateValue } from '../awsconfig/edit-validate.js';
import { ACCOUNT_NAME_MAX, accountNameValue } from './account-name.js';

describe('accountNameValue', () => {
  it('keeps an ordinary name, "[" and "=" included', () => {
    expect(accountNameValue('Sandbox')).toBe('Sandbox');
    expect(accountNameValue('Prod [EU] a=b: x/y %s')).toBe('Prod [EU] a=b: x/y %s');
    expect(accountNameValue('Équipe données')).toBe('Équipe données');
  });

  it('turns line breaks and control characters into one space and trims', () => {
    expect(accountNameValue('a\nb')).toBe('a b');
    expect(accountNameValue('evil\n[profile default]\ncredential_process = sh')).toBe(
      'evil [profile default] credential_process = sh',
    );
    expect(accountNameValue('\r\n x\t\x1b]0;t\x07 \u2028y\u202e\ud800 ')).toBe('x ]0;t y');
    expect(accountNameValue(' \u00a0a\u3000\ufeff')).toBe('a');
  });

  it('never leaves "#" or ";" where the JS SDK would cut a comment', () => {
    expect(accountNameValue('Prod #1 ; old')).toBe('Prod#1; old');
    expect(accountNameValue('# ;\t#team')).toBe('team');
    expect(accountNameValue('a#b;c')).toBe('a#b;c');
  });

  it('caps the length without splitting a character', () => {
    expect(accountNameValue('x'.repeat(10_000))).toBe('x'.repeat(ACCOUNT_NAME_MAX));
    const emoji = accountNameValue('😀'.repeat(100));
    expect(Array.from(emoji ?? '')).toHaveLength(ACCOUNT_NAME_MAX);
    expect(emoji).not.toMatch(/\p{Cs}/u);
    expect(accountNameValue(`${'a'.repeat(ACCOUNT_NAME_MAX - 1)} b`)).toBe(
      'a'.repeat(ACCOUNT_NAME_MAX - 1),
    );
  });

  it('gives undefined when nothing printable is left', () => {
    for (const s of ['', '   ', '\n\r\t', '\x1b\x00', '#', ' ; # '])
      expect(accountNameValue(s), JSON.stringify(s)).toBeUndefined();
  });

  it('always gives a value the config editor accepts (seeded random names)', () => {
    const alphabet = [
      'a',
      'Z',
      ' ',
      '\t',
      '\n',
      '\r',
      '#',
      ';',
      '[',
      ']',
      '=',
      ':',
      '\x00',
      '\x1b',
      '\x7f',
      '\x85',
      '\u00a0',
      '\u2028',
      '\u202e',
      '\ufeff',
      '\ud800',
      '😀',
      '"',
      '\\',
      '%',
    ];
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      const name = Array.from({ length: rand(90) }, () => alphabet[rand(alphabet.length)]).join('');
      const v = accountNameValue(name);
      if (v === undefined) continue;
      expect(() => validateValue('awsid_account_name', v), JSON.stringify(name)).not.toThrow();
      expect(v).not.toMatch(/[\p{Cc}\p{Cs}\u2028\u2029\u202e]/u);
      expect(Array.from(v).length).toBeLessThanOrEqual(ACCOUNT_NAME_MAX);
    }
  });
});
