import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DaemonAlreadyRunningError } from '../errors.js';
import { acquirePidFile, releasePidFile } from './pid-file.js';

let tmp: string;
let path: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'awsid-pid-'));
  path = join(tmp, 'daemon.pid');
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const alive = (pids: number[]) => (pid: number) => pids.includes(pid);
const nobody = () => Promise.resolve({ running: false });

describe('acquirePidFile', () => {
  it('creates the file once: a second claimant with the first alive is refused', async () => {
    await acquirePidFile(path, { pid: 100, socketPath: 's', isAlive: alive([100]), probe: nobody });
    expect(await readFile(path, 'utf8')).toBe('100\n');
    const error = await acquirePidFile(path, {
      pid: 200,
      socketPath: 's',
      isAlive: alive([100, 200]),
      probe: () => Promise.resolve({ running: true, pid: 100 }),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DaemonAlreadyRunningError);
    expect((error as DaemonAlreadyRunningError).pid).toBe(100);
  });

  it('takes over the file of a dead daemon', async () => {
    await writeFile(path, '100\n');
    await acquirePidFile(path, { pid: 200, socketPath: 's', isAlive: alive([200]), probe: nobody });
    expect(await readFile(path, 'utf8')).toBe('200\n');
  });

  it('treats a young file of a live pid as a daemon starting, an old silent one as pid reuse', async () => {
    await writeFile(path, '100\n');
    const options = { pid: 200, socketPath: 's', isAlive: alive([100, 200]), probe: nobody };
    await expect(acquirePidFile(path, options)).rejects.toBeInstanceOf(DaemonAlreadyRunningError);
    const old = new Date(Date.now() - 60_000);
    await utimes(path, old, old);
    await acquirePidFile(path, options);
    expect(await readFile(path, 'utf8')).toBe('200\n');
  });

  it('release removes only our own file', async () => {
    await writeFile(path, '100\n');
    await releasePidFile(path, 200);
    expect(await readFile(path, 'utf8')).toBe('100\n');
    await releasePidFile(path, 100);
    await expect(readFile(path, 'utf8')).rejects.toThrow();
  });
});
