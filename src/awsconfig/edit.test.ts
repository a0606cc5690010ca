import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ConfigError } from '../core/errors.js';
import { randomConfigText, rng } from '../../test/fixtures/awsconfig/random-config.js';
import { parseConfigDocument, serialize, type ConfigDocument } from './document.js';
import {
  removeKey,
  removeNestedKey,
  removeSection,
  setKey,
  setNestedKey,
  upsertSection,
} from './edit.js';
import { resolveConfig } from './resolve.js';
import { findSections, type SectionAddress } from './section-match.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/awsconfig');
const dflt: SectionAddress = { kind: 'default' };
const dev: SectionAddress = { kind: 'profile', name: 'dev' };
const b: SectionAddress = { kind: 'other', name: 'b' };

function edit(before: string, fn: (d: ConfigDocument) => ConfigDocument): string {
  return serialize(fn(parseConfigDocument(before)));
}

describe('setKey keeps the file as it was written', () => {
  it.each([
    ['a = b', 'a = new'],
    ['a=b', 'a=new'],
    ['a  =  b', 'a  =  new'],
    ['a =b', 'a =new'],
    ['\ta\t=\tb', '\ta\t=\tnew'],
    ['a = b   ', 'a = new   '],
  ])('spacing %j', (line, expected) => {
    expect(edit(`[default]\n${line}\nz = 1\n`, (d) => setKey(d, dflt, 'a', 'new'))).toBe(
      `[default]\n${expected}\nz = 1\n`,
    );
  });

  it('keeps inline # and ; comments after the value', () => {
    const before = '[profile dev]\nregion = us-east-1 # main one\noutput = json ; for jq\n';
    expect(
      edit(before, (d) => setKey(setKey(d, dev, 'region', 'eu-west-1'), dev, 'output', 'text')),
    ).toBe('[profile dev]\nregion = eu-west-1 # main one\noutput = text ; for jq\n');
  });

  it('keeps comments, blank lines, order and unknown sections and keys byte for byte', () => {
    const before =
      '# top\n\n[plugins]\ncli_legacy_plugin_path = /x\n\n; about dev\n[profile dev]\n' +
      'mystery_key = 42\nregion = us-east-1\n\n[services s]\nsso =\n  endpoint_url = http://h\n';
    expect(edit(before, (d) => setKey(d, dev, 'region', 'eu-west-1'))).toBe(
      before.replace('region = us-east-1', 'region = eu-west-1'),
    );
  });

  it('keeps CRLF: in place, for a new key, for a new section; no final newline stays none', () => {
    const before = '[default]\r\nregion = us-east-1\r\n\r\n[profile dev]\r\noutput = json';
    const after = edit(before, (d) =>
      setKey(
        setKey(setKey(d, dflt, 'region', 'eu-west-1'), dflt, 'output', 'json'),
        { kind: 'sso-session', name: 's' },
        'sso_region',
        'eu-west-1',
      ),
    );
    expect(after).toBe(
      '[default]\r\nregion = eu-west-1\r\noutput = json\r\n\r\n[profile dev]\r\noutput = json\r\n' +
        '\r\n[sso-session s]\r\nsso_region = eu-west-1',
    );
  });

  it('uses the section header line ending in a mixed file', () => {
    expect(
      edit('[a]\r\nx = 1\n[b]\ny = 2\n', (d) => setKey(d, { kind: 'other', name: 'a' }, 'z', '3')),
    ).toBe('[a]\r\nx = 1\nz = 3\r\n[b]\ny = 2\n');
  });

  it('rewrites a key spelled with capitals or with ":" so that both SDKs read it', () => {
    expect(
      edit('[default]\nRegion = a\ncolor: on\n', (d) =>
        setKey(setKey(d, dflt, 'region', 'b'), dflt, 'color', 'off'),
      ),
    ).toBe('[default]\nregion = b\ncolor = off\n');
  });

  it('drops the continuation lines of a multi-line value it replaces', () => {
    expect(
      edit('[default]\nnote = one\n  two\n# c\n  three\nx = 1\n', (d) =>
        setKey(d, dflt, 'note', 'new'),
      ),
    ).toBe('[default]\nnote = new\n# c\nx = 1\n');
  });

  it("inserts after the last key, at that key's indentation, before trailing comments", () => {
    expect(
      edit('[default]\n  a = 1\n# about next\n[profile dev]\n', (d) => setKey(d, dflt, 'b', '2')),
    ).toBe('[default]\n  a = 1\n  b = 2\n# about next\n[profile dev]\n');
  });

  it('is a no-op when the value is already there (populate twice gives no diff)', () => {
    const once = edit('', (d) =>
      upsertSection(d, dev, [
        ['region', 'x'],
        ['s3', { a: '1' }],
      ]),
    );
    expect(
      edit(once, (d) =>
        upsertSection(d, dev, [
          ['region', 'x'],
          ['s3', { a: '1' }],
        ]),
      ),
    ).toBe(once);
  });
});

