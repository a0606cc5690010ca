/**
 * Another user plants the daemon's directory (or just its socket) in a shared runtime directory
 * and listens there as a fake daemon. No awsid command may connect to it (it would hand out its
 * own credentials and read every request); every command says why once and still works without
 * the daemon. docs/architecture.md, "Trust". The built CLI, the fake Identity Center, a real
 * gnome-keyring; the foreign owner needs root (CI runs as root).
 */
import { chown, mkdir, rm, symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { daemonAddress } from '../../src/daemon/socket-path.js';
import { resolvePaths } from '../../src/platform/paths.js';
import { CORP_CREDENTIAL_PROCESS as CP } from '../helpers/corp.js';
import { keychainSkipReason } from '../helpers/keyring.js';
import { startWorld, type World } from '../helpers/world.js';

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
const what = 'the untrusted runtime directory tests';
const needsRoot = isRoot ? undefined : 'planting a directory owned by another user needs root';
if (needsRoot) console.warn(`skipping ${what}: ${needsRoot}`);
const reason = keychainSkipReason(what) ?? needsRoot;

const ROLE = CP.slice(1);

describe.skipIf(reason !== undefined)('a daemon directory or socket that is not ours', () => {
  let w: World;
  let xdg: string;
  let env: Record<string, string>;
  let trap: Server | undefined;
  let connections = 0;

  beforeAll(async () => {
    w = await startWorld({ keychain: true });
    xdg = join(w.sb.tmp, 'xdg');
    await mkdir(xdg, { mode: 0o700 });
    env = { XDG_RUNTIME_DIR: xdg };
    expect((await w.sb.run(['login', '--sso-session', 'corp', '--no-browser'], env)).code).toBe(0);
  });
  afterAll(async () => w?.close());
  afterEach(async () => {
    await new Promise<void>((resolve) => (trap ? trap.close(() => resolve()) : resolve()));
    trap = undefined;
    await rm(join(xdg, 'awsid'), { recursive: true, force: true });
  });

  /** A listening fake daemon on the exact socket this world's awsid would use. */
  async function plantTrap(): Promise<string> {
    const all = { ...w.sb.env, ...env };
    const { socketPath } = daemonAddress(all, resolvePaths(all));
    trap = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => trap!.listen(socketPath, resolve));
    return socketPath;
  }

  async function everyCommandWorksWithoutIt(dirShown: string): Promise<void> {
    const cp = await w.sb.run(CP, env);
    expect(cp.code).toBe(0);
    expect(w.fake.issuedSecrets()).toContain(JSON.parse(cp.stdout).SecretAccessKey);
    expect(cp.stderr).toContain(`awsid: not using the awsid daemon: '${dirShown}'`);
    expect(cp.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);

    const exec = await w.sb.run(['exec', ...ROLE, '--', 'true'], env);
    expect(exec.code).toBe(0);
    const printed = await w.sb.run(['env', ...ROLE], env);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('AWS_SECRET_ACCESS_KEY');

    for (const action of ['status', 'stop', 'start']) {
      const r = await w.sb.run(['daemon', action], env);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(dirShown);
    }
    const doctor = await w.sb.run(['doctor', '--offline', '--json'], env);
    expect(doctor.stdout).toContain('daemon-untrusted');
    expect((await w.sb.run(['login', '--sso-session', 'corp', '--no-browser'], env)).code).toBe(0);
    expect(connections).toBe(0);
  }

  it('a directory owned by another user, with a listening socket in it, is never connected to', async () => {
    const dir = join(xdg, 'awsid');
    await mkdir(dir, { mode: 0o755 });
    await plantTrap();
    await chown(dir, NOBODY, NOBODY);
    await everyCommandWorksWithoutIt(dir);
  });

  it('a socket owned by another user in our own private directory is never connected to', async () => {
    const dir = join(xdg, 'awsid');
    await mkdir(dir, { mode: 0o700 });
    const socketPath = await plantTrap();
    await chown(socketPath, NOBODY, NOBODY);
    await everyCommandWorksWithoutIt(socketPath);
  });

  it('a symlink in place of the directory is never followed', async () => {
    const elsewhere = join(w.sb.tmp, 'elsewhere');
    await mkdir(elsewhere, { mode: 0o700 });
    await symlink(elsewhere, join(xdg, 'awsid'));
    await plantTrap();
    await everyCommandWorksWithoutIt(join(xdg, 'awsid'));
    await rm(elsewhere, { recursive: true, force: true });
  });
});
