import { spawn } from 'node:child_process';
import { access, chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { NotLoggedInError } from '../../core/errors.js';
import { systemClock } from '../../platform/clock-node.js';
import { resolvePaths } from '../../platform/paths.js';
import { createCredentialService } from '../../credentials/credential-service.js';
import { parseFastArgs, parseRoleArgs, runFastCredentialProcess } from './fast-client.js';
import { type DaemonServer, startDaemonServer } from '../server/server.js';
import { daemonAddress } from '../socket-path.js';

const argv = [
  'credential-process',
  '--sso-session',
  'work',
  '--account-id',
  '111122223333',
  '--role-name',
  'Admin',
];
const here = new URL('.', import.meta.url).pathname;
let tmp: string;
let env: Record<string, string>;
let runtimeDir: string;
let servers: DaemonServer[];
let loggedIn: boolean;

function captureIO() {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    out: () => out,
    err: () => err,
  };
}

async function startDaemon(version = '1.0.0'): Promise<DaemonServer> {
  const service = createCredentialService({
    clock: systemClock,
    getAccessToken: async (session) => {
      await Promise.resolve();
      if (!loggedIn) {
        throw new NotLoggedInError(`the session '${session}' has ended`, {
          hint: `awsid login --sso-session ${session}`,
        });
      }
      return { accessToken: 'token', expiresAt: Date.now() + 3_600_000 };
    },
    // Identity Center's answer (the AWS boundary): fixed, with a millisecond part to drop.
    fetchRoleCredentials: () =>
      Promise.resolve({
        accessKeyId: 'ASIAFASTPATH',
        secretAccessKey: 'secret-key-value',
        sessionToken: 'session-token-value',
        expiration: Date.UTC(2099, 0, 1, 12, 0, 0, 789),
      }),
  });
  const server = await startDaemonServer({
    ...daemonAddress(env, resolvePaths(env)),
    version,
    service,
    clock: systemClock,
    idleMs: 60_000,
    log: () => {},
  });
  servers.push(server);
  return server;
}

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'awsid-fast-'));
  env = { HOME: tmp, XDG_RUNTIME_DIR: tmp };
  runtimeDir = resolvePaths(env).runtimeDir;
  servers = [];
  loggedIn = true;
});

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(tmp, { recursive: true, force: true });
});

describe('parseFastArgs', () => {
  it('takes the three flags in any order, with or without =, and --auto-login', () => {
    expect(parseFastArgs(argv)).toEqual({
      ssoSession: 'work',
      accountId: '111122223333',
      roleName: 'Admin',
    });
    expect(
      parseFastArgs([
        'credential-process',
        '--role-name=Admin',
        '--auto-login',
        '--account-id=111122223333',
        '--sso-session=work',
      ]),
    ).toEqual({
      ssoSession: 'work',
      accountId: '111122223333',
      roleName: 'Admin',
      autoLogin: true,
    });
  });

  it('takes a value starting with - in the --flag=value form only', () => {
    const base = ['credential-process', '--sso-session=work', '--account-id=111122223333'];
    expect(parseFastArgs([...base, '--role-name=--auto-login'])).toEqual({
      ssoSession: 'work',
      accountId: '111122223333',
      roleName: '--auto-login',
    });
    expect(parseFastArgs([...base, '--role-name=-x'])).toMatchObject({ roleName: '-x' });
    expect(parseFastArgs([...base, '--role-name', '-x'])).toBeUndefined();
  });

  it('takes --profile alone (the daemon reads it), never with the three flags', () => {
    expect(parseFastArgs(['credential-process', '--profile', 'dev'])).toEqual({ profile: 'dev' });
    expect(parseFastArgs(['credential-process', '--auto-login', '--profile=-p'])).toEqual({
      profile: '-p',
      autoLogin: true,
    });
    expect(parseFastArgs(['credential-process', '--profile', 'dev', '--role-name=R'])).toBe(
      undefined,
    );
    expect(parseFastArgs(['credential-process', '--profile', '-p'])).toBeUndefined();
    expect(parseFastArgs(['credential-process', '--profile='])).toBeUndefined();
  });

  it('never takes the role from AWS_PROFILE: a bare line is left to the full CLI, which refuses it', () => {
    const withProfile = { AWS_PROFILE: 'dev' };
    expect(parseFastArgs(['credential-process'], withProfile)).toBeUndefined();
    expect(parseFastArgs(['credential-process', '--auto-login'], withProfile)).toBeUndefined();
    expect(parseFastArgs(['credential-process', '--profile', 'p'], withProfile)).toEqual({
      profile: 'p',
    });
    expect(parseFastArgs(argv, withProfile)).toEqual(parseFastArgs(argv));
    expect(parseFastArgs(['credential-process', '--role-name=R'], withProfile)).toBeUndefined();
    expect(parseFastArgs(['credential-process'])).toBeUndefined();
  });

  it("exec's and env's role flags take AWS_PROFILE when none is given; flags win", () => {
    const withProfile = { AWS_PROFILE: 'dev' };
    expect(parseRoleArgs([], withProfile)).toEqual({ profile: 'dev' });
    expect(parseRoleArgs(['--auto-login'], withProfile)).toEqual({
      profile: 'dev',
      autoLogin: true,
    });
    expect(parseRoleArgs(['--profile', 'p'], withProfile)).toEqual({ profile: 'p' });
    expect(parseRoleArgs(argv.slice(1), withProfile)).toEqual(parseFastArgs(argv));
    // One role flag is an explicit choice: the full CLI says which ones are missing.
    expect(parseRoleArgs(['--role-name=R'], withProfile)).toBeUndefined();
    expect(parseRoleArgs([], { AWS_PROFILE: '' })).toBeUndefined();
    expect(parseRoleArgs([])).toBeUndefined();
  });

  it('leaves a malformed account id to the full CLI, which names it', () => {
    const [cmd, s, session, a, , r, role] = argv;
    for (const id of ['12345', '1111222233334', '11112222333a', '-11122223333'])
      expect(parseFastArgs([cmd!, s!, session!, `${a}=${id}`, r!, role!])).toBeUndefined();
  });

  it('leaves everything else to the full CLI', () => {
    expect(parseFastArgs(argv.slice(0, 5))).toBeUndefined();
    expect(parseFastArgs([...argv, '--debug'])).toBeUndefined();
    expect(parseFastArgs([...argv, '--role-name', 'Other'])).toBeUndefined();
    expect(
      parseFastArgs(['credential-process', '--sso-session', '--account-id', 'x']),
    ).toBeUndefined();
    expect(parseFastArgs(['login', ...argv.slice(1)])).toBeUndefined();
  });
});

