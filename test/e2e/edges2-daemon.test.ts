/**
 * `awsid daemon start --idle-minutes N` reaches the daemon it starts and is checked first;
 * `awsid daemon stop` returns only once the daemon's process is gone; a reader that closes the
 * pipe early (`awsid ... | head -1`) gets no stack trace. The built CLI, the fake Identity Center,
 * the memory store, real shells and pipes.
 */
import { spawn } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { awsidBin, type CliResult } from '../helpers/cli.js';
import { CORP_CREDENTIAL_PROCESS as CP } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

const NO_BROWSER = { BROWSER: undefined };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('awsid daemon start and stop', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({
      fake: { person: { kind: 'never' } },
      env: { AWSID_SECRET_STORE: 'memory' },
    });
  });
  afterAll(async () => world?.close());

  const run = (...args: string[]) => world.sb.run(args, NO_BROWSER);
  const pidOf = (r: CliResult) => Number(/pid (\d+)/.exec(r.stdout)?.[1]);

  it.each([
    ['0', 'got 0'],
    ['-3', 'got -3'],
    ['1.5', 'got 1.5'],
    ['abc', 'got abc'],
    ['10081', 'got 10081'],
  ])('refuses --idle-minutes %s in one line, and starts nothing', async (value, got) => {
    const r = await run('daemon', 'start', `--idle-minutes=${value}`);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `awsid: --idle-minutes must be a whole number of minutes from 1 to 10080 (a week); ${got}\n  run: awsid daemon start --idle-minutes 60\n`,
    );
    expect((await run('daemon', 'status')).code).toBe(3);
  });

  it('refuses --idle-minutes where it means nothing', async () => {
    const r = await run('daemon', 'stop', '--idle-minutes', '5');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'awsid: --idle-minutes applies to daemon start, run and install, not daemon stop\n  run: awsid daemon stop\n',
    );
  });

  it('start --idle-minutes N: the started daemon exits after N minutes idle', async () => {
    const start = await run('daemon', 'start', '--idle-minutes', '7');
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toMatch(
      /^awsid daemon \S+ running, pid \d+, socket .*, idle exit after 7 min\n$/,
    );
    const status = await run('daemon', 'status', '--json');
    expect(JSON.parse(status.stdout)).toMatchObject({ running: true, idleMs: 7 * 60_000 });
    // Already running: it keeps its idle time and says how to change it.
    const again = await run('daemon', 'start', '--idle-minutes', '9');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('idle exit after 7 min');
    expect(again.stderr).toBe(
      'it was already running with another idle time; for 9 min: awsid daemon stop && awsid daemon start --idle-minutes 9\n',
    );
    const stop = await run('daemon', 'stop');
    expect(stop.stdout).toBe(`stopped awsid daemon pid ${pidOf(start)}\n`);
    expect(alive(pidOf(start))).toBe(false);
  });

  it('stop returns only once the process has exited, even while a request keeps it busy', async () => {
    const start = await run('daemon', 'start');
    expect(start.stdout).toContain('idle exit after 60 min');
    const pid = pidOf(start);
    // A credential request waiting on a sign-in nobody approves: the daemon answers the
    // shutdown at once but lingers (its grace for requests in flight) before it exits.
    const env: Record<string, string> = { ...world.sb.env };
    delete env.BROWSER;
    const caller = spawn(process.execPath, [awsidBin, ...CP, '--auto-login'], {
      env,
      cwd: world.sb.home,
      stdio: 'ignore',
    });
    const callerDone = new Promise((resolve) => caller.on('close', resolve));
    await world.fake.waitForDeviceAuthorization();
    const stop = await run('daemon', 'stop');
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toBe(`stopped awsid daemon pid ${pid}\n`);
    expect(alive(pid)).toBe(false);
    caller.kill();
    await callerDone;
  });
});

describe('a reader that closes the pipe early', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ env: { AWSID_SECRET_STORE: 'memory' } });
  });
  afterAll(async () => world?.close());

  /** `awsid ARGS | READER` in bash: awsid's exit status and everything on stderr. */
  function piped(args: string, reader: string): Promise<{ status: string; stderr: string }> {
    const script = `${JSON.stringify(process.execPath)} ${JSON.stringify(awsidBin)} ${args} | ${reader}; echo "awsid exit \${PIPESTATUS[0]}" >&3`;
    return new Promise((resolve, reject) => {
      const child = spawn('bash', ['-c', script], {
        env: world.sb.env,
        cwd: world.sb.home,
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let status = '';
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
      child.stdio[3]!.on('data', (c: Buffer) => (status += c.toString()));
      child.on('error', reject);
      child.on('close', () => resolve({ status: status.trim(), stderr }));
    });
  }

  // The third column: the exit code when everything was written before the reader left (status
  // of a session that is not logged in exits 3), else 141 (128 + SIGPIPE, as coreutils).
  it.each([
    ['--help', 'head -1', 0],
    ['--help', 'head -c 1', 0],
    // `true` reads nothing and exits at once: awsid's first write meets a closed pipe.
    ['--help', 'true', 0],
    ['status --sso-session corp', 'head -c 1', 3],
    ['status --sso-session corp', 'true', 3],
    ['doctor --offline', 'true', 0],
  ])('awsid %s | %s: no stack trace, nothing on stderr', async (args, reader, code) => {
    const r = await piped(args, reader);
    expect(r.stderr).toBe('');
    expect(r.status).toMatch(new RegExp(`^awsid exit (${code}|141)$`));
  });
});