describe('section addressing', () => {
  it('matches [profile x], [profile "x"] and [profile  x], never a commented header', () => {
    for (const header of [
      '[profile dev]',
      '[profile "dev"]',
      '[profile  dev]',
      "[profile 'dev']",
    ]) {
      expect(edit(`${header}\nregion = a\n`, (d) => setKey(d, dev, 'region', 'b'))).toBe(
        `${header}\nregion = b\n`,
      );
    }
    expect(edit('#[profile dev]\n#region = a\n', (d) => setKey(d, dev, 'region', 'b'))).toBe(
      '#[profile dev]\n#region = a\n\n[profile dev]\nregion = b\n',
    );
  });

  it('[default] and [profile default] both match the default profile, and say which', () => {
    const doc = parseConfigDocument('[default]\na = 1\n[profile default]\na = 2\n');
    expect(findSections(doc, dflt).map((s) => s.header.kind)).toEqual(['default', 'profile']);
    expect(findSections(doc, { kind: 'profile', name: 'default' })).toHaveLength(2);
    // Both are edited, so botocore (later wins) and JS ([profile default] wins) agree.
    expect(serialize(setKey(doc, dflt, 'a', '3'))).toBe(
      '[default]\na = 3\n[profile default]\na = 3\n',
    );
    expect(serialize(setKey(doc, dflt, 'b', '4'))).toBe(
      '[default]\na = 1\nb = 4\n[profile default]\na = 2\nb = 4\n',
    );
    expect(edit('[profile default]\n', (d) => setKey(d, dflt, 'a', '1'))).toBe(
      '[profile default]\na = 1\n',
    );
  });

  it('a profile named default is written as [default]', () => {
    expect(
      edit('', (d) => upsertSection(d, { kind: 'profile', name: 'default' }, [['a', '1']])),
    ).toBe('[default]\na = 1\n');
  });

  it('[sso-session x] and [services x] are their own kinds', () => {
    const before =
      '[profile s]\nregion = a\n[sso-session s]\nsso_region = a\n[services s]\nsso =\n  endpoint_url = http://a\n';
    const after = edit(before, (d) =>
      setNestedKey(
        setKey(d, { kind: 'sso-session', name: 's' }, 'sso_region', 'b'),
        { kind: 'services', name: 's' },
        'sso',
        'endpoint_url',
        'http://b',
      ),
    );
    expect(after).toBe(
      before.replace('sso_region = a', 'sso_region = b').replace('http://a', 'http://b'),
    );
  });
});

