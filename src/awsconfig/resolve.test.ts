import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ConfigError } from '../core/errors.js';
import { pick, rng } from '../../test/fixtures/awsconfig/random-config.js';
import { configSyntaxError } from './problems.js';
import { readAwsConfig, resolveConfig } from './resolve.js';

function problems(text: string): Array<[number, string, string]> {
  return resolveConfig(text, '/c').problems.map((p) => [p.line, p.severity, p.kind]);
}

describe('resolveConfig model (botocore semantics)', () => {
  const cfg = resolveConfig(
    [
      '[default]',
      'Region = us-east-1',
      '[profile dev]',
      'sso_session = corp',
      'services = local',
      's3 =',
      '  addressing_style = path',
      '[sso-session corp]',
      'sso_start_url = https://d-1.awsapps.com/start ',
      'sso_region = eu-west-1',
      'sso_registration_scopes = sso:account:access , codewhisperer:completions,,',
      '[services local]',
      'sso_oidc =',
      '  endpoint_url = http://127.0.0.1:1',
    ].join('\n'),
    '/c',
  );

  it('reads profiles with lower-cased keys, trimmed values and nested blocks', () => {
    expect(cfg.profiles.get('default')).toEqual({
      name: 'default',
      line: 1,
      values: { region: 'us-east-1' },
      nested: {},
      keyLines: { region: 2 },
    });
    expect(cfg.profiles.get('dev')?.keyLines).toMatchObject({ sso_session: 4, s3: 6 });
    expect(cfg.profiles.get('dev')?.nested).toEqual({ s3: { addressing_style: 'path' } });
  });

  it('reads sso-sessions with the start URL, region and split scopes', () => {
    expect(cfg.ssoSessions.get('corp')).toMatchObject({
      line: 8,
      startUrl: 'https://d-1.awsapps.com/start',
      region: 'eu-west-1',
      registrationScopes: ['sso:account:access', 'codewhisperer:completions'],
    });
  });

  it('reads services sections', () => {
    expect(cfg.services.get('local')?.nested).toEqual({
      sso_oidc: { endpoint_url: 'http://127.0.0.1:1' },
    });
  });

  it('joins continuation lines the way configparser does', () => {
    const c = resolveConfig('[default]\nnote = one\n  two\n\n  three\n\nx = 1\n', '/c');
    expect(c.profiles.get('default')?.values).toEqual({ note: 'one\ntwo\n\nthree', x: '1' });
  });

  it('applies [DEFAULT] values to every section (configparser defaults)', () => {
    const c = resolveConfig('[DEFAULT]\noutput = json\n[profile a]\nregion = x\n', '/c');
    expect(c.profiles.get('a')?.values).toEqual({ output: 'json', region: 'x' });
  });

  it('an empty or missing file is an empty config', async () => {
    expect(resolveConfig('', '/c')).toMatchObject({ exists: true, problems: [] });
    const dir = await mkdtemp(join(tmpdir(), 'awsid-resolve-'));
    try {
      const missing = await readAwsConfig(join(dir, 'nope', 'config'));
      expect(missing).toMatchObject({ exists: false, problems: [] });
      expect(missing.profiles.size).toBe(0);
      await writeFile(join(dir, 'config'), '[profile p]\nregion = r\n');
      const found = await readAwsConfig(join(dir, 'config'));
      expect(found.exists).toBe(true);
      expect(found.profiles.get('p')?.values.region).toBe('r');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('[default] and [profile default]', () => {
  it('botocore takes the later one; a warning when the JS SDK takes the other', () => {
    const plainLast = '[profile default]\nregion = a\n[default]\nregion = b\n';
    expect(resolveConfig(plainLast, '/c').profiles.get('default')?.values.region).toBe('b');
    expect(problems(plainLast)).toEqual([[3, 'warn', 'sdk-disagreement']]);
    const prefixedLast = '[default]\nregion = b\n[profile default]\nregion = a\n';
    expect(resolveConfig(prefixedLast, '/c').profiles.get('default')?.values.region).toBe('a');
    expect(problems(prefixedLast)).toEqual([]);
    // JS only creates a section on its first key, so an empty [profile default] loses there.
    expect(problems('[default]\nregion = b\n[profile default]\n')).toEqual([
      [3, 'warn', 'sdk-disagreement'],
    ]);
  });
});

describe('problems', () => {
  it.each([
    ['key case', '[default]\nRegion = x\n', [[2, 'warn', 'sdk-disagreement']]],
    ['inline # comment', '[default]\nregion = x # c\n', [[2, 'warn', 'sdk-disagreement']]],
    ['inline ; comment', '[default]\nregion = x ;c\n', [[2, 'warn', 'sdk-disagreement']]],
    ['no comment without a space', '[default]\noutput = json;x\nurl = https://h/s#/\n', []],
    ['key: value', '[default]\nregion: x\n', [[2, 'warn', 'sdk-disagreement']]],
    ['two spaces in the header', '[profile  x]\na = 1\n', [[1, 'warn', 'sdk-disagreement']]],
    ['a name the JS regex drops', '[profile a,b]\na = 1\n', [[1, 'warn', 'sdk-disagreement']]],
    ['capital Profile', '[Profile x]\na = 1\n', [[1, 'warn', 'ignored-section']]],
    ['[profilex y] quirk', '[profilex y]\na = 1\n', [[1, 'warn', 'sdk-disagreement']]],
    ['text after ]', '[a]\n[profile x] junk\nk = v\n', [[2, 'warn', 'sdk-disagreement']]],
    ['[DEFAULT]', '[DEFAULT]\na = 1\n', [[1, 'warn', 'sdk-disagreement']]],
    ['empty value', '[default]\ncli_pager =\n', [[2, 'warn', 'sdk-disagreement']]],
    [
      'indented key after a value',
      '[default]\na = 1\n  b = 2\n',
      [[3, 'warn', 'sdk-disagreement']],
    ],
    [
      'indented key after a block',
      '[default]\n  s3 =\n    x = 1\n  b = 2\n',
      [[4, 'warn', 'sdk-disagreement']],
    ],
    ['indented header', '[default]\na = 1\n  [profile x]\n', [[3, 'error', 'sdk-disagreement']]],
    ['__proto__', '[profile __proto__]\na = 1\n', [[1, 'error', 'sdk-disagreement']]],
    [
      'spelled twice',
      '[profile x]\na = 1\n[profile "x"]\nb = 1\n',
      [[3, 'warn', 'duplicate-section']],
    ],
    [
      'section twice',
      '[profile x]\na = 1\n[profile x]\nb = 1\n',
      [[3, 'error', 'duplicate-section']],
    ],
    [
      'key twice',
      '[profile x]\na = 1\nA = 2\n',
      [
        [3, 'error', 'duplicate-key'],
        [3, 'warn', 'sdk-disagreement'],
      ],
    ],
    ['no delimiter', '[default]\njunk\n', [[2, 'error', 'syntax']]],
    ['no key', '[default]\n= x\n', [[2, 'error', 'syntax']]],
    ['before any section', 'a = 1\n[default]\n', [[1, 'error', 'syntax']]],
    ['bad nested line', '[default]\ns3 =\n  junk\n', [[3, 'error', 'syntax']]],
    ['byte-order mark', '\uFEFF[default]\n', [[1, 'error', 'syntax']]],
    ['clean file', '# c\n; c\n\n[default]\nregion = x\n[sso-session s]\nsso_region = y\n', []],
  ] as const)('%s', (_, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  it('never echo a value (a config file may hold a secret key)', () => {
    const c = resolveConfig(
      '[default]\naws_secret_access_key = SECRETabc # old\nAws_Session_Token: SECRETdef\n',
      '/c',
    );
    expect(c.problems.length).toBeGreaterThan(0);
    for (const p of c.problems) expect(p.message).not.toContain('SECRET');
  });

  it('configSyntaxError names the line and the fix', () => {
    const cfg = resolveConfig('[default]\nregion = x\njunk\n[default]\n', '/home/u/.aws/config');
    const e = configSyntaxError(cfg, '/home/u');
    expect(e).toBeInstanceOf(ConfigError);
    expect(e?.message).toMatch(/^~\/\.aws\/config line 3: .*\(and 1 more\)$/);
    expect(e?.hint).toBe('fix line 3 of ~/.aws/config');
    expect(configSyntaxError(resolveConfig('[default]\nregion = x # c\n', '/c'))).toBeUndefined();
  });

  it('never throws, whatever the input, and every problem and section names a line of it', () => {
    const r = rng(3);
    const alphabet = [
      '[',
      ']',
      '=',
      ':',
      '#',
      ';',
      ' ',
      '  ',
      '\t',
      '\r',
      '\n',
      'a',
      '"',
      'profile ',
      'sso-session ',
      'default',
      '__proto__',
      's3 =',
    ];
    for (let i = 0; i < 3000; i++) {
      let t = '';
      for (let j = Math.floor(r() * 60); j > 0; j--) t += pick(r, alphabet);
      const cfg = resolveConfig(t, '/c');
      const lines = t.split(/\r\n|\n|\r/).length;
      const onALine = (n: number) => Number.isInteger(n) && n >= 1 && n <= lines;
      for (const p of cfg.problems) {
        expect(onALine(p.line), `${JSON.stringify(t)}: ${p.message}`).toBe(true);
        expect(['error', 'warn']).toContain(p.severity);
        expect(p.message).toMatch(/^[^\n]+$/);
      }
      for (const section of [...cfg.profiles.values(), ...cfg.ssoSessions.values()]) {
        expect(onALine(section.line), JSON.stringify(t)).toBe(true);
      }
    }
  });
});
