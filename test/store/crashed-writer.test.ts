/**
 * A writer killed in the middle of an atomic replace (SIGKILL, power loss) leaves its temp file
 * next to the target. The next write under the lock removes it, but never the temp file of a
 * writer that is still alive (here: stopped with SIGSTOP mid-write).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withConfigLock } from '../../src/awsconfig/file.js';

const root = join(import.meta.dirname, '..', '..');
const CHILD = join(import.meta.dirname, 'fixtures', 'atomic-writer-child.ts');

/** Files in `dir` other than the config, its backup and its lock: what a write left behind. */
async function leftovers(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((n) => !['config', 'config.awsid.bak', 'config.awsid.lock'].includes(n));
}

/** Starts the writer and stops it (SIGSTOP) while one of its temp files exists. */
async function writerStoppedMidWrite(dir: string) {
  const p = spawn(process.execPath, ['--import', 'tsx', CHILD, join(dir, 'config')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
  for (;;) {
    if (p.exitCode !== null) throw new Error(`writer exited ${p.exitCode}`);
    const temps = await leftovers(dir);
    if (temps.length > 0) {
      p.kill('SIGSTOP');
      // It may have renamed between the look and the stop: look again while it cannot move.
      const still = (await leftovers(dir)).filter((n) => temps.includes(n));
      if (still.length > 0) return { p, exited, temps: still };
      p.kill('SIGCONT');
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('temp files of a crashed atomic write', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'awsid-crashed-writer-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'are removed by the next write, while a live writer keeps its own',
    { timeout: 60_000 },
    async () => {
      const writer = await writerStoppedMidWrite(dir);
      try {
        const first = '[profile a]\nregion = us-east-1\n';
        await withConfigLock(join(dir, 'config'), () => first, { backup: false });
        // The stopped writer is alive: its temp file is still there.
        expect(await leftovers(dir)).toEqual(writer.temps);
      } finally {
        writer.p.kill('SIGKILL');
        await writer.exited;
      }
      expect(await leftovers(dir)).toEqual(writer.temps);

      const second = '[profile b]\nregion = eu-west-1\n';
      const done = await withConfigLock(join(dir, 'config'), () => second);
      expect(done.newText).toBe(second);
      expect(await leftovers(dir)).toEqual([]);
    },
  );
});
