/** This world's daemon, started on demand the one way every command starts it. */
import type { DaemonConnection } from '../daemon/client/client.js';
import { ensureDaemon } from '../daemon/client/ensure-daemon.js';
import { daemonAddress } from '../daemon/socket-path.js';
import { daemonEnvironment } from '../platform/daemon-env.js';
import { awsidBinPath } from '../platform/self.js';
import { spawnNodeDetached } from '../platform/spawn-detached.js';
import type { Context } from './context.js';

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
  return ensureDaemon({
    socketPath,
    world,
    version: ctx.version,
    clock: ctx.clock,
    ...(log === undefined ? {} : { log }),
    spawnDaemon: () =>
      spawnNodeDetached(
        awsidBinPath(),
        [
          'daemon',
          'run',
          ...(idleMinutes === undefined ? [] : ['--idle-minutes', `${idleMinutes}`]),
        ],
        { env: daemonEnvironment(ctx.env) },
      ),
  });
}
