import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, utimes } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { NotLoggedInError } from '../../core/errors.js';
import type { RoleCredentials } from '../../core/model.js';
import { systemClock } from '../../platform/clock-node.js';
import { FakeClock } from '../../../test/helpers/fake-clock.js';
import { connectDaemon, probeDaemon, requestCredentials } from '../client/client.js';
import { ensureDaemon } from '../client/ensure-daemon.js';
import { daemonStatus, stopDaemon } from '../client/running-daemon.js';
import { createCredentialService } from '../../credentials/credential-service.js';
import {
  DaemonAlreadyRunningError,
  DaemonUnavailableError,
  SocketPathTooLongError,
  UnsafeSocketDirError,
} from '../errors.js';
import { encodeMessage, PROTOCOL_VERSION } from '../protocol/protocol.js';
import { type DaemonServer, startDaemonServer } from './server.js';
import { checkSocketPathLength } from '../socket-dir.js';
import { shellQuote } from '../../core/shell-quote.js';

const ref = { ssoSession: 'work', accountId: '111122223333', roleName: 'Admin' };
let tmp: string;
let runtimeDir: string;
let socketPath: string;
let servers: DaemonServer[];
let fetches: number;
let loggedIn: boolean;
const logLines: string[] = [];

/** Identity Center's side, answering at once: the AWS boundary, not awsid code. */
function service() {
  return createCredentialService({
    clock: systemClock,
    getAccessToken: async (session) => {
      await Promise.resolve();
      if (!loggedIn) {
        throw new NotLoggedInError(`the session '${session}' has ended`, {
          hint: `awsid login --sso-session ${session}`,
        });
      }
      return { accessToken: 'token-abc-123456', expiresAt: Date.now() + 3_600_000 };
    },
    fetchRoleCredentials: async (): Promise<RoleCredentials> => {
      fetches += 1;
      await new Promise((r) => setTimeout(r, 20));
      return {
        accessKeyId: `ASIATEST${fetches}`,
        secretAccessKey: `s3cr3t-${fetches}-xxxxxxxxxxxx`,
        sessionToken: `sessiontoken-${fetches}-yyyyyyyy`,
        expiration: Date.UTC(2099, 0, 1, 12, 0, 0, 345),
      };
    },
  });
}

async function start(version = '1.0.0', idleMs = 60_000, watchMs = 30_000): Promise<DaemonServer> {
  const server = await startDaemonServer({
    socketPath,
    version,
    world: 'test-world',
    service: service(),
    clock: systemClock,
    idleMs,
    watchMs,
    log: (line) => logLines.push(line),
  });
  servers.push(server);
  return server;
}

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'awsid-daemon-'));
  runtimeDir = join(tmp, 'run');
  socketPath = join(runtimeDir, 'daemon.sock');
  servers = [];
  fetches = 0;
  loggedIn = true;
  logLines.length = 0;
});

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(tmp, { recursive: true, force: true });
});

/** Connects as soon as the socket accepts, sends hello, resolves with the reply line (or ''). */
function helloAsSoonAsListening(path: string): Promise<string> {
  const hello = encodeMessage({ v: PROTOCOL_VERSION, id: 1, method: 'hello', params: {} });
  return new Promise((resolve) => {
    const attempt = () => {
      const socket = createConnection(path);
      socket.once('error', () => setImmediate(attempt));
      socket.once('connect', () => {
        socket.write(hello);
        const timer = setTimeout(() => {
          socket.destroy();
          resolve('');
        }, 2_000);
        socket.once('data', (d) => {
          clearTimeout(timer);
          socket.destroy();
          resolve(d.toString());
        });
      });
    };
    attempt();
  });
}