describe('runFastCredentialProcess', () => {
  it('prints the Version 1 document from a live daemon', async () => {
    await startDaemon();
    const io = captureIO();
    expect(await runFastCredentialProcess(argv, env, '1.0.0', io)).toBe(0);
    expect(io.out().endsWith('\n')).toBe(true);
    expect(JSON.parse(io.out())).toEqual({
      Version: 1,
      AccessKeyId: 'ASIAFASTPATH',
      SecretAccessKey: 'secret-key-value',
      SessionToken: 'session-token-value',
      Expiration: '2099-01-01T12:00:00Z',
    });
    expect(io.err()).toBe('');
  });

  it('prints the daemon error as main would and exits with its code', async () => {
    loggedIn = false;
    await startDaemon();
    const io = captureIO();
    expect(await runFastCredentialProcess(argv, env, '1.0.0', io)).toBe(3);
    expect(io.err()).toBe(
      "awsid: the session 'work' has ended; run: awsid login --sso-session work\n",
    );
    expect(io.out()).toBe('');
  });

  it('falls back when no daemon runs, when it is another version, or for --profile', async () => {
    const io = captureIO();
    const noStart = { startDaemon: null };
    expect(await runFastCredentialProcess(argv, env, '1.0.0', io, noStart)).toBe('fallback');
    await startDaemon('0.9.0');
    expect(await runFastCredentialProcess(argv, env, '1.0.0', io)).toBe('fallback');
    expect(
      await runFastCredentialProcess(['credential-process', '--profile', 'p'], env, '0.9.0', io),
    ).toBe('fallback');
    expect(io.out() + io.err()).toBe('');
  });

  it('falls back rather than talk to a socket in a directory others can write', async () => {
    await startDaemon();
    await chmod(runtimeDir, 0o777);
    const io = captureIO();
    const launches: string[] = [];
    const launch = () => {
      launches.push('launch');
      return Promise.resolve({ exited: () => false });
    };
    expect(await runFastCredentialProcess(argv, env, '1.0.0', io, { startDaemon: launch })).toBe(
      'fallback',
    );
    expect(launches).toEqual([]);
  });
});

describe('cold start: no daemon answers', () => {
  it('one of many parallel callers launches the daemon; all get credentials from it', async () => {
    let launches = 0;
    const launch = () => {
      launches += 1;
      // The daemon takes a while to come up, as a real one loading the full CLI does.
      setTimeout(() => void startDaemon(), 150);
      return Promise.resolve({ exited: () => false });
    };
    const ios = Array.from({ length: 8 }, () => captureIO());
    const codes = await Promise.all(
      ios.map((io) => runFastCredentialProcess(argv, env, '1.0.0', io, { startDaemon: launch })),
    );
    expect(codes).toEqual(ios.map(() => 0));
    expect(launches).toBe(1);
    for (const io of ios) expect(JSON.parse(io.out())).toMatchObject({ Version: 1 });
    // The launcher released the spawn lock.
    await expect(access(join(runtimeDir, 'spawn.lock'))).rejects.toThrow();
  });

  it('creates a missing runtime directory 0700 before launching', async () => {
    const launch = () => {
      setTimeout(() => void startDaemon(), 50);
      return Promise.resolve({ exited: () => false });
    };
    const io = captureIO();
    expect(await runFastCredentialProcess(argv, env, '1.0.0', io, { startDaemon: launch })).toBe(0);
    expect((await stat(runtimeDir)).mode & 0o777).toBe(0o700);
  });

  it('falls back at once when the launched daemon exits, and on the time bound', async () => {
    const io = captureIO();
    const exitedAtOnce = () => Promise.resolve({ exited: () => true });
    expect(
      await runFastCredentialProcess(argv, env, '1.0.0', io, { startDaemon: exitedAtOnce }),
    ).toBe('fallback');
    const hangs = () => Promise.resolve({ exited: () => false });
    expect(
      await runFastCredentialProcess(argv, env, '1.0.0', io, {
        startDaemon: hangs,
        startTimeoutMs: 100,
      }),
    ).toBe('fallback');
    expect(io.out() + io.err()).toBe('');
  });
});

