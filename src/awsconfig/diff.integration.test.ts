import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { applyPatch } from 'diff';
import { describe, expect, it } from 'vitest';

import { randomConfigText, rng } from '../../test/fixtures/awsconfig/random-config.js';
import { unifiedDiff } from './diff.js';
import { parseConfigDocument, serialize } from './document.js';
import { removeSection, setKey, upsertSection } from './edit.js';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\n', 'a\n', 'config')).toBe('');
  });

  it('shows a change with three lines of context', () => {
    const before = '1\n2\n3\n4\n5\n6\n7\n8\n9\n';
    const after = '1\n2\n3\n4\nfive\n6\n7\n8\n9\n';
    expect(unifiedDiff(before, after, '~/.aws/config')).toBe(
      '--- ~/.aws/config\n+++ ~/.aws/config\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n',
    );
  });

  it('shows an appended section and a missing final newline', () => {
    expect(unifiedDiff('[a]\nx = 1', '[a]\nx = 1\n\n[b]\ny = 2\n', 'c')).toBe(
      '--- c\n+++ c\n@@ -1,2 +1,5 @@\n [a]\n-x = 1\n\\ No newline at end of file\n+x = 1\n+\n+[b]\n+y = 2\n',
    );
  });

  it('shows creating a file from nothing and emptying it', () => {
    expect(unifiedDiff('', '[a]\n', 'c')).toBe('--- c\n+++ c\n@@ -0,0 +1,1 @@\n+[a]\n');
    expect(unifiedDiff('[a]\n', '', 'c')).toBe('--- c\n+++ c\n@@ -1,1 +0,0 @@\n-[a]\n');
  });

  it('keeps far-apart changes in separate hunks', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `${i}`);
    const after = [...lines];
    after[2] = 'x';
    after[25] = 'y';
    const diff = unifiedDiff(`${lines.join('\n')}\n`, `${after.join('\n')}\n`, 'c');
    expect(diff.match(/^@@/gm)).toHaveLength(2);
    expect(diff).toContain('@@ -1,6 +1,6 @@');
    expect(diff).toContain('@@ -23,7 +23,7 @@');
  });

  /** A config as populate writes it for `count` account/role pairs, regions chosen by `region`. */
  function generated(count: number, region: (i: number) => string, eol = '\n'): string {
    const sections = Array.from({ length: count }, (_, i) => {
      const account = String(100000000000 + i);
      return [
        `[profile acct-${i}.ReadOnly]`,
        'awsid_generated = corp',
        `credential_process = /usr/bin/node /opt/awsid/bin/awsid.js credential-process --sso-session corp --account-id ${account} --role-name ReadOnly`,
        `region = ${region(i)}`,
      ].join(eol);
    });
    return `# mine${eol}[default]${eol}region = eu-west-1${eol}${eol}# awsid populate: sso-session corp${eol}${sections.join(eol + eol)}${eol}`;
  }
  const changedLines = (diff: string, sign: string): string[] =>
    diff.split('\n').filter((l) => l.startsWith(sign) && !l.startsWith(sign.repeat(3)));

  it('shows 40 changed lines among 3,000 generated profiles as 40 small hunks that apply', () => {
    const moved = (i: number): boolean => i % 75 === 7;
    const before = generated(3000, () => 'us-east-1');
    const after = generated(3000, (i) => (moved(i) ? 'eu-west-2' : 'us-east-1'));
    const diff = unifiedDiff(before, after, '~/.aws/config');
    expect(diff.startsWith('--- ~/.aws/config\n+++ ~/.aws/config\n@@ ')).toBe(true);
    expect(changedLines(diff, '-')).toEqual(Array(40).fill('-region = us-east-1'));
    expect(changedLines(diff, '+')).toEqual(Array(40).fill('+region = eu-west-2'));
    expect(diff.match(/^@@ /gm)).toHaveLength(40);
    expect(diff.split('\n').length).toBeLessThan(400);
    expect(applyPatch(before, diff)).toBe(after);
  });

  it('shows a rewrite of every profile as one replacement that applies (CRLF, no final newline)', () => {
    const before = generated(3000, () => 'us-east-1', '\r\n').replace(/\r\n$/, '');
    const after = generated(3000, () => 'eu-west-2', '\r\n').replace(/\r\n$/, '');
    const diff = unifiedDiff(before, after, 'c');
    expect(diff.match(/^@@ /gm)).toEqual(['@@ ']);
    // 5 lines before the first profile, then 4 lines + 1 blank per profile: 15,004 lines.
    const head = '--- c\n+++ c\n@@ -6,14999 +6,14999 @@\n [profile acct-0.ReadOnly]\r\n';
    expect(diff.startsWith(head)).toBe(true);
    expect(diff.endsWith('+region = eu-west-2\n\\ No newline at end of file\n')).toBe(true);
    expect(applyPatch(before, diff)).toBe(after);
    expect(applyPatch(`${before}\r\n`, unifiedDiff(`${before}\r\n`, '', 'c'))).toBe('');
  });

  const noPatch =
    spawnSync('patch', ['--version']).status === 0
      ? undefined
      : 'GNU patch is not installed; patch round-trip skipped';
  if (noPatch) console.warn(noPatch);

  it.skipIf(noPatch)(
    'is a patch that `patch` applies to give the new text (random edits, CRLF too)',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'awsid-diff-'));
      try {
        const r = rng(5);
        for (let i = 0; i < 60; i++) {
          const before = randomConfigText(r, { lines: 30 });
          let doc = parseConfigDocument(before);
          doc = setKey(doc, { kind: 'profile', name: 'dev' }, 'region', 'eu-west-3');
          doc = removeSection(doc, { kind: 'profile', name: 'prod' });
          doc = upsertSection(doc, { kind: 'sso-session', name: 'corp' }, [['sso_region', 'x']]);
          const after = serialize(doc);
          const file = join(dir, `c${i}`);
          await writeFile(file, before);
          const diff = unifiedDiff(before, after, file);
          const res = spawnSync('patch', ['--quiet', '--binary', file], {
            input: diff,
            encoding: 'utf8',
          });
          expect(res.status, `${res.stdout}${res.stderr}\n${diff}`).toBe(0);
          expect(await readFile(file, 'utf8')).toBe(after);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
