import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

import { fileUsageRecorder } from '../../access/usage-file.js';
import { UsageError } from '../../core/errors.js';
import { awsidHint } from '../../core/hints.js';
import { DEFAULT_HELLO_TIMEOUT_MS } from '../../daemon/client/client.js';
import { untrustedSocket } from '../../daemon/client/connection.js';
import { daemonStatus, stopStateDaemons } from '../../daemon/client/running-daemon.js';
import { MAX_WORLD_DAEMONS, otherWorldDaemons } from '../../daemon/client/world-cap.js';
import { daemonKeys } from '../../daemon/server/daemon-keys.js';
import { profileRoles } from '../../daemon/server/profile-roles.js';
import { fileAccessError } from '../../platform/file-access.js';
import { DaemonLockedError, DaemonStopTimeoutError } from '../../daemon/errors.js';
import type { StatusResult } from '../../daemon/protocol/protocol.js';
import { startDaemonServer } from '../../daemon/server/server.js';
import { daemonAddress, type DaemonAddress } from '../../daemon/socket-path.js';
import { stateIdOf } from '../../daemon/world.js';
import { isProcessAlive } from '../../platform/process-alive.js';
import { exitNow, onTerminate } from '../../platform/process-control.js';
import { UnsafeDirectoryError } from '../../platform/private-dir.js';
import { ensurePrivateDir } from '../../platform/secure-fs.js';
import type { Context } from '../context.js';
import { createLocalCredentialService } from '../../credentials/local-credential-service.js';
import { ensureWorldDaemon } from '../start-daemon.js';
import { DEFAULT_IDLE_MINUTES, type DaemonOptions } from './daemon.js';

/** The daemon's log: one line per event, never a secret; 0600 in the 0700 state dir. */
async function daemonLogger(ctx: Context): Promise<(line: string) => void> {
  await ensurePrivateDir(ctx.paths.stateDir);
  const file = join(ctx.paths.stateDir, 'daemon.log');
  return (line) => {
    const text = `${new Date(ctx.clock.now()).toISOString()} ${line}\n`;
    try {
      appendFileSync(file, text, { mode: 0o600 });
    } catch {
      // Logging must never take the daemon down.
    }
    if (ctx.io.stderrIsTTY) ctx.io.stderr.write(text);
  };
}

async function run(opts: DaemonOptions, ctx: Context, address: DaemonAddress): Promise<number> {
  const { socketPath, world } = address;
  const log = await daemonLogger(ctx);
  // The daemon uses no passphrase, not even AWSID_PASSPHRASE in its own environment: with the
  // passphrase store it starts locked and gets the derived key from `awsid unlock`.
  const { openStateStore } = await import('../../store/state-store.js');
  const store = await openStateStore({
    env: ctx.env,
    paths: ctx.paths,
    clock: ctx.clock,
    keysOnly: () => new DaemonLockedError(),
  });
  // Otherwise open the store now: one keychain read for the daemon's whole life, and a broken
  // store fails here, in the foreground, instead of on the first credential request.
  if (!store.passphraseKeys) await store.probe();
  const daemonCtx: Context = { ...ctx, store: () => Promise.resolve(store) };
  const usage = fileUsageRecorder(ctx.paths, ctx.clock, log);
  const service = await createLocalCredentialService(daemonCtx, { allowLogin: true, log, usage });
  const server = await startDaemonServer({
    keys: daemonKeys(store.kind, store.passphraseKeys),
    socketPath,
    version: ctx.version,
    world,
    state: stateIdOf(ctx.paths),
    service,
    clock: ctx.clock,
    idleMs: (opts.idleMinutes ?? DEFAULT_IDLE_MINUTES) * 60_000,
    log,
    profileRoles: profileRoles(ctx.paths.awsConfigFile, ctx.paths.home, ctx.clock),
    usage,
    explainError: (e) => fileAccessError(e, ctx.paths.home) ?? e,
  });
  onTerminate((signal) => void server.close(signal));
  const reason = await server.closed;
  await usage.close();
  log(`daemon pid ${server.pid} stopped: ${reason}`);
  // process.exit, not a natural exit: see the note in src/daemon/server/server.ts about a newer daemon's socket.
  return exitNow(0);
}

/** `daemon stop` returns once the process is gone, so a `daemon start` right after starts afresh. */
const STOP_WAIT_MS = 10_000;

