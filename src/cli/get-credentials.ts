/**
 * Role credentials the way every consumer (credential-process, exec, env) gets them: from the
 * daemon, started on demand, or in-process when the daemon cannot be reached or started.
 */
import { ensureDaemon, requestCredentials } from '../daemon/client.js';
import { DaemonUnavailableError } from '../daemon/errors.js';
import { socketPathFor } from '../daemon/socket-path.js';
import type { RoleCredentials, RoleRef } from '../core/model.js';
import { currentPlatform } from '../platform/current-process.js';
import { daemonEnvironment } from '../platform/daemon-env.js';
import { awsidBinPath } from '../platform/self.js';
import { spawnNodeDetached } from '../platform/spawn-detached.js';
import type { Context } from './context.js';
import { retryUnlocked } from './daemon-unlock.js';
import { createLocalCredentialService } from './local-credentials.js';

export interface GetCredentialsOptions {
  autoLogin: boolean;
  useDaemon: boolean;
  /** Diagnostics for --debug (never secrets). */
  debug: (line: string) => void;
}

async function viaDaemon(
  ctx: Context,
  ref: RoleRef,
  opts: GetCredentialsOptions,
): Promise<RoleCredentials> {
  const socketPath = socketPathFor(ctx.paths, currentPlatform());
  const connection = await ensureDaemon({
    socketPath,
    version: ctx.version,
    clock: ctx.clock,
    log: opts.debug,
    spawnDaemon: () =>
      spawnNodeDetached(awsidBinPath(), ['daemon', 'run'], { env: daemonEnvironment(ctx.env) }),
  });
  try {
    return await retryUnlocked(ctx, connection, () =>
      requestCredentials(connection, ref, { autoLogin: opts.autoLogin }),
    );
  } finally {
    connection.close();
  }
}

export async function getRoleCredentials(
  ctx: Context,
  ref: RoleRef,
  opts: GetCredentialsOptions,
): Promise<RoleCredentials> {
  if (opts.useDaemon) {
    try {
      return await viaDaemon(ctx, ref, opts);
    } catch (e) {
      if (!(e instanceof DaemonUnavailableError)) throw e;
      opts.debug(`daemon unavailable (${e.message}); working in-process`);
    }
  }
  const service = await createLocalCredentialService(ctx, {
    allowLogin: opts.autoLogin,
    log: opts.debug,
  });
  try {
    return await service.getCredentials({ ...ref, autoLogin: opts.autoLogin });
  } finally {
    service.close();
  }
}
