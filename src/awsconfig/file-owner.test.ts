/**
 * Who owns the config after awsid writes it, and where it writes. `sudo -E awsid setup` runs as
 * root with the user's HOME: the file must stay the user's. A symlink to a missing file must not
 * make awsid create a file wherever the link points.
 */
import {
  chown,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ConfigError } from '../core/errors.js';
import { saveConfigFile, withConfigLock } from './file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'awsid-owner-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const NOBODY = 65534;
const owner = async (p: string) => {
  const s = await stat(p);
  return { uid: s.uid, gid: s.gid, mode: s.mode & 0o777 };
};

describe.skipIf(process.platform === 'win32')('a symlink to a missing file', () => {
  it('is refused, naming the link and its target; nothing is created there', async () => {
    const target = join(dir, 'elsewhere', 'config');
    const link = join(dir, 'config');
    await symlink(target, link);
    const e = await saveConfigFile(link, '[default]\n').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).message).toBe(`${link} is a symlink to a missing file (${target})`);
    expect((e as ConfigError).hint).toBe(`rm ${link}`);
    let edited = false;
    await expect(
      withConfigLock(link, () => {
        edited = true;
        return '[default]\n';
      }),
    ).rejects.toThrow('is a symlink to a missing file');
    expect(edited).toBe(false);
    await expect(stat(join(dir, 'elsewhere'))).rejects.toThrow();
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
  });
});

const notRoot =
  typeof process.geteuid !== 'function' || process.geteuid() !== 0
    ? 'not running as root, so no file can belong to someone else'
    : undefined;
if (notRoot) console.warn(`skipping the config ownership tests: ${notRoot}`);

describe.skipIf(notRoot)('run as root, the config stays its owner’s', () => {
  it('an existing file and its backup keep the owner, group and mode', async () => {
    const path = join(dir, 'config');
    await writeFile(path, '[default]\n', { mode: 0o640 });
    await chown(path, NOBODY, NOBODY);
    const r = await withConfigLock(path, (t) => `${t}region = x\n`);
    expect(await owner(path)).toEqual({ uid: NOBODY, gid: NOBODY, mode: 0o640 });
    expect(await owner(r.backupPath!)).toEqual({ uid: NOBODY, gid: NOBODY, mode: 0o600 });
    expect(await readFile(path, 'utf8')).toBe('[default]\nregion = x\n');
  });

  it('through a symlink: the link stays, its target keeps its owner', async () => {
    await mkdir(join(dir, 'dotfiles'));
    const real = join(dir, 'dotfiles', 'aws-config');
    await writeFile(real, '[default]\n', { mode: 0o600 });
    await chown(real, NOBODY, NOBODY);
    await symlink(real, join(dir, 'config'));
    await saveConfigFile(join(dir, 'config'), '[default]\nregion = y\n');
    expect((await lstat(join(dir, 'config'))).isSymbolicLink()).toBe(true);
    expect(await owner(real)).toEqual({ uid: NOBODY, gid: NOBODY, mode: 0o600 });
  });

  it('a new file, and the directories created for it, get the owner of the home they are in', async () => {
    const home = join(dir, 'home');
    await mkdir(home);
    await chown(home, NOBODY, NOBODY);
    const path = join(home, '.aws', 'config');
    await withConfigLock(path, () => '[default]\n');
    expect(await owner(join(home, '.aws'))).toEqual({ uid: NOBODY, gid: NOBODY, mode: 0o700 });
    expect(await owner(path)).toEqual({ uid: NOBODY, gid: NOBODY, mode: 0o600 });
  });

  it('a new file in root’s own directory stays root’s', async () => {
    const path = join(dir, 'config');
    await saveConfigFile(path, '[default]\n');
    expect(await owner(path)).toMatchObject({ uid: 0, gid: 0 });
  });
});
