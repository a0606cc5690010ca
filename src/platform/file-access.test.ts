import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ConfigError, FileAccessError } from '../core/errors.js';
import { fileAccessError } from './file-access.js';

const errno = (code: string, path?: string) =>
  Object.assign(new Error(`${code}: denied`), { code, ...(path ? { path } : {}) });

describe('fileAccessError', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'awsid-access-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('leaves errors that are not a permission error on a path alone', () => {
    expect(fileAccessError(new Error('boom'), dir)).toBeUndefined();
    expect(fileAccessError(errno('ENOENT', join(dir, 'x')), dir)).toBeUndefined();
    // kill(2) answers EPERM for another user's process: no path, not a file problem.
    expect(fileAccessError(errno('EPERM'), dir)).toBeUndefined();
  });

  it('finds the permission error in the causes of an awsid error, and names the path', async () => {
    const file = join(dir, 'it has spaces');
    await writeFile(file, '');
    const wrapped = new ConfigError('cannot read it', { cause: errno('EACCES', file) });
    const e = fileAccessError(wrapped, dir);
    expect(e).toBeInstanceOf(FileAccessError);
    expect(e?.exitCode).toBe(4);
    expect(e?.message).toMatch(
      /^permission denied on .*it has spaces \(owned by \S+, mode \d{4}\)$/,
    );
    // The path is quoted so the line is safe to paste.
    expect(e?.hint).toBe(`chmod u+rw '${file}'`);
  });
});
