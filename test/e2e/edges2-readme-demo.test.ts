/**
 * The README's "Try it without an AWS account" demo, run as written: its shell block in bash from
 * the clone (only the port swapped for this test's fake; `mktemp -d` under the sandbox's TMPDIR),
 * against the fake Identity Center as `npm run fake-idc` starts it, with no keychain (no D-Bus
 * session) and the real `aws` CLI; what it prints must be the README's text block, line for line,
 * up to what differs on every run (code, times, pid, keys).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeIdc, type FakeIdc } from '../fake-idc/index.js';
import { createSandbox, repoRoot, type Sandbox } from '../helpers/cli.js';

async function demoSection(): Promise<{ script: string; printed: string }> {
  const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('## Try it without an AWS account');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)];
  const sh = blocks.filter((b) => b[1] === 'sh');
  const text = blocks.find((b) => b[1] === 'text');
  expect(sh).toHaveLength(2);
  expect(text).toBeDefined();
  return { script: sh[1]![2]!, printed: text![2]! };
}

/** What differs on every run, made the same. */
function normalize(text: string, tmp: string): string[] {
  return text
    .replace(new RegExp(`${tmp.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/tmp\\.\\w+`, 'g'), 'DEMO')
    .replace(/\/tmp\/tmp\.\w+/g, 'DEMO')
    .replace(/\b[A-Z]{4}-[A-Z]{4}\b/g, 'CODE')
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d UTC \(in [^)]*\)/g, 'TIME')
    .replace(/, \d+\.\d s\)$/gm, ', S s)')
    .replace(/pid \d+/g, 'pid N')
    .replace(/^\{"Version":1,.*\}$/m, '{"Version":1,...}')
    .replace(/\*{16}[\w/+]{4}/g, '****KEY')
    .split('\n')
    .map((l) => l.trimEnd());
}

describe('the README demo', () => {
  let fake: FakeIdc;
  let sb: Sandbox;
  beforeAll(async () => {
    // The options `npm run fake-idc` uses (test/fake-idc/main.ts).
    fake = await startFakeIdc({
      person: { kind: 'approve', afterPolls: 2 },
      allowUnexpected: true,
    });
    sb = await createSandbox();
  });
  afterAll(async () => {
    await sb?.close();
    await fake?.close();
  });

  it('runs without a keychain and prints what the README says, ending with aws and daemon stop', async () => {
    const { script, printed } = await demoSection();
    const lines = script.trim().split('\n');
    expect(lines.at(-2)).toMatch(/^aws .*--profile Sandbox\.ReadOnlyAccess/);
    expect(lines.at(-1)).toBe('awsid daemon stop');
    // Nothing in a fixed shared path, nothing fetched from a registry.
    expect(script).toContain('demo=$(mktemp -d)');
    expect(script).not.toMatch(/^[^#]*\bnpx |\/tmp\//m);
    const runnable = script.replaceAll('http://127.0.0.1:8123', fake.url);
    const env: Record<string, string> = { ...sb.env };
    delete env.BROWSER;
    const r = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      // One pipe for both streams, as a terminal shows them: two pipes could reorder lines.
      const child = spawn('bash', ['-e', '-c', `exec 2>&1\n${runnable}`], {
        env,
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(r.code, r.out).toBe(0);
    expect(normalize(r.out, sb.tmp)).toEqual(normalize(printed, sb.tmp));
    // The AWS CLI resolved the generated profile through credential_process, to the same key.
    const key = /"AccessKeyId":"\w+(\w{4})"/.exec(r.out)?.[1];
    expect(r.out).toMatch(new RegExp(`access_key +\\*{16}${key} +custom-process`));
  }, 60_000);
});