describe('removeKey and removeNestedKey', () => {
  it('removes a key with its nested lines, and nothing else', () => {
    const before = '[default]\na = 1\ns3 =\n  x = 1\n  # c\n  y = 2\nb = 2\n';
    expect(edit(before, (d) => removeKey(d, dflt, 's3'))).toBe('[default]\na = 1\nb = 2\n');
    expect(edit(before, (d) => removeKey(d, dflt, 'A'))).toBe(
      '[default]\ns3 =\n  x = 1\n  # c\n  y = 2\nb = 2\n',
    );
  });

  it('returns the same document when there is nothing to remove', () => {
    const doc = parseConfigDocument('[default]\na = 1\n');
    expect(removeKey(doc, dflt, 'zzz')).toBe(doc);
    expect(removeKey(doc, dev, 'a')).toBe(doc);
  });

  it('removes one sub-key; an emptied block goes too', () => {
    const before = '[default]\ns3 =\n  x = 1\n  y = 2\nb = 2\n';
    expect(edit(before, (d) => removeNestedKey(d, dflt, 's3', 'x'))).toBe(
      '[default]\ns3 =\n  y = 2\nb = 2\n',
    );
    expect(
      edit(before, (d) => removeNestedKey(removeNestedKey(d, dflt, 's3', 'x'), dflt, 's3', 'y')),
    ).toBe('[default]\nb = 2\n');
  });
});

