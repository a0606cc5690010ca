/**
 * A D-Bus peer that accepts the connection and never answers. @napi-rs/keyring then blocks in
 * libdbus for its 25 s reply timeout (measured); awsid must give up on its own bound instead.
 * Own test file: libdbus reads the bus address once per process.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
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

describe('keychain store with a D-Bus peer that never answers', () => {
  let home: string;
  let server: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'awsid-hungbus-'));
    server = createServer((s) => sockets.push(s));
    const path = join(home, 'silent-bus');
    await new Promise<void>((resolve) => server.listen(path, resolve));
    setKeychainProcessEnv({ DBUS_SESSION_BUS_ADDRESS: `unix:path=${path}` });
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
    await rm(home, { recursive: true, force: true });
  });

  it('gives up with a SecretStoreError (its own timeout), and writes nothing', async () => {
    const store = await openStateStore({
      env: {},
      paths: resolvePaths({ HOME: join(home, 'h') }),
      clock: systemClock,
    });
    const err = await store.probe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretStoreError);
    expect((err as SecretStoreError).message).toBe(
      'the OS keychain (Secret Service) is not reachable: no answer within 3 s',
    );
    expect(sockets.length).toBeGreaterThan(0);
    expect(await exists(join(home, 'h'))).toBe(false);
  });
});
