import { chmod, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { UnsafeSocketDirError } from './errors.js';
import { ensureSocketDir } from './socket-dir.js';
import { socketPathFor } from './socket-path.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'awsid-sockdir-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('ensureSocketDir', () => {
  it('creates missing directories with mode 0700 whatever the umask allows', async () => {
    const dir = join(tmp, 'state', 'awsid', 'run');
    await ensureSocketDir(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    await ensureSocketDir(dir); // an existing private directory is fine
  });

  it('refuses group or other bits on an existing directory and leaves it alone', async () => {
    const dir = join(tmp, 'run');
    await mkdir(dir);
    await chmod(dir, 0o750);
    await expect(ensureSocketDir(dir)).rejects.toThrow(/mode 0750/);
    expect((await stat(dir)).mode & 0o777).toBe(0o750);
  });

  it('refuses a directory owned by another uid', async () => {
    const dir = join(tmp, 'run');
    await mkdir(dir, { mode: 0o700 });
    const mine = (await stat(dir)).uid;
    const error = await ensureSocketDir(dir, { uid: mine + 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsafeSocketDirError);
    expect((error as Error).message).toContain(`belongs to uid ${mine}`);
  });

  it('refuses a symlink or a file in place of the directory', async () => {
    const real = join(tmp, 'real');
    await mkdir(real, { mode: 0o700 });
    await symlink(real, join(tmp, 'link'));
    await expect(ensureSocketDir(join(tmp, 'link'))).rejects.toThrow(/not a directory/);
    await writeFile(join(tmp, 'file'), '');
    await expect(ensureSocketDir(join(tmp, 'file'))).rejects.toThrow();
  });
});

describe('socketPathFor', () => {
  it('names the socket after the world, in the runtime directory on Unix, a per-user pipe on Windows', () => {
    expect(socketPathFor({ runtimeDir: '/run/user/1000/awsid' }, '0123456789abcdef', 'linux')).toBe(
      '/run/user/1000/awsid/daemon-0123456789abcdef.sock',
    );
    expect(socketPathFor({ runtimeDir: 'C:\\x' }, '0123456789abcdef', 'win32', 'Jane Doe')).toBe(
      '\\\\.\\pipe\\awsid-Jane_Doe-0123456789abcdef',
    );
  });
});
