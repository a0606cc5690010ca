import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