/**
 * The shipped entry (src/bin/fast-credential-process.ts) bundled as scripts/build.mjs does it
 * (CommonJS, for bin/awsid.js), run the way bin/awsid.js runs it. On a cold start it launches
 * `/nonexistent/awsid.js`, which exits at once, so the client falls back without waiting.
 */
const ENTRY = `
const { runFast } = require('../../bin/fast-credential-process.ts');
runFast(process.argv.slice(2), '/nonexistent/awsid.js').then((code) => {
  if (process.env.AWSID_TEST_MODULES) process.stderr.write(JSON.stringify(process.moduleLoadList));
  process.exitCode = code === 'fallback' ? 99 : code;
});
`;

describe('fast client bundled with esbuild, as a real child process', () => {
  let bundle: string;
  let inputs: string[];

  beforeEach(async () => {
    bundle = join(tmp, 'fast.cjs');
    const result = await build({
      stdin: { contents: ENTRY, resolveDir: here, sourcefile: 'entry.ts', loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      define: { AWSID_VERSION: JSON.stringify('1.0.0') },
      outfile: bundle,
      metafile: true,
      absWorkingDir: join(here, '../..'),
      logLevel: 'silent',
    });
    inputs = Object.keys(result.metafile.inputs);
  });

  function run(args: string[], extraEnv: Record<string, string> = {}) {
    const child = spawn(process.execPath, [bundle, ...args], {
      env: { ...env, PATH: process.env.PATH ?? '', ...extraEnv },
      // stdin is a pipe nobody closes, as the JS SDK's is: must not hang.
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    return new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
      child.on('close', (code) => resolve({ code, out, err })),
    );
  }

  it('pulls in only the tiny modules: no SDK, no yargs, nothing else of awsid', () => {
    expect(inputs.sort()).toEqual([
      'bin/fast-credential-process.ts',
      'core/account-id.ts',
      'core/errors.ts',
      'core/hints.ts',
      'core/option-table.ts',
      'core/role-options.ts',
      'core/shell-quote.ts',
      'core/terminal-text.ts',
      'credentials/credential-process-output.ts',
      // The one client core the full CLI uses too, and its DaemonUnavailableError.
      'daemon/client/connection.ts',
      'daemon/client/entry.ts',
      'daemon/client/fast-client.ts',
      'daemon/client/fast-exchange.ts',
      'daemon/client/fast-prompt.ts',
      'daemon/client/fast-start.ts',
      'daemon/client/fast-unlock.ts',
      'daemon/client/start-and-wait.ts',
      'daemon/client/world-cap.ts',
      'daemon/errors.ts',
      'daemon/protocol/login-notice.ts',
      'daemon/protocol/protocol.ts',
      'daemon/socket-path.ts',
      'daemon/spawn-lock-path.ts',
      'daemon/world.ts',
      'platform/current-process.ts',
      'platform/daemon-env.ts',
      'platform/desktop-notify.ts',
      'platform/file-lock-sync.ts',
      'platform/io-timeout.ts',
      'platform/launch-daemon.ts',
      'platform/lock-record.ts',
      'platform/login-environment.ts',
      'platform/paths.ts',
      'platform/private-dir.ts',
      'platform/process-alive.ts',
      // Only for a locked daemon and a caller with AWSID_PASSPHRASE (fast-unlock.ts, imported lazily).
      'store/passphrase-kdf.ts',
      'store/seal.ts',
    ]);
  });

  it('prints credentials from a live daemon and exits 0 without reading stdin', async () => {
    await startDaemon();
    const r = await run(argv);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ Version: 1, Expiration: '2099-01-01T12:00:00Z' });
  });

  it('a warm call loads neither node:child_process nor node:fs/promises', async () => {
    await startDaemon();
    const r = await run(argv, { AWSID_TEST_MODULES: '1' });
    expect(r.code).toBe(0);
    const loaded = JSON.parse(r.err) as string[];
    expect(loaded).toContain('NativeModule net');
    // fs/promises alone would load ~20 internal modules (streams, readline) on every call.
    expect(loaded).not.toContain('NativeModule child_process');
    expect(loaded).not.toContain('NativeModule fs/promises');
    // node:crypto is loaded for the world's SHA-256 (world.ts, ~0.3 ms); fast-unlock.ts, which
    // derives a passphrase key, is imported only for a locked daemon.
  });

  it('reports fallback when no daemon answers and the launched one dies', async () => {
    await mkdir(runtimeDir, { recursive: true, mode: 0o700 });
    const r = await run(argv);
    expect(r.code).toBe(99);
    expect(r.out).toBe('');
  });
});
