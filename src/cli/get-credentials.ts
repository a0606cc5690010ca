/**
 * Role credentials the way every consumer (credential-process, exec, env) gets them: from the
 * daemon, started on demand, or in-process when the daemon cannot be reached or started.
 */
import { fileUsageRecorder } from '../access/usage-file.js';
import { requestCredentials } from '../daemon/client/client.js';
import { DaemonConnectError } from '../daemon/client/connection.js';
import { TooManyDaemonsError } from '../daemon/client/ensure-daemon.js';
import { DaemonUnavailableError } from '../daemon/errors.js';
import { formatLoginNotice } from '../daemon/protocol/login-notice.js';
import type { LoginNotice } from '../daemon/protocol/protocol.js';
import type { RoleCredentials, RoleRef } from '../core/model.js';
import { notifyDesktop } from '../platform/desktop-notify.js';
import { loginEnvironment } from '../platform/login-environment.js';
import { UnsafeDirectoryError } from '../platform/private-dir.js';
import type { Context } from './context.js';
import { retryUnlocked } from './daemon-unlock.js';
import { createLocalCredentialService } from '../credentials/local-credential-service.js';
import { ensureWorldDaemon } from './start-daemon.js';

export interface GetCredentialsOptions {
  autoLogin: boolean;
  useDaemon: boolean;
  /** Diagnostics for --debug (never secrets). */
  debug: (line: string) => void;
}

/**
 * A caller waiting on an auto-login is told at once where to approve it, even with no browser: on
 * stderr, and in a desktop notification when stderr may be hidden (the AWS CLI swallows it).
 */
function showLoginNotice(ctx: Context): (notice: LoginNotice) => void {
  return (notice) => {
    ctx.io.stderr.write(formatLoginNotice(notice));
    notifyDesktop(notice, ctx.env);
  };
}

async function viaDaemon(
  ctx: Context,
  ref: RoleRef,
  opts: GetCredentialsOptions,
): Promise<RoleCredentials> {
  const connection = await ensureWorldDaemon(ctx, opts.debug);
  try {
    return await retryUnlocked(ctx, connection, () =>
      requestCredentials(connection, ref, {
        autoLogin: opts.autoLogin,
        loginEnv: loginEnvironment(ctx.env),
        onNotice: showLoginNotice(ctx),
      }),
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
      warnIfUntrusted(ctx, e);
    }
  }
  const usage = fileUsageRecorder(ctx.paths, ctx.clock, opts.debug);
  const service = await createLocalCredentialService(ctx, {
    allowLogin: opts.autoLogin,
    log: opts.debug,
    usage,
  });
  try {
    return await service.getCredentials({
      ...ref,
      autoLogin: opts.autoLogin,
      onLoginNotice: showLoginNotice(ctx),
    });
  } finally {
    service.close();
    await usage.close();
  }
}

/**
 * A daemon directory or socket that is not ours and private is worth one line on stderr (the call
 * still works, in-process): it is either a mistake in XDG_RUNTIME_DIR or someone else's trap. So
 * is a daemon refused by the cap on daemons per user (src/daemon/client/world-cap.ts).
 */
function warnIfUntrusted(ctx: Context, e: DaemonUnavailableError): void {
  const untrusted =
    (e instanceof DaemonConnectError && e.reason === 'untrusted') ||
    e.cause instanceof UnsafeDirectoryError;
  if (!untrusted && !(e instanceof TooManyDaemonsError)) return;
  ctx.io.stderr.write(`awsid: ${e.message}; working without it\n`);
  if (e.hint) ctx.io.stderr.write(`  run: ${e.hint}\n`);
}
