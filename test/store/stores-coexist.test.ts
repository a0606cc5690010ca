/**
 * The keychain and passphrase stores coexist in one state directory: a shell without the
 * desktop's keychain (an SSH session) that follows the error's hint to the passphrase store logs
 * in there without touching the keychain's logins, and back on the desktop they still work.
 * End to end with the built CLI, a real gnome-keyring and the fake Identity Center.
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CliResult } from '../helpers/cli.js';
import { CORP_CREDENTIAL_PROCESS as CP } from '../helpers/corp.js';
import { keychainSkipReason } from '../helpers/keyring.js';
import { startWorld, type World } from '../helpers/world.js';

function expectCredentials(r: CliResult): void {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1 });
}

const reason = keychainSkipReason('the two-stores test');

describe.skipIf(reason)('the keychain and passphrase stores side by side', () => {
  let world: World;
  /** The SSH shell: no reachable keychain on its own bus; the desktop's bus in its runtime dir. */
  let ssh: Record<string, string>;
  let stateDir: string;

  beforeAll(async () => {
    world = await startWorld({
      keychain: true,
      fake: { person: { kind: 'approve', afterPolls: 0 } },
    });
    const { sb, kr } = world;
    stateDir = join(sb.home, '.local/state/awsid');
    // The private keyring's bus is `<dir>/bus`: the layout of $XDG_RUNTIME_DIR/bus.
    const desktopBus = /^unix:path=([^,]+)/.exec(kr!.env.DBUS_SESSION_BUS_ADDRESS)![1]!;
    ssh = {
      SSH_CONNECTION: '192.0.2.10 50000 192.0.2.20 22',
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(sb.tmp, 'no-such-bus')}`,
      XDG_RUNTIME_DIR: dirname(desktopBus),
    };
  });
  afterAll(async () => {
    await world?.sb.run(['daemon', 'stop'], { ...ssh, AWSID_SECRET_STORE: 'passphrase' });
    await world?.close();
  });

  it('keep each other’s logins, and the SSH hint names the desktop bus and this shell', async () => {
    const { sb, kr } = world;
    expect((await sb.run(['login', '--no-browser'])).code).toBe(0);
    expectCredentials(await sb.run(CP));

    const away = await sb.run(['status'], ssh);
    expect(away.code).toBe(6);
    const bus = /^unix:path=([^,]+)/.exec(kr!.env.DBUS_SESSION_BUS_ADDRESS)![1]!;
    expect(away.stderr).toContain('(the passphrase store, for this shell only:');
    expect(away.stderr).toContain(`export DBUS_SESSION_BUS_ADDRESS=unix:path=${bus}\n`);

    // This shell only: the store and passphrase in its environment, nothing in a file.
    const passphrase = { ...ssh, AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'over ssh' };
    const login = await sb.run(['login', '--no-browser'], passphrase);
    expect(login.stderr).not.toContain('moved it aside');
    expect(login.code).toBe(0);
    expectCredentials(await sb.run(CP, passphrase));

    // Back on the desktop: the keychain's login is still there, and so is the other.
    await sb.run(['daemon', 'stop']);
    expectCredentials(await sb.run(CP));
    const status = await sb.run(['status']);
    expect(status.code).toBe(0);
    await sb.run(['daemon', 'stop'], passphrase);
    expectCredentials(await sb.run(CP, passphrase));
    expect((await readdir(stateDir)).filter((f) => f.includes('.sealed')).sort()).toEqual([
      'state-passphrase.sealed',
      'state.sealed',
    ]);
  }, 120_000);
});
