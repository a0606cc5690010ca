import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
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
import { parseConfigDocument, serialize } from './document.js';
import { setKey, upsertSection } from './edit.js';
import { loadConfigFile, saveConfigFile, withConfigLock } from './file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'awsid-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const mode = async (p: string): Promise<number> => (await stat(p)).mode & 0o777;
const addDev = (text: string): string =>
  serialize(
    upsertSection(parseConfigDocument(text), { kind: 'profile', name: 'dev' }, [
      ['region', 'eu-west-1'],
    ]),
  );

describe('loadConfigFile', () => {
  it('reads a missing file as empty', async () => {
    const f = await loadConfigFile(join(dir, 'none', 'config'));
    expect(f).toMatchObject({ exists: false, text: '', mode: undefined });
    expect(f.config.exists).toBe(false);
  });

  it('reads text, mode, document and model', async () => {
    const path = join(dir, 'config');
    await writeFile(path, '[default]\nregion = x\n', { mode: 0o640 });
    await chmod(path, 0o640);
    const f = await loadConfigFile(path);
    expect(f).toMatchObject({ exists: true, mode: 0o640 });
    expect(f.document.sections).toHaveLength(1);
    expect(f.config.profiles.get('default')?.values.region).toBe('x');
  });
});

describe('saveConfigFile', () => {
  it('creates a missing file 0600 in a missing directory 0700, without a backup', async () => {
    const path = join(dir, 'home', '.aws', 'config');
    const r = await saveConfigFile(path, '[default]\nregion = x\n');
    expect(r).toEqual({ changed: true });
    expect(await readFile(path, 'utf8')).toBe('[default]\nregion = x\n');
    expect(await mode(path)).toBe(0o600);
    expect(await mode(join(dir, 'home', '.aws'))).toBe(0o700);
    expect(await mode(join(dir, 'home'))).toBe(0o700);
    expect(await readdir(join(dir, 'home', '.aws'))).toEqual(['config']);
  });

  it('keeps the mode of an existing file and of its directory, and keeps a 0600 backup', async () => {
    const aws = join(dir, '.aws');
    await mkdir(aws, { mode: 0o755 });
    await chmod(aws, 0o755);
    const path = join(aws, 'config');
    await writeFile(path, '[default]\nregion = x\n');
    await chmod(path, 0o644);
    const r = await saveConfigFile(path, '[default]\nregion = y\n');
    expect(r).toEqual({ changed: true, backupPath: `${path}.awsid.bak` });
    expect(await readFile(path, 'utf8')).toBe('[default]\nregion = y\n');
    expect(await mode(path)).toBe(0o644);
    expect(await mode(aws)).toBe(0o755);
    expect(await readFile(`${path}.awsid.bak`, 'utf8')).toBe('[default]\nregion = x\n');
    expect(await mode(`${path}.awsid.bak`)).toBe(0o600);
    // No temp files left behind.
    expect((await readdir(aws)).sort()).toEqual(['config', 'config.awsid.bak']);
  });

  it('does not touch the file when nothing changes', async () => {
    const path = join(dir, 'config');
    await writeFile(path, '[default]\n');
    const before = (await stat(path)).ino;
    expect(await saveConfigFile(path, '[default]\n')).toEqual({ changed: false });
    expect((await stat(path)).ino).toBe(before);
    expect(await readdir(dir)).toEqual(['config']);
  });

  it('refuses to rewrite a file botocore cannot parse, naming the line', async () => {
    const path = join(dir, 'config');
    const broken = '[default]\nregion = x\nthis is not ini\n';
    await writeFile(path, broken);
    const err = await saveConfigFile(path, '[default]\nregion = y\n', { home: dir }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain('~/config line 3');
    expect((err as ConfigError).hint).toBe(
      'put "=" between the key and its value on line 3 of ~/config',
    );
    expect(await readFile(path, 'utf8')).toBe(broken);
    expect(await readdir(dir)).toEqual(['config']);
  });

  it('refuses to write text that would not parse', async () => {
    const path = join(dir, 'config');
    await expect(saveConfigFile(path, 'junk\n')).rejects.toBeInstanceOf(ConfigError);
    await expect(stat(path)).rejects.toThrow();
  });

  it('writes through a symlink, so a dotfile manager keeps its link', async () => {
    const real = join(dir, 'dotfiles', 'aws-config');
    await mkdir(join(dir, 'dotfiles'));
    await writeFile(real, '[default]\n');
    const link = join(dir, 'config');
    await symlink(real, link);
    await saveConfigFile(link, '[default]\nregion = z\n');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, 'utf8')).toBe('[default]\nregion = z\n');
  });
});

describe('withConfigLock', () => {
  it('reads inside the lock, applies the edit, writes, and removes the lock', async () => {
    const path = join(dir, '.aws', 'config');
    const first = await withConfigLock(path, addDev);
    expect(first).toMatchObject({ changed: true, oldText: '' });
    expect(await mode(path)).toBe(0o600);
    const second = await withConfigLock(path, (t) =>
      serialize(setKey(parseConfigDocument(t), { kind: 'profile', name: 'dev' }, 'output', 'json')),
    );
    expect(second.oldText).toBe('[profile dev]\nregion = eu-west-1\n');
    expect(await readFile(path, 'utf8')).toBe('[profile dev]\nregion = eu-west-1\noutput = json\n');
    expect((await readdir(join(dir, '.aws'))).sort()).toEqual(['config', 'config.awsid.bak']);
  });

  it('does not call the edit on a file it would refuse to rewrite', async () => {
    const path = join(dir, 'config');
    await writeFile(path, '[default]\n[default]\n');
    let called = false;
    await expect(
      withConfigLock(path, (t) => {
        called = true;
        return t;
      }),
    ).rejects.toBeInstanceOf(ConfigError);
    expect(called).toBe(false);
    expect(await readdir(dir)).toEqual(['config']);
  });

  it('releases the lock when the edit throws', async () => {
    const path = join(dir, 'config');
    await expect(
      withConfigLock(path, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await readdir(dir)).toEqual([]);
  });
});
