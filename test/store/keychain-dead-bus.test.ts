/**
 * No Secret Service: the session bus address points at a socket nobody listens on. libdbus reads
 * the address once per process, so this scenario has its own test file (own forked process).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SecretStoreError } from '../../src/core/errors.js';
import { systemClock } from '../../src/platform/clock-node.js';
import { resolvePaths } from '../../src/platform/paths.js';
import { openStateStore } from '../../src/store/state-store.js';
import { setKeychainProcessEnv } from '../helpers/keyring.js';

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

describe('keychain store with a dead D-Bus socket', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'awsid-deadbus-'));
    setKeychainProcessEnv({ DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-such-bus')}` });
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it('fails with a SecretStoreError naming the choices, and writes nothing', async () => {
    const store = await openStateStore({
      env: {},
      paths: resolvePaths({ HOME: home }),
      clock: systemClock,
    });
    // Nothing stored yet: reading needs no key.
    expect(await store.read()).toEqual({ version: 1, sessions: {} });
    const err = await store
      .update((s) => {
        s.sessions.corp = { startUrl: 'https://x/start', region: 'us-east-1', scopes: [] };
        return { state: s, result: 0 };
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretStoreError);
    expect((err as SecretStoreError).message).toMatch(
      /^the OS keychain \(Secret Service\) is not reachable: .*no-such-bus/,
    );
    expect((err as SecretStoreError).hint).toBe(
      'export AWSID_SECRET_STORE=passphrase && awsid login && awsid unlock   (the passphrase store; awsid unlock gives its key to the daemon), or start a Secret Service (gnome-keyring)',
    );
    expect(await store.probe().catch((e: unknown) => e)).toBeInstanceOf(SecretStoreError);
    expect(await exists(join(home, '.local'))).toBe(false);
  });
});
