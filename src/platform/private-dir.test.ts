import { chmod, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  ensurePrivateDir,
  inspectOwnedSocket,
  inspectPrivateDir,
  UnsafeDirectoryError,
} from './private-dir.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'awsid-private-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('the private-directory policy', () => {
  it('creates a missing directory 0700 and accepts it afterwards', async () => {
    const dir = join(tmp, 'a', 'b');
    expect(inspectPrivateDir(dir)).toBe('missing');
    await ensurePrivateDir(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(inspectPrivateDir(dir)).toBe('private');
  });

  it('refuses loose bits, another owner, a symlink and a file, without changing anything', async () => {
    const loose = join(tmp, 'loose');
    await mkdir(loose);
    await chmod(loose, 0o755);
    expect(inspectPrivateDir(loose)).toMatchObject({
      reason: expect.stringContaining('mode 0755'),
    });
    const error = await ensurePrivateDir(loose, 'state directory').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsafeDirectoryError);
    expect((error as UnsafeDirectoryError).hint).toBe(`chmod 700 ${loose}`);
    expect((await stat(loose)).mode & 0o777).toBe(0o755);

    const mine = join(tmp, 'mine');
    await mkdir(mine, { mode: 0o700 });
    const uid = (await stat(mine)).uid;
    expect(inspectPrivateDir(mine, { uid: uid + 1 })).toMatchObject({
      reason: expect.stringContaining(`belongs to uid ${uid}`),
    });

    await symlink(mine, join(tmp, 'link'));
    expect(inspectPrivateDir(join(tmp, 'link'))).toMatchObject({
      reason: expect.stringContaining('is a symlink'),
    });
    await writeFile(join(tmp, 'file'), '');
    expect(inspectPrivateDir(join(tmp, 'file'))).toMatchObject({
      reason: expect.stringContaining('not a directory'),
    });
  });

  it('quotes the path in the fix so it pastes as one argument', async () => {
    const odd = join(tmp, "it's; rm -rf x");
    await mkdir(odd, { mode: 0o755 });
    await chmod(odd, 0o755);
    const result = inspectPrivateDir(odd);
    expect(result).toMatchObject({ fix: `chmod 700 '${odd.replace("'", `'"'"'`)}'` });
  });

  it('trusts a socket only when it is a socket of ours', async () => {
    const path = join(tmp, 's.sock');
    expect(inspectOwnedSocket(path)).toBe('missing');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      expect(inspectOwnedSocket(path)).toBe('ours');
      const uid = (await stat(path)).uid;
      expect(inspectOwnedSocket(path, { uid: uid + 1 })).toMatchObject({
        reason: expect.stringContaining(`belongs to uid ${uid}`),
      });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await writeFile(path, '');
    expect(inspectOwnedSocket(path)).toMatchObject({
      reason: expect.stringContaining('not a socket'),
    });
  });
});
