/**
 * Several real processes update the one sealed state at once. Every update re-reads the file
 * under the cross-process lock, so none is lost: 8 processes x 20 appends = 160 entries.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { systemClock } from '../../src/platform/clock-node.js';
import { resolvePaths } from '../../src/platform/paths.js';
import { openStateStore } from '../../src/store/state-store.js';
import {
  keychainSkipReason,
  setKeychainProcessEnv,
  startPrivateKeyring,
  type PrivateKeyring,
} from '../helpers/keyring.js';

const root = join(import.meta.dirname, '..', '..');
const child = join(import.meta.dirname, 'fixtures', 'append-child.ts');

function runChild(id: string, count: number, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, id, String(count)], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.stderr.on('data', (c: Buffer) => (out += c.toString()));
    p.once('error', reject);
    p.once('exit', (code) =>
      code === 0 && out.includes('done')
        ? resolve()
        : reject(new Error(`child ${id} exited ${code}: ${out}`)),
    );
  });
}

async function runAll(processes: number, each: number, env: NodeJS.ProcessEnv): Promise<string[]> {
  await Promise.all(Array.from({ length: processes }, (_, i) => runChild(`p${i}`, each, env)));
  const store = await openStateStore({
    env,
    paths: resolvePaths(env),
    clock: systemClock,
  });
  return (await store.read()).sessions.shared?.scopes ?? [];
}

function expected(processes: number, each: number): string[] {
  return Array.from({ length: processes }, (_, i) =>
    Array.from({ length: each }, (_, n) => `p${i}-${n}`),
  )
    .flat()
    .sort();
}

describe('concurrent updates from separate processes', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'awsid-concurrent-'));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it('passphrase store: 8 processes x 20 updates lose nothing', { timeout: 180_000 }, async () => {
    const env = {
      ...process.env,
      HOME: join(home, 'pass'),
      XDG_STATE_HOME: '',
      AWSID_SECRET_STORE: 'passphrase',
      AWSID_PASSPHRASE: 'concurrency test',
    };
    const scopes = await runAll(8, 20, env);
    expect(scopes).toHaveLength(160);
    expect([...scopes].sort()).toEqual(expected(8, 20));
    // Each process's own appends stay in order.
    const p0 = scopes.filter((s) => s.startsWith('p0-'));
    expect(p0).toEqual(Array.from({ length: 20 }, (_, n) => `p0-${n}`));
    // No lock, temp file or quarantined file left behind.
    expect(await readdir(resolvePaths(env).stateDir)).toEqual(['state.sealed']);
  });

  const reason = keychainSkipReason('the keychain concurrency test');
  describe.skipIf(reason)('keychain store', () => {
    let kr: PrivateKeyring;
    beforeAll(async () => {
      setKeychainProcessEnv({
        XDG_DATA_HOME: join(home, 'activated-data'),
        XDG_CACHE_HOME: join(home, 'cache'),
      });
      kr = await startPrivateKeyring();
      // The final read happens in this process: it needs the private bus too.
      setKeychainProcessEnv({ DBUS_SESSION_BUS_ADDRESS: kr.env.DBUS_SESSION_BUS_ADDRESS });
    });
    afterAll(() => kr?.close());

    it(
      '4 processes racing to create the key x 10 updates lose nothing',
      { timeout: 180_000 },
      async () => {
        const env = {
          ...process.env,
          ...kr.env,
          HOME: join(home, 'keychain'),
          XDG_STATE_HOME: '',
          AWSID_SECRET_STORE: 'keychain',
        };
        const scopes = await runAll(4, 10, env);
        expect([...scopes].sort()).toEqual(expected(4, 10));
        expect(
          kr.search('service', 'awsid').match(/attribute\.username = data-key:/g),
        ).toHaveLength(1);
      },
    );
  });
});
