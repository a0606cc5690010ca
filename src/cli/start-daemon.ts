/** This world's daemon, started on demand the one way every command starts it. */
import type { DaemonConnection } from '../daemon/client/client.js';
import { ensureDaemon } from '../daemon/client/ensure-daemon.js';
import { daemonAddress } from '../daemon/socket-path.js';
import { launchDaemon } from '../platform/launch-daemon.js';
import { awsidBinPath } from '../platform/self.js';
import type { Context } from './context.js';

/**
 * Set by the process entry (src/bin/awsid.ts) when the bundled fast client of this very process
 * launched a daemon and it did not come up: the full CLI then only tries to connect and otherwise
 * works in-process, instead of launching a second one for the same call.
 */
let fastStartFailed = false;

export function noteFastStartFailed(): void {
  fastStartFailed = true;
}

/**
 * A connection to a daemon of our version for ctx's world, spawning `awsid daemon run` if needed
 * (with `--idle-minutes` when given: `awsid daemon start --idle-minutes N`).
 */
export function ensureWorldDaemon(
  ctx: Context,
  log?: (line: string) => void,
  idleMinutes?: number,
): Promise<DaemonConnection> {
  const { socketPath, world } = daemonAddress(ctx.env, ctx.paths);
  const args = idleMinutes === undefined ? [] : ['--idle-minutes', `${idleMinutes}`];
  return ensureDaemon({
    socketPath,
    world,
    version: ctx.version,
    clock: ctx.clock,
    ...(log === undefined ? {} : { log }),
    ...(fastStartFailed ? { launch: false } : {}),
    spawnDaemon: () => launchDaemon(ctx.env, awsidBinPath(), args),
  });
}
