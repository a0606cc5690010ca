/**
 * After login or logout, a running daemon drops what it cached for that session, so the next
 * credential request sees the new token (or the logout) at once. Best effort: no daemon, no-op;
 * an old daemon re-reads the sealed state on its next request anyway.
 */
import { withRunningDaemon } from '../daemon/client/running-daemon.js';
import { daemonAddress } from '../daemon/socket-path.js';
import type { Context } from './context.js';

export async function notifyDaemon(ctx: Context, ssoSession: string | undefined): Promise<void> {
  const { socketPath, world } = daemonAddress(ctx.env, ctx.paths);
  await withRunningDaemon(
    socketPath,
    (c) =>
      c.request('invalidate', ssoSession === undefined ? {} : { ssoSession }, { timeoutMs: 1000 }),
    { timeoutMs: 200, world },
  );
}
