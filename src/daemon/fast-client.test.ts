import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { NotLoggedInError } from '../core/errors.js';
import { systemClock } from '../platform/clock-node.js';
import { resolvePaths } from '../platform/paths.js';
import { createCredentialService } from './credential-cache.js';
import { parseFastArgs, runFastCredentialProcess } from './fast-client.js';
import { type DaemonServer, startDaemonServer } from './server.js';
import { socketPathFor } from './socket-path.js';

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
    socketPath: socketPathFor(resolvePaths(env), process.platform),
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

  it('leaves everything else to the full CLI', () => {
    expect(parseFastArgs(['credential-process', '--profile', 'dev'])).toBeUndefined();
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
      "awsid: the session 'work' has ended\n  run: awsid login --sso-session work\n",
    );
    expect(io.out()).toBe('');
  });

  it('falls back when no daemon runs, when it is another version, or for --profile', async () => {
    const io = captureIO();
    expect(await runFastCredentialProcess(argv, env, '1.0.0', io)).toBe('fallback');
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
    expect(await runFastCredentialProcess(argv, env, '1.0.0', io)).toBe('fallback');
  });
});

/** The entry the lead can ship (see the report): the test bundles and runs the same text. */
const ENTRY = `
import { runFastCredentialProcess } from './fast-client.js';
const code = await runFastCredentialProcess(process.argv.slice(2), process.env, process.env.AWSID_TEST_VERSION ?? '', process);
if (code === 'fallback') process.exitCode = 99;
else process.exitCode = code;
`;

describe('fast client bundled with esbuild, as a real child process', () => {
  let bundle: string;
  let inputs: string[];

  beforeEach(async () => {
    bundle = join(tmp, 'fast.mjs');
    const result = await build({
      stdin: { contents: ENTRY, resolveDir: here, sourcefile: 'entry.ts', loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: bundle,
      metafile: true,
      absWorkingDir: join(here, '..'),
      logLevel: 'silent',
    });
    inputs = Object.keys(result.metafile.inputs);
  });

  function run(args: string[]) {
    const child = spawn(process.execPath, [bundle, ...args], {
      env: { ...env, PATH: process.env.PATH ?? '', AWSID_TEST_VERSION: '1.0.0' },
      // stdin is a pipe nobody closes, as the JS SDK does (protocol sheet §6.2): must not hang.
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
      'daemon/credential-process-output.ts',
      'daemon/entry.ts',
      'daemon/fast-client.ts',
      'daemon/protocol.ts',
      'daemon/socket-path.ts',
      'platform/current-process.ts',
      'platform/paths.ts',
    ]);
  });

  it('prints credentials from a live daemon and exits 0 without reading stdin', async () => {
    await startDaemon();
    const r = await run(argv);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ Version: 1, Expiration: '2099-01-01T12:00:00Z' });
  });

  it('reports fallback when no daemon answers', async () => {
    await mkdir(runtimeDir, { recursive: true, mode: 0o700 });
    const r = await run(argv);
    expect(r.code).toBe(99);
    expect(r.out).toBe('');
  });
});