describe('daemon server and client over a real Unix socket', () => {
  it('answers a client that connects the moment the socket accepts (cold-start pollers)', async () => {
    await mkdir(runtimeDir, { recursive: true, mode: 0o700 });
    for (let round = 0; round < 10; round++) {
      const answers = Array.from({ length: 5 }, () => helloAsSoonAsListening(socketPath));
      const server = await start();
      expect((await Promise.all(answers)).every((a) => a.includes('"version":"1.0.0"'))).toBe(true);
      await server.close();
      servers.splice(servers.indexOf(server), 1);
    }
  });

  it('creates a 0700 directory, a 0600 socket and a pid file, and answers hello and getCredentials', async () => {
    const server = await start();
    expect((await stat(runtimeDir)).mode & 0o777).toBe(0o700);
    expect((await stat(socketPath)).mode & 0o777).toBe(0o600);
    expect((await readFile(join(runtimeDir, 'daemon-test-world.pid'), 'utf8')).trim()).toBe(
      String(server.pid),
    );
    const connection = await connectDaemon(socketPath, { clientVersion: '1.0.0' });
    expect(connection.daemon).toMatchObject({ version: '1.0.0', pid: server.pid, protocol: 1 });
    const creds = await requestCredentials(connection, ref);
    expect(creds.accessKeyId).toBe('ASIATEST1');
    connection.close();
    const status = await daemonStatus(socketPath);
    expect(status?.service.cached).toHaveLength(1);
    expect(JSON.stringify(status)).not.toContain('s3cr3t');
    expect(logLines.join('\n')).not.toMatch(/s3cr3t|sessiontoken|token-abc/);
  });

  it('shares one fetch among 200 concurrent clients on separate connections', async () => {
    await start();
    const results = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const connection = await connectDaemon(socketPath, { timeoutMs: 5_000 });
        try {
          return await requestCredentials(connection, ref);
        } finally {
          connection.close();
        }
      }),
    );
    expect(fetches).toBe(1);
    expect(new Set(results.map((c) => c.accessKeyId)).size).toBe(1);
  });

  it("passes the daemon's error through with its class, hint and exit code", async () => {
    loggedIn = false;
    await start();
    const connection = await connectDaemon(socketPath);
    const error = await requestCredentials(connection, ref).catch((e: unknown) => e);
    connection.close();
    expect(error).toBeInstanceOf(NotLoggedInError);
    expect(error).toMatchObject({ exitCode: 3, hint: 'awsid login --sso-session work' });
  });

  it('refuses a second daemon, naming the running one', async () => {
    const first = await start();
    const error = await start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DaemonAlreadyRunningError);
    expect((error as Error).message).toContain(`pid ${first.pid}`);
    // The first one is untouched.
    expect((await probeDaemon(socketPath)).state).toBe('running');
    expect(existsSync(join(runtimeDir, 'daemon-test-world.pid'))).toBe(true);
  });

  it('refuses to start beside a daemon in another process', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', childDaemonScript(socketPath)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('READY') && resolve());
        child.on('exit', (code) => reject(new Error(`child daemon exited with ${code}`)));
      });
      const error = await start().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DaemonAlreadyRunningError);
      expect((error as Error).message).toContain(`pid ${child.pid}`);
      expect(await stopDaemon(socketPath)).toBe(child.pid);
      await new Promise((resolve) => child.on('exit', resolve));
      expect(existsSync(socketPath)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a paused daemon (SIGSTOP) keeps its pid file: a new one refuses and deletes nothing', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', childDaemonScript(socketPath)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const pidFile = join(runtimeDir, 'daemon-test-world.pid');
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('READY') && resolve());
        child.on('exit', (code) => reject(new Error(`child daemon exited with ${code}`)));
      });
      // Long past start-up, so only the silent socket tells a paused daemon from pid reuse.
      const old = new Date(Date.now() - 60_000);
      await utimes(pidFile, old, old);
      child.kill('SIGSTOP');
      const error = await start().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DaemonAlreadyRunningError);
      expect((await readFile(pidFile, 'utf8')).trim()).toBe(String(child.pid));
      child.kill('SIGCONT');
      expect(await stopDaemon(socketPath)).toBe(child.pid);
    } finally {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
  });

  it('removes the stale socket and pid file of a daemon killed with SIGKILL', async () => {
    await mkdir(runtimeDir, { mode: 0o700 });
    const script = `const s=require('net').createServer();s.listen(${JSON.stringify(socketPath)},()=>{require('fs').writeFileSync(${JSON.stringify(join(runtimeDir, 'daemon-test-world.pid'))},process.pid+'\\n');process.kill(process.pid,'SIGKILL')})`;
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    await new Promise((resolve) => child.on('exit', resolve));
    expect(existsSync(socketPath)).toBe(true);
    expect((await probeDaemon(socketPath)).state).toBe('stale');
    const server = await start();
    expect((await probeDaemon(socketPath)).state).toBe('running');
    expect((await readFile(join(runtimeDir, 'daemon-test-world.pid'), 'utf8')).trim()).toBe(
      String(server.pid),
    );
  });

  it('refuses a runtime directory with group or other permissions, naming the fix', async () => {
    await mkdir(runtimeDir, { mode: 0o755 });
    await chmod(runtimeDir, 0o755);
    const error = await start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsafeSocketDirError);
    expect((error as UnsafeSocketDirError).message).toContain(runtimeDir);
    expect((error as UnsafeSocketDirError).hint).toBe(`chmod 700 ${shellQuote(runtimeDir)}`);
    expect(existsSync(socketPath)).toBe(false);
    // Left as it was: we do not chmod a directory we did not create.
    expect((await stat(runtimeDir)).mode & 0o777).toBe(0o755);
  });

  it('refuses a socket path longer than sun_path allows', () => {
    const long = `/tmp/${'x'.repeat(120)}/daemon.sock`;
    expect(() => checkSocketPathLength(long, 'linux')).toThrow(SocketPathTooLongError);
    const between = `/tmp/${'x'.repeat(100)}`; // 105 bytes: too long for macOS, fine for Linux
    expect(() => checkSocketPathLength(between, 'darwin')).toThrow(/at most 103/);
    expect(() => checkSocketPathLength(between, 'linux')).not.toThrow();
    expect(() => checkSocketPathLength('\\\\.\\pipe\\awsid-me', 'win32')).not.toThrow();
  });

  it('shuts itself down when idle, removing its socket and pid file', async () => {
    const server = await start('1.0.0', 200);
    const connection = await connectDaemon(socketPath);
    await requestCredentials(connection, ref);
    connection.close();
    expect(await server.closed).toMatch(/idle/);
    expect(existsSync(socketPath)).toBe(false);
    expect(existsSync(join(runtimeDir, 'daemon-test-world.pid'))).toBe(false);
  });

  it('exits after 5 idle minutes when it never served credentials, after the full idle time once it did', async () => {
    const clock = new FakeClock({ start: Date.now(), sleeps: 'manual' });
    const begin = async () => {
      const server = await startDaemonServer({
        socketPath,
        version: '1.0.0',
        world: 'test-world',
        service: service(),
        clock,
        idleMs: 60 * 60_000,
        watchMs: 10 * 60_000,
        log: () => {},
      });
      servers.push(server);
      let reason: string | undefined;
      void server.closed.then((r) => (reason = r));
      return { server, reason: () => reason };
    };
    // Nothing served: gone once 5 minutes pass without a request.
    const idle = await begin();
    await clock.tick(5 * 60_000);
    await expect.poll(idle.reason).toMatch(/^idle for 300000 ms without serving credentials$/);

    // Served once: 5 minutes later it is still there (back asleep), and leaves after 60.
    const used = await begin();
    const connection = await connectDaemon(socketPath);
    await requestCredentials(connection, ref);
    connection.close();
    await clock.tick(5 * 60_000);
    await expect.poll(() => clock.pendingTimers).toBe(1);
    expect(used.reason()).toBeUndefined();
    for (let i = 0; i < 6 && used.reason() === undefined; i++) {
      await clock.tick(10 * 60_000);
      await expect.poll(() => used.reason() !== undefined || clock.pendingTimers === 1).toBe(true);
    }
    expect(used.reason()).toBe('idle for 3600000 ms');
  });

  it('shuts down when its socket file is removed (runtime dir cleaned at logout)', async () => {
    const server = await start('1.0.0', 60_000, 50);
    await rm(socketPath);
    expect(await server.closed).toBe('socket file removed');
    expect(existsSync(join(runtimeDir, 'daemon-test-world.pid'))).toBe(false);
  });

  it('stops on a shutdown request after answering it', async () => {
    const server = await start();
    expect(await stopDaemon(socketPath)).toBe(server.pid);
    expect(await server.closed).toBe('shutdown request');
    expect(await stopDaemon(socketPath)).toBeUndefined();
  });

  it('replaces a daemon of another version: shutdown, then one relaunch', async () => {
    const old = await start('0.9.0');
    let spawned = 0;
    const connection = await ensureDaemon({
      socketPath,
      world: 'test-world',
      version: '1.0.0',
      clock: systemClock,
      spawnDaemon: () => {
        spawned += 1;
        // A new process starts after the old one has let go (its pid file goes right after its
        // socket); in one test process that order has to be spelled out.
        void old.closed.then(() => start('1.0.0'));
      },
    });
    expect(await old.closed).toBe('shutdown request');
    expect(spawned).toBe(1);
    expect(connection.daemon.version).toBe('1.0.0');
    expect((await requestCredentials(connection, ref)).accessKeyId).toBe('ASIATEST1');
    connection.close();
  });

  it('starts one daemon for 50 cold callers at once', async () => {
    let spawned = 0;
    const spawnDaemon = () => {
      spawned += 1;
      void start('1.0.0');
    };
    const connections = await Promise.all(
      Array.from({ length: 50 }, () =>
        ensureDaemon({
          socketPath,
          world: 'test-world',
          version: '1.0.0',
          clock: systemClock,
          spawnDaemon,
        }),
      ),
    );
    expect(spawned).toBe(1);
    const creds = await Promise.all(connections.map((c) => requestCredentials(c, ref)));
    expect(new Set(creds.map((c) => c.accessKeyId)).size).toBe(1);
    expect(fetches).toBe(1);
    for (const c of connections) c.close();
  });

  it('gives DaemonUnavailableError when the daemon cannot be started', async () => {
    const error = await ensureDaemon({
      socketPath,
      world: 'test-world',
      version: '1.0.0',
      clock: systemClock,
      spawnDaemon: () => {},
      startTimeoutMs: 300,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DaemonUnavailableError);
  });
});

/** A daemon in its own process (so it has another pid), started through tsx from the sources. */
function childDaemonScript(path: string): string {
  const dir = new URL('.', import.meta.url).pathname;
  return `
    const { startDaemonServer } = await import(${JSON.stringify(join(dir, 'server.ts'))});
    const { createCredentialService } = await import(${JSON.stringify(join(dir, '../../credentials/credential-service.ts'))});
    const { systemClock } = await import(${JSON.stringify(join(dir, '../../platform/clock-node.ts'))});
    const service = createCredentialService({
      clock: systemClock,
      getAccessToken: async () => ({ accessToken: 't', expiresAt: Date.now() + 3600000 }),
      fetchRoleCredentials: async () => { throw new Error('not used'); },
    });
    const server = await startDaemonServer({ socketPath: ${JSON.stringify(path)}, version: 'child', world: 'test-world',
      service, clock: systemClock, idleMs: 60000, log: () => {} });
    process.stdout.write('READY\\n');
    await server.closed;
  `;
}
