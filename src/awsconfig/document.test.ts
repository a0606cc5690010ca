import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { pick, randomConfigText, rng } from '../../test/fixtures/awsconfig/random-config.js';
import { parseConfigDocument, serialize } from './document.js';
import { shlexSplit } from './shlex.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/awsconfig');

describe('parseConfigDocument index', () => {
  const text = [
    '# preamble comment',
    '',
    '[default]',
    'region = us-east-1',
    '[profile "quoted"]',
    '; note',
    's3 =',
    '  addressing_style = path',
    '',
    '  signature_version=s3v4',
    'multi = one',
    '    two',
    '[profile  spaced]',
    '[sso-session corp]',
    'sso_region: eu-west-1',
    '[services local]',
    '[preview]',
    'junk line',
    '=x',
    '[profile a b]',
  ].join('\n');
  const doc = parseConfigDocument(text);

  it('finds headers with kind, name, quotes and 1-based line', () => {
    expect(
      doc.sections.map((s) => [s.header.line, s.header.kind, s.header.name, s.header.quoted]),
    ).toEqual([
      [3, 'default', 'default', false],
      [5, 'profile', 'quoted', true],
      [13, 'profile', 'spaced', false],
      [14, 'sso-session', 'corp', false],
      [16, 'services', 'local', false],
      [17, 'other', 'preview', false],
      [20, 'other', 'profile a b', false],
    ]);
  });

  it('indexes keys, nested sub-keys, continuation lines, comments and blanks', () => {
    const quoted = doc.sections[1]!;
    expect(quoted.comments).toEqual([6]);
    expect(quoted.blanks).toEqual([9]);
    const [s3, multi] = quoted.keys;
    expect(s3).toMatchObject({ name: 's3', value: '', line: 7, endLine: 10, raw: 's3 =' });
    expect(s3!.subKeys.map((k) => [k.name, k.value, k.line])).toEqual([
      ['addressing_style', 'path', 8],
      ['signature_version', 's3v4', 10],
    ]);
    expect(multi).toMatchObject({ name: 'multi', value: 'one', continuation: [12], endLine: 12 });
    expect(doc.sections[3]!.keys[0]).toMatchObject({ name: 'sso_region', delim: ':' });
    expect(doc.preamble).toMatchObject({ start: 1, end: 2, comments: [1], blanks: [2] });
    expect(doc.sections[5]!.invalid).toEqual([
      { line: 18, reason: 'no-delimiter' },
      { line: 19, reason: 'empty-key' },
    ]);
  });

  it('records the line endings and a byte-order mark', () => {
    expect(parseConfigDocument('[a]\r\nb = 1\r\n').eol).toBe('\r\n');
    expect(parseConfigDocument('[a]\nb = 1').lines.at(-1)).toEqual({ text: 'b = 1', eol: '' });
    const bom = parseConfigDocument('\uFEFF[default]\na = 1\n');
    expect(bom.bom).toBe(true);
    expect(bom.sections[0]?.header.kind).toBe('default');
  });
});

describe('shlexSplit (botocore header names)', () => {
  it.each([
    ['profile x', ['profile', 'x']],
    ['profile  x', ['profile', 'x']],
    ['profile "a b"', ['profile', 'a b']],
    ["profile 'a b'", ['profile', 'a b']],
    ['profile a"b c"d', ['profile', 'ab cd']],
    ['profile "a\\"b"', ['profile', 'a"b']],
  ])('%j', (input, expected) => {
    expect(shlexSplit(input)?.map((t) => t.value)).toEqual(expected);
  });
  it('fails like Python on an unclosed quote', () => {
    expect(shlexSplit('profile "x')).toBeUndefined();
  });
});

describe('serialize(parse(text)) gives the text back byte for byte', () => {
  it('for every fixture, as LF, CRLF, without final newline and with a BOM', async () => {
    const names = (await readdir(FIXTURES)).filter((n) => n.endsWith('.ini'));
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) {
      const lf = await readFile(join(FIXTURES, name), 'utf8');
      for (const t of [lf, lf.replace(/\n/g, '\r\n'), lf.trimEnd(), `\uFEFF${lf}`]) {
        expect(serialize(parseConfigDocument(t))).toBe(t);
      }
    }
  });

  it('for 2000 random config files, tidy and wild', () => {
    const r = rng(1);
    for (let i = 0; i < 2000; i++) {
      const t = randomConfigText(r, { wild: i % 2 === 0 });
      expect(serialize(parseConfigDocument(t))).toBe(t);
    }
  });

  it('for 3000 random strings of INI punctuation, lone CRs and odd whitespace', () => {
    const r = rng(2);
    const alphabet = [
      '[',
      ']',
      '=',
      ':',
      '#',
      ';',
      ' ',
      '\t',
      '\r',
      '\n',
      '\r\n',
      'a',
      '"',
      "'",
      '\\',
      '\uFEFF',
      '\u00a0',
      'é',
      'profile ',
      'default',
    ];
    for (let i = 0; i < 3000; i++) {
      let t = '';
      const n = Math.floor(r() * 80);
      for (let j = 0; j < n; j++) t += pick(r, alphabet);
      expect(serialize(parseConfigDocument(t))).toBe(t);
    }
  });

  it('for the empty file', () => {
    const doc = parseConfigDocument('');
    expect(doc.lines).toEqual([]);
    expect(serialize(doc)).toBe('');
  });
});
