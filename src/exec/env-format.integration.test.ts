import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ConfigError } from '../core/errors.js';
import { fishQuote } from '../core/shell-quote.js';
import { dotenvValue, formatEnv, powershellQuote } from './env-format.js';
import type { CredentialVars } from './exec-vars.js';

/** Values that end a naive quote, expand, or run code when eval'd carelessly. */
const NASTY = [
  'plain',
  '',
  "it's",
  "''",
  'a"b',
  '$(touch /tmp/awsid-pwned)',
  '`id`',
  '$HOME ${HOME}',
  'back\\slash\\',
  'semi; rm -rf ~',
  'new\nline',
  'tab\there',
  '*?[glob]',
  'wOw/+=base64==',
  'ünïcødé ‘curly’',
];

function vars(value: string): CredentialVars {
  return {
    unset: ['AWS_PROFILE'],
    set: [
      ['AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE'],
      ['AWS_SESSION_TOKEN', value],
    ],
  };
}

describe('sh output, evaluated by the real /bin/sh (dash) and bash', () => {
  for (const shell of ['/bin/sh', 'bash']) {
    it(`${shell} gets every value back byte for byte and unsets the profile`, () => {
      for (const value of NASTY) {
        const script = `${formatEnv(vars(value), 'sh')}printf '%s|%s' "$AWS_SESSION_TOKEN" "\${AWS_PROFILE-unset}"`;
        const r = spawnSync(shell, ['-c', script], {
          encoding: 'utf8',
          // stdin not a socket: bash reads ~/.bashrc when it thinks rshd started it.
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { PATH: process.env.PATH, AWS_PROFILE: 'inherited' },
        });
        expect(r.stderr).toBe('');
        expect(r.stdout).toBe(`${value}|unset`);
      }
    });
  }

  it('exports (a child process sees the variables)', () => {
    const script = `${formatEnv(vars('tok'), 'sh')}sh -c 'printf %s "$AWS_ACCESS_KEY_ID"'`;
    expect(spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8' }).stdout).toBe('ASIAEXAMPLE');
  });
});

describe('quoting rules of the other shells', () => {
  it('fish: only backslash and single quote are escaped', () => {
    expect(fishQuote("it's \\ $x")).toBe("'it\\'s \\\\ $x'");
    expect(formatEnv(vars('v'), 'fish')).toBe(
      "set -e AWS_PROFILE\nset -gx AWS_ACCESS_KEY_ID 'ASIAEXAMPLE'\nset -gx AWS_SESSION_TOKEN 'v'\n",
    );
  });

  it('powershell: single quotes (also the typographic ones) are doubled', () => {
    expect(powershellQuote("it's ‘x’ $env:HOME")).toBe("'it''s ‘‘x’’ $env:HOME'");
    expect(formatEnv(vars('v'), 'powershell')).toBe(
      "Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue\n$Env:AWS_ACCESS_KEY_ID = 'ASIAEXAMPLE'\n$Env:AWS_SESSION_TOKEN = 'v'\n",
    );
  });

  it('sh: safe values bare, the rest in single quotes', () => {
    expect(formatEnv(vars("a'b"), 'sh')).toBe(
      `unset AWS_PROFILE\nexport AWS_ACCESS_KEY_ID=ASIAEXAMPLE\nexport AWS_SESSION_TOKEN='a'"'"'b'\n`,
    );
  });
});

describe('json and dotenv', () => {
  it('json is one object of the variables to set', () => {
    expect(JSON.parse(formatEnv(vars('x"y'), 'json'))).toEqual({
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
      AWS_SESSION_TOKEN: 'x"y',
    });
  });

  it('dotenv writes credential-shaped values bare and refuses the rest, naming the variable', () => {
    expect(dotenvValue('V', 'AbC+/x==')).toBe('AbC+/x==');
    expect(dotenvValue('V', '2026-11-28T01:00:00Z')).toBe('2026-11-28T01:00:00Z');
    for (const value of [
      'a b',
      '$(touch x)',
      '`id`',
      "a'b",
      'a"b',
      '${HOME}',
      'a\nb',
      '~/x',
      'a;b',
    ]) {
      expect(() => dotenvValue('AWS_REGION', value), value).toThrow(
        /^AWS_REGION has a character dotenv readers disagree on/,
      );
    }
    expect(() => formatEnv(vars('$(id)'), 'dotenv')).toThrow(ConfigError);
  });

  const BASE64ISH = [
    'ASIAEXAMPLE',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY+/==',
    'eu-west-1',
    '2026-11-28T01:00:00Z',
  ];
  const many: CredentialVars = { unset: [], set: BASE64ISH.map((v, i) => [`V${i}`, v]) };

  it('bash `set -a; source` and a literal reader (docker --env-file) get the same values', () => {
    const file = formatEnv(many, 'dotenv');
    const dir = mkdtempSync(join(tmpdir(), 'awsid-dotenv-'));
    const path = join(dir, 'creds.env');
    writeFileSync(path, file);
    // The names are V0..V3; `set -a` exports them, so the child `env` lists them.
    const sourced = spawnSync(
      'bash',
      ['-c', 'set -a; source "$1"; env | grep "^V[0-9]="', 'sh', path],
      {
        encoding: 'utf8',
      },
    );
    rmSync(dir, { recursive: true });
    const literal = file
      .trimEnd()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
    expect(Object.fromEntries(literal)).toEqual(Object.fromEntries(many.set));
    expect(sourced.stdout.trimEnd().split('\n').sort()).toEqual(
      many.set.map(([k, v]) => `${k}=${v}`),
    );
  });

  const py = spawnSync('python3', ['-c', 'import dotenv'], { encoding: 'utf8' });
  const reason = py.status === 0 ? undefined : 'python-dotenv is not installed';
  if (reason) console.warn(`skipping the python-dotenv parse check: ${reason}`);
  it.skipIf(reason)('python-dotenv reads every value back', () => {
    const r = spawnSync(
      'python3',
      [
        '-c',
        'import sys, json; from dotenv import dotenv_values; print(json.dumps(dotenv_values(stream=sys.stdin)))',
      ],
      { input: formatEnv(many, 'dotenv'), encoding: 'utf8' },
    );
    expect(JSON.parse(r.stdout)).toEqual(Object.fromEntries(many.set));
  });
});