async function waitForExit(pid: number, ctx: Context): Promise<void> {
  const deadline = ctx.clock.now() + STOP_WAIT_MS;
  while (isProcessAlive(pid)) {
    if (ctx.clock.now() >= deadline) throw new DaemonStopTimeoutError(pid, STOP_WAIT_MS);
    await ctx.clock.sleep(25);
  }
}

async function start(opts: DaemonOptions, ctx: Context, address: DaemonAddress): Promise<number> {
  const c = await ensureWorldDaemon(ctx, undefined, opts.idleMinutes);
  try {
    const s = await c.request('status', {}, { timeoutMs: DEFAULT_HELLO_TIMEOUT_MS });
    const minutes = Math.round(s.idleMs / 60_000);
    ctx.io.stdout.write(
      `awsid daemon ${c.daemon.version} running, pid ${c.daemon.pid}, socket ${address.socketPath}, idle exit after ${minutes} min\n`,
    );
    if (opts.idleMinutes !== undefined && minutes !== opts.idleMinutes) {
      // It was already running: a daemon keeps the idle time it was started with.
      ctx.io.stderr.write(
        `it was already running with another idle time; for ${opts.idleMinutes} min: awsid daemon stop && ${awsidHint('daemon', 'start', '--idle-minutes', `${opts.idleMinutes}`)}\n`,
      );
    }
    return 0;
  } finally {
    c.close();
  }
}

function secretStoreLine(s: StatusResult['secretStore'] | undefined): string {
  if (!s) return 'unknown (an older daemon)';
  if (s.kind !== 'passphrase') return s.kind;
  return s.locked ? 'passphrase, locked (run: awsid unlock)' : 'passphrase, unlocked';
}

export async function runDaemon(opts: DaemonOptions, ctx: Context): Promise<number> {
  const address = daemonAddress(ctx.env, ctx.paths);
  const { socketPath, world } = address;
  const out = (line: string) => ctx.io.stdout.write(`${line}\n`);
  const connectOptions = { clientVersion: ctx.version, world };
  // Someone else's directory or socket: say why instead of "not running" (never connected to).
  const untrusted = opts.action === 'run' ? undefined : untrustedSocket(socketPath);
  if (untrusted) {
    throw new UnsafeDirectoryError(untrusted.message, { hint: untrusted.hint });
  }
  switch (opts.action) {
    case 'run':
      return run(opts, ctx, address);
    case 'start':
      return start(opts, ctx, address);
    case 'stop': {
      // Every daemon of this state directory (src/daemon/client/state-daemons.ts), this world's first.
      const pids = await stopStateDaemons(address, stateIdOf(ctx.paths), ctx.version);
      for (const pid of pids) await waitForExit(pid, ctx);
      if (pids.length === 0) out('awsid daemon was not running');
      for (const pid of pids) out(`stopped awsid daemon pid ${pid}`);
      return 0;
    }
    case 'status': {
      const s = await daemonStatus(socketPath, connectOptions);
      if (opts.json) {
        ctx.io.stdout.write(
          `${JSON.stringify(s ? { running: true, ...s } : { running: false, socketPath })}\n`,
        );
        return s ? 0 : 3;
      }
      // The cap on daemons per user counts these (src/daemon/client/world-cap.ts).
      const others = otherWorldDaemons(address.runtimeDir, world);
      const othersLine = `  other awsid daemons of this user (other AWS or proxy settings): ${others}, at most ${MAX_WORLD_DAEMONS} run at once`;
      if (!s) {
        out(
          `awsid daemon is not running (socket ${socketPath}); it starts on the first credential request`,
        );
        if (others > 0) out(othersLine);
        return 3;
      }
      out(`awsid daemon ${s.version}, pid ${s.pid}, socket ${s.socketPath}`);
      out(
        `  started ${new Date(s.startedAt).toISOString()}, ${s.requests} requests, idle exit after ${Math.round(s.idleMs / 60_000)} min`,
      );
      out(`  cached role credentials: ${s.service.cached.length}`);
      out(`  secret store: ${secretStoreLine(s.secretStore)}`);
      if (others > 0) out(othersLine);
      return 0;
    }
    default:
      throw new UsageError(`unknown daemon action`, { hint: 'awsid daemon --help' });
  }
}
