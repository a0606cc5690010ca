/**
 * Role credentials the way every consumer (credential-process, exec, env) gets them: from the
 * daemon, started on demand, or in-process when the daemon cannot be reached or started.
 */
import { ensureDaemon, requestCredentials } from '../daemon/client.js';
import { DaemonUnavailableError } from '../daemon/errors.js';
import { formatLoginNotice } from '../daemon/login-notice.js';
import type { LoginNotice } from '../daemon/protocol.js';
import { socketPathFor } from '../daemon/socket-path.js';
import type { RoleCredentials, RoleRef } from '../core/model.js';
import { currentPlatform } from '../platform/current-process.js';
import { awsidBinPath } from '../platform/self.js';
import { spawnNodeDetached } from '../platform/spawn-detached.js';
import type { Context } from './context.js';
import { createLocalCredentialService } from './local-credentials.js';

export interface GetCredentialsOptions {
  autoLogin: boolean;
  useDaemon: boolean;
  /** Diagnostics for --debug (never secrets). */
  debug: (line: string) => void;
}

/** A caller waiting on an auto-login is told at once where to approve it, even with no browser. */
function showLoginNotice(ctx: Context): (notice: LoginNotice) => void {
  return (notice) => ctx.io.stderr.write(formatLoginNotice(notice));
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
      spawnNodeDetached(awsidBinPath(), ['daemon', 'run'], { env: { ...ctx.env } }),
  });
  try {
    return await requestCredentials(connection, ref, {
      autoLogin: opts.autoLogin,
      onNotice: showLoginNotice(ctx),
    });
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
    return await service.getCredentials({
      ...ref,
      autoLogin: opts.autoLogin,
      onLoginNotice: showLoginNotice(ctx),
    });
  } finally {
    service.close();
  }
}