describe('removeSection', () => {
  const file =
    '# intro\n\n[profile a]\nregion = 1\n\n# about dev\n[profile dev]\n# dev note\nregion = 2\n\n[profile z]\nregion = 3\n';

  it("removes header, body and its trailing blank line, keeping the next section's comments", () => {
    expect(edit(file, (d) => removeSection(d, { kind: 'profile', name: 'a' }))).toBe(
      '# intro\n\n# about dev\n[profile dev]\n# dev note\nregion = 2\n\n[profile z]\nregion = 3\n',
    );
    expect(edit(file, (d) => removeSection(d, dev))).toBe(
      '# intro\n\n[profile a]\nregion = 1\n\n# about dev\n[profile z]\nregion = 3\n',
    );
  });

  it('removing the last section also removes the blank line before it', () => {
    expect(edit(file, (d) => removeSection(d, { kind: 'profile', name: 'z' }))).toBe(
      '# intro\n\n[profile a]\nregion = 1\n\n# about dev\n[profile dev]\n# dev note\nregion = 2\n',
    );
    expect(edit('[default]\na = 1\n', (d) => removeSection(d, dflt))).toBe('');
  });

  it('keeps the blank lines above a removed last section, all but one (the separator)', () => {
    expect(edit('[a]\nx = 1\n\n\n[b]\ny = 2\n', (d) => removeSection(d, b))).toBe('[a]\nx = 1\n\n');
    expect(edit('\n[b]\ny = 2\n', (d) => removeSection(d, b))).toBe('\n');
  });

  it('removing the last section keeps a missing final newline missing (LF and CRLF)', () => {
    expect(edit('[a]\nx = 1\n\n[b]\ny = 2', (d) => removeSection(d, b))).toBe('[a]\nx = 1');
    expect(edit('[a]\r\nx = 1\r\n\r\n[b]\r\ny = 2', (d) => removeSection(d, b))).toBe(
      '[a]\r\nx = 1',
    );
    expect(edit('[a]\r\nx = 1\r\n\r\n[b]\r\ny = 2\r\n', (d) => removeSection(d, b))).toBe(
      '[a]\r\nx = 1\r\n',
    );
  });

  it('removes comments inside the section, keeps those above its header and after its last key', () => {
    const before = '[a]\nx = 1\n\n# about b\n[b]\n# inside\ny = 2\n# after b\n\n[c]\nz = 3\n';
    expect(edit(before, (d) => removeSection(d, b))).toBe(
      '[a]\nx = 1\n\n# about b\n# after b\n\n[c]\nz = 3\n',
    );
  });

  it('removes a section written twice, both times', () => {
    expect(
      edit('[profile dev]\na = 1\n\n[profile z]\n\n[profile dev]\nb = 2\n', (d) =>
        removeSection(d, dev),
      ),
    ).toBe('[profile z]\n');
  });

  it('removes both [default] and [profile default]', () => {
    expect(
      edit('[default]\na = 1\n\n[profile default]\na = 2\n\n[profile dev]\n', (d) =>
        removeSection(d, dflt),
      ),
    ).toBe('[profile dev]\n');
  });

  it('undoes upsertSection exactly on random files (also ending in blank lines or no newline)', () => {
    const r = rng(4242);
    let checked = 0;
    for (let i = 0; i < 500; i++) {
      const t = randomConfigText(r);
      const last = parseConfigDocument(t).lines.at(-1);
      if (last && (last.eol === '' || last.text.trim() === '')) checked++;
      const addr: SectionAddress = { kind: 'profile', name: 'awsid-new' };
      const added = upsertSection(parseConfigDocument(t), addr, [
        ['region', 'x'],
        ['s3', { a: 'b' }],
      ]);
      expect(serialize(removeSection(added, addr)), JSON.stringify(t)).toBe(t);
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('edits on random files', () => {
  it('set the value both ways of reading see, and leave every other section as it was', () => {
    const r = rng(77);
    for (let i = 0; i < 500; i++) {
      const t = randomConfigText(r);
      const before = resolveConfig(t, 'x');
      const name = ['dev', 'prod', 'new-one'][i % 3]!;
      const doc = setKey(parseConfigDocument(t), { kind: 'profile', name }, 'region', 'eu-north-1');
      const after = resolveConfig(serialize(doc), 'x');
      expect(after.profiles.get(name)?.values.region, JSON.stringify(t)).toBe('eu-north-1');
      expect(after.problems).toEqual([]);
      for (const [other, s] of before.profiles) {
        if (other !== name) expect(after.profiles.get(other)?.values).toEqual(s.values);
      }
      const values = (m: Map<string, { values: object; nested: object }>): unknown[] =>
        [...m].map(([k, v]) => [k, v.values, v.nested]);
      expect(values(after.ssoSessions)).toEqual(values(before.ssoSessions));
      expect(values(after.services)).toEqual(values(before.services));
    }
  });
});

describe('refuses edits that the SDKs would read differently', () => {
  it.each([
    [
      'a value with an inline comment marker',
      () => setKey(parseConfigDocument(''), dflt, 'a', 'x # y'),
    ],
    ['an empty value', () => setKey(parseConfigDocument(''), dflt, 'a', '')],
    ['a value with a newline', () => setKey(parseConfigDocument(''), dflt, 'a', 'x\ny')],
    ['a key with capitals', () => setKey(parseConfigDocument(''), dflt, 'Region', 'x')],
    [
      'a profile name the JS SDK drops',
      () => upsertSection(parseConfigDocument(''), { kind: 'profile', name: 'a b' }, [['a', '1']]),
    ],
    [
      'a scalar over a nested block',
      () => setKey(parseConfigDocument('[default]\ns3 =\n  a = 1\n'), dflt, 's3', 'x'),
    ],
    [
      'a sub-key under a scalar',
      () => setNestedKey(parseConfigDocument('[default]\ns3 = x\n'), dflt, 's3', 'a', '1'),
    ],
  ])('%s', (_, fn) => {
    expect(fn).toThrow(ConfigError);
  });
});

describe('golden fixture', () => {
  it('real-world.ini + a populate-like run gives real-world.after.ini, LF and CRLF', async () => {
    const before = await readFile(join(FIXTURES, 'real-world.ini'), 'utf8');
    const expected = await readFile(join(FIXTURES, 'real-world.after.ini'), 'utf8');
    const run = (t: string): string =>
      edit(t, (d) => {
        let out = upsertSection(d, { kind: 'profile', name: 'corp-admin' }, [
          ['sso_session', 'my-sso'],
          ['sso_account_id', '333333333333'],
          ['sso_role_name', 'Admin'],
          ['awsid_generated', 'my-sso'],
        ]);
        out = setKey(out, dev, 'region', 'eu-central-1');
        out = setNestedKey(
          out,
          { kind: 'profile', name: 'prod' },
          's3',
          'use_dualstack_endpoint',
          'true',
        );
        out = removeSection(out, { kind: 'other', name: 'preview' });
        return setKey(out, { kind: 'sso-session', name: 'my-sso' }, 'sso_region', 'eu-central-1');
      });
    expect(run(before)).toBe(expected);
    expect(run(before.replace(/\n/g, '\r\n'))).toBe(expected.replace(/\n/g, '\r\n'));
  });
});
