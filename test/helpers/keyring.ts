/**
 * A real Secret Service for tests: a private D-Bus session bus plus an unlocked gnome-keyring
 * (`dbus-run-session`, then `gnome-keyring-daemon --unlock`). Nothing is shared with the user's own
 * session. `restart()` kills and restarts the keyring daemon on the same data dir (tokens must
 * survive).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateKeyring {
  /** Environment for child processes (and process.env): the private bus and data dir. */
  env: { DBUS_SESSION_BUS_ADDRESS: string; XDG_DATA_HOME: string };
  restart(): Promise<void>;
  stopKeyring(): Promise<void>;
  close(): Promise<void>;
  /** `secret-tool search --all` output for `attr=value`. */
  search(attr: string, value: string): string;
}

/** Why keyring tests cannot run here, or undefined when they can. */
function keyringUnavailableReason(): string | undefined {
  for (const bin of ['dbus-daemon', 'gnome-keyring-daemon', 'secret-tool']) {
    if (spawnSync('which', [bin]).status !== 0) {
      return `${bin} is not installed (apt-get install -y --no-install-recommends gnome-keyring libsecret-tools)`;
    }
  }
  return undefined;
}

/**
 * The one gate of every keychain test: undefined when the keyring tests can run; otherwise prints
 * why `what` is skipped and returns the reason for `describe.skipIf`. Under CI=true a missing
 * keyring throws instead (the test file fails): CI installs gnome-keyring (.ci/run), so a skip
 * there would hide a broken set-up.
 */
export function keychainSkipReason(what: string): string | undefined {
  const reason = keyringUnavailableReason();
  if (reason === undefined) return undefined;
  if (/^(1|true)$/i.test(process.env.CI ?? '')) {
    throw new Error(`${what} must run in CI (CI=${process.env.CI}), but ${reason}`);
  }
  console.warn(`skipping ${what}: ${reason}`);
  return reason;
}

/**
 * The one place a test changes its own process's environment, because nothing else reaches the
 * keychain library: @napi-rs/keyring talks D-Bus through native libdbus, which reads
 * DBUS_SESSION_BUS_ADDRESS (and D-Bus activation the XDG dirs) from the process environment, not
 * from an argument, and only once per process. So each file that calls this runs in its own
 * forked process (vitest.config.ts `pool: 'forks'`) and sets it once, before the first keychain
 * call; everything else (the CLI, the daemon, helpers) gets its env passed explicitly.
 */
export function setKeychainProcessEnv(vars: Record<string, string>): void {
  Object.assign(process.env, vars);
}

function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function readFirstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl).trim());
    });
    child.once('exit', (code) => reject(new Error(`dbus-daemon exited ${code}`)));
  });
}

export async function startPrivateKeyring(): Promise<PrivateKeyring> {
  const dir = await mkdtemp(join(tmpdir(), 'awsid-keyring-'));
  const bus = spawn(
    'dbus-daemon',
    ['--session', '--nofork', '--print-address=1', `--address=unix:path=${join(dir, 'bus')}`],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const address = await readFirstLine(bus);
  const env = { DBUS_SESSION_BUS_ADDRESS: address, XDG_DATA_HOME: join(dir, 'data') };
  let keyring: ChildProcess | undefined;

  const hasOwner = (): boolean => {
    const r = spawnSync(
      'dbus-send',
      [
        '--session',
        '--print-reply',
        '--dest=org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner',
        'string:org.freedesktop.secrets',
      ],
      { env: { ...process.env, ...env }, encoding: 'utf8' },
    );
    return r.stdout.includes('boolean true');
  };

  const startKeyring = async (): Promise<void> => {
    // --foreground: the daemonising form leaks daemons; --unlock reads the password on stdin.
    keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    keyring.stdin!.end('awsid-test-password');
    for (let i = 0; i < 200; i++) {
      if (hasOwner()) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('gnome-keyring-daemon did not claim org.freedesktop.secrets');
  };

  const stopKeyring = async (): Promise<void> => {
    if (!keyring) return;
    const k = keyring;
    keyring = undefined;
    k.kill('SIGTERM');
    await waitExit(k);
    for (let i = 0; i < 200 && hasOwner(); i++) await new Promise((r) => setTimeout(r, 10));
  };

  await startKeyring();
  return {
    env,
    restart: async () => {
      await stopKeyring();
      await startKeyring();
    },
    stopKeyring,
    close: async () => {
      await stopKeyring();
      bus.kill('SIGTERM');
      await waitExit(bus);
      await rm(dir, { recursive: true, force: true });
    },
    search: (attr, value) => {
      const r = spawnSync('secret-tool', ['search', '--all', attr, value], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
      return r.stdout + r.stderr;
    },
  };
}
