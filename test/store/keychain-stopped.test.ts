/**
 * The keyring daemon stops after awsid has used it. D-Bus activation then starts a fresh,
 * empty gnome-keyring (no default collection): awsid must fail clearly and write nothing.
 * Own test file: libdbus keeps one session-bus connection per process.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SecretStoreError } from '../../src/core/errors.js';
import { systemClock } from '../../src/platform/clock-node.js';
import { resolvePaths } from '../../src/platform/paths.js';
import { openStateStore } from '../../src/store/state-store.js';
import {
  keychainSkipReason,
  setKeychainProcessEnv,
  startPrivateKeyring,
  type PrivateKeyring,
} from '../helpers/keyring.js';

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );
const reason = keychainSkipReason('stopped-keyring test');

describe.skipIf(reason)('keychain store after the keyring daemon stopped', () => {
  let kr: PrivateKeyring;
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'awsid-kcstop-'));
    setKeychainProcessEnv({
      XDG_DATA_HOME: join(scratch, 'activated-data'),
      XDG_CACHE_HOME: join(scratch, 'cache'),
    });
    kr = await startPrivateKeyring();
    setKeychainProcessEnv(kr.env);
  });
  afterAll(async () => {
    await kr?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('fails with a SecretStoreError naming the choices, and writes nothing', async () => {
    const open = (home: string) =>
      openStateStore({ env: {}, paths: resolvePaths({ HOME: home }), clock: systemClock });
    const before = await open(join(scratch, 'before'));
    await before.update((s) => {
      s.sessions.corp = { startUrl: 'https://x/start', region: 'us-east-1', scopes: [] };
      return { state: s, result: 0 };
    });

    await kr.stopKeyring();
    const home = join(scratch, 'after');
    const err = await (
      await open(home)
    )
      .update((s) => {
        s.sessions.corp = { startUrl: 'https://x/start', region: 'us-east-1', scopes: [] };
        return { state: s, result: 0 };
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretStoreError);
    expect((err as SecretStoreError).message).toMatch(/^the OS keychain \(Secret Service\) /);
    expect((err as SecretStoreError).hint).toMatch(
      /^export AWSID_SECRET_STORE=passphrase && awsid login && awsid unlock /,
    );
    expect(await exists(join(home, '.local', 'state', 'awsid', 'state.sealed'))).toBe(false);
  });
});
