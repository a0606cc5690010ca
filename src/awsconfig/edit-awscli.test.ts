import { describe, expect, it } from 'vitest';

import { parseConfigDocument, serialize, type ConfigDocument } from './document.js';
import { setKey, setNestedKey, upsertSection } from './edit.js';
import type { SectionAddress } from './section-match.js';

/*
 * The cases of the AWS CLI's config writer tests (aws/aws-cli
 * tests/unit/customizations/configure/test_writer.py), restated for awsid's editor. Where awsid
 * deliberately differs the test says so: it keeps `a=b` spacing, puts one blank line before a new
 * section, indents new sub-keys with two spaces (docs/protocol.md, "Line syntax": safe subset), and
 * keeps a missing final newline missing.
 */

const dflt: SectionAddress = { kind: 'default' };

function edit(before: string, fn: (d: ConfigDocument) => ConfigDocument): string {
  return serialize(fn(parseConfigDocument(before)));
}

describe('AWS CLI writer cases', () => {
  it('updates one existing value in place, file without final newline stays so', () => {
    expect(edit('[default]\nfoo = 1\nbar = 1', (d) => setKey(d, dflt, 'foo', 'newvalue'))).toBe(
      '[default]\nfoo = newvalue\nbar = 1',
    );
  });

  it('updates a value that contains square brackets', () => {
    expect(
      edit('[default]\nfoo = old[value]\nbar = 1', (d) => setKey(d, dflt, 'foo', 'new[value]')),
    ).toBe('[default]\nfoo = new[value]\nbar = 1');
  });

  it('updates a value written without spaces, keeping that style (the CLI adds spaces)', () => {
    expect(edit('[default]\nfoo=1\nbar=1', (d) => setKey(d, dflt, 'foo', 'newvalue'))).toBe(
      '[default]\nfoo=newvalue\nbar=1',
    );
  });

  it('appends a new key after the last one; no final newline stays none (the CLI adds one)', () => {
    expect(edit('[default]\nfoo = 1\nbar = 2', (d) => setKey(d, dflt, 'baz', 'newvalue'))).toBe(
      '[default]\nfoo = 1\nbar = 2\nbaz = newvalue',
    );
  });

  it('appends with spaces even when the other keys have none', () => {
    expect(edit('[default]\nfoo=1\nbar=2', (d) => setKey(d, dflt, 'baz', 'newvalue'))).toBe(
      '[default]\nfoo=1\nbar=2\nbaz = newvalue',
    );
  });

  it('updates a key in a middle section whose first line is blank', () => {
    const before = '[a]\nfoo = bar\nbaz = bar\n\n[b]\n\nfoo = bar\n[c]\nfoo = bar\nbaz = bar\n';
    const after = '[a]\nfoo = bar\nbaz = bar\n\n[b]\n\nfoo = newvalue\n[c]\nfoo = bar\nbaz = bar\n';
    expect(edit(before, (d) => setKey(d, { kind: 'other', name: 'b' }, 'foo', 'newvalue'))).toBe(
      after,
    );
  });

  it('inserts a new key in a middle section before the blank line that ends it', () => {
    const before = '[a]\nfoo = bar\n\n[b]\n\nfoo = bar\n\n[c]\nfoo = bar\n';
    const after = '[a]\nfoo = bar\n\n[b]\n\nfoo = bar\nnewvalue = newvalue\n\n[c]\nfoo = bar\n';
    expect(
      edit(before, (d) => setKey(d, { kind: 'other', name: 'b' }, 'newvalue', 'newvalue')),
    ).toBe(after);
  });

  it('adds a section to a file holding only a newline', () => {
    expect(edit('\n', (d) => setKey(d, dflt, 'foo', 'value'))).toBe('\n[default]\nfoo = value\n');
  });

  it('appends a missing section after a blank line (the CLI appends it directly)', () => {
    const before = '[notdefault]\nfoo = bar\nbaz = bar\n\n\n\n[other "section"]\n\nfoo = bar\n';
    expect(edit(before, (d) => setKey(d, dflt, 'foo', 'value'))).toBe(
      `${before}\n[default]\nfoo = value\n`,
    );
  });

  it('never updates a commented-out key', () => {
    expect(edit('[default]\n#foo = 1\nbar = 1\n', (d) => setKey(d, dflt, 'foo', 'newvalue'))).toBe(
      '[default]\n#foo = 1\nbar = 1\nfoo = newvalue\n',
    );
  });

  it('never matches a commented-out section header', () => {
    expect(
      edit('#[default]\n[default]\n#foo = 1\nbar = 1\n', (d) => setKey(d, dflt, 'foo', 'newvalue')),
    ).toBe('#[default]\n[default]\n#foo = 1\nbar = 1\nfoo = newvalue\n');
  });

  it('finds [profile foobar] and [profile "foobar"] alike', () => {
    const foobar: SectionAddress = { kind: 'profile', name: 'foobar' };
    expect(
      edit('[profile foobar]\nfoo = 1\nbar = 1\n', (d) => setKey(d, foobar, 'foo', 'newvalue')),
    ).toBe('[profile foobar]\nfoo = newvalue\nbar = 1\n');
    expect(
      edit('[profile "foobar"]\nfoo = 1\nbar = 1\n', (d) => setKey(d, foobar, 'foo', 'newvalue')),
    ).toBe('[profile "foobar"]\nfoo = newvalue\nbar = 1\n');
  });

  it('finds a quoted profile name with two spaces inside', () => {
    const p: SectionAddress = { kind: 'profile', name: 'two  spaces' };
    expect(
      edit('[profile "two  spaces"]\nfoo = 1\nbar = 1\n', (d) => setKey(d, p, 'foo', 'newvalue')),
    ).toBe('[profile "two  spaces"]\nfoo = newvalue\nbar = 1\n');
  });

  it('writes a nested block into a new file (two-space indent; the CLI uses four)', () => {
    expect(edit('', (d) => setNestedKey(d, dflt, 's3', 'signature_version', 's3v4'))).toBe(
      '[default]\ns3 =\n  signature_version = s3v4\n',
    );
  });

  it('adds to a nested block followed by another key, at the block indent', () => {
    expect(
      edit('[default]\ns3 =\n    other = foo\nec2 = bar\n', (d) =>
        setNestedKey(d, dflt, 's3', 'signature_version', 'newval'),
      ),
    ).toBe('[default]\ns3 =\n    other = foo\n    signature_version = newval\nec2 = bar\n');
  });

  it('adds to a nested block at the end of the file', () => {
    expect(
      edit('[default]\ns3 =\n    other = foo\n', (d) =>
        setNestedKey(d, dflt, 's3', 'signature_version', 'newval'),
      ),
    ).toBe('[default]\ns3 =\n    other = foo\n    signature_version = newval\n');
  });

  it('updates a nested value in place', () => {
    expect(
      edit('[default]\ns3 =\n    signature_version = originalval\n', (d) =>
        setNestedKey(d, dflt, 's3', 'signature_version', 'newval'),
      ),
    ).toBe('[default]\ns3 =\n    signature_version = newval\n');
  });

  it('adds to a nested block that is followed by another section', () => {
    expect(
      edit('[default]\ns3 =\n    other = foo\n[profile foo]\nfoo = bar\n', (d) =>
        setNestedKey(d, dflt, 's3', 'signature_version', 'newval'),
      ),
    ).toBe(
      '[default]\ns3 =\n    other = foo\n    signature_version = newval\n[profile foo]\nfoo = bar\n',
    );
  });

  it('creates a nested block in a section that had none', () => {
    expect(
      edit('[default]\nfoo = bar\n[profile foo]\nfoo = bar\n', (d) =>
        setNestedKey(d, dflt, 's3', 'signature_version', 'newval'),
      ),
    ).toBe('[default]\nfoo = bar\ns3 =\n  signature_version = newval\n[profile foo]\nfoo = bar\n');
  });

  it('fills an empty section', () => {
    expect(edit('[default]\n', (d) => setKey(d, dflt, 'region', 'us-west-2'))).toBe(
      '[default]\nregion = us-west-2\n',
    );
  });

  it('starts a new section on its own line when the file has no final newline', () => {
    // The missing final newline moves to the new end (the CLI adds one), so removing the section
    // again gives the original bytes back.
    expect(
      edit('[preview]\ncloudfront = true', (d) =>
        upsertSection(d, { kind: 'other', name: 'new-section' }, [['region', 'us-west-2']]),
      ),
    ).toBe('[preview]\ncloudfront = true\n\n[new-section]\nregion = us-west-2');
  });
});
