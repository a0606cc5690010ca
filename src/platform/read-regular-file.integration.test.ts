import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { NotAFileError, readRegularFile } from './read-regular-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'awsid-regular-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function refusal(path: string): Promise<NotAFileError> {
  const e = await readRegularFile(path).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(NotAFileError);
  return e as NotAFileError;
}

describe.skipIf(process.platform === 'win32')('readRegularFile', () => {
  it('reads a file and a symlink to one; a missing file is undefined', async () => {
    await writeFile(join(dir, 'f'), 'text', { mode: 0o640 });
    await symlink(join(dir, 'f'), join(dir, 'link'));
    expect(await readRegularFile(join(dir, 'f'))).toMatchObject({ text: 'text', mode: 0o100640 });
    expect((await readRegularFile(join(dir, 'link')))?.text).toBe('text');
    expect(await readRegularFile(join(dir, 'none'))).toBeUndefined();
  });

  it('refuses a FIFO without waiting for a writer, and says to remove it', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    const e = await refusal(join(dir, 'fifo'));
    expect(e.message).toBe(`${join(dir, 'fifo')} is a FIFO, not a file`);
    expect(e.hint).toBe(`rm ${join(dir, 'fifo')}`);
  });

  it('moves a directory aside rather than deleting what is in it', async () => {
    await mkdir(join(dir, "it's a dir"));
    const e = await refusal(join(dir, "it's a dir"));
    expect(e.kind).toBe('directory');
    expect(e.hint).toBe(`mv '${dir}/it'"'"'s a dir' '${dir}/it'"'"'s a dir.old'`);
  });

  it('a symlink to /dev/zero: drop the link; /dev/zero itself: no command', async () => {
    await symlink('/dev/zero', join(dir, 'zero'));
    expect(await refusal(join(dir, 'zero'))).toMatchObject({
      kind: 'character device',
      hint: `rm ${join(dir, 'zero')}`,
    });
    expect(await refusal('/dev/zero')).toMatchObject({ hint: undefined });
  });

  it('refuses a Unix socket', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(join(dir, 'sock'), r));
    try {
      expect((await refusal(join(dir, 'sock'))).kind).toBe('socket');
    } finally {
      server.close();
    }
  });
});
