/**
 * After login or logout, a running daemon drops what it cached for that session, so the next
 * credential request sees the new token (or the logout) at once. Best effort: no daemon, no-op.
 */
import { connectDaemon } from '../daemon/client.js';
import { socketPathFor } from '../daemon/socket-path.js';
import { currentPlatform } from '../platform/current-process.js';
import type { Context } from './context.js';

export async function notifyDaemon(ctx: Context, ssoSession: string | undefined): Promise<void> {
  try {
    const c = await connectDaemon(socketPathFor(ctx.paths, currentPlatform()), { timeoutMs: 200 });
    try {
      await c.request('invalidate', ssoSession === undefined ? {} : { ssoSession }, {
        timeoutMs: 1000,
      });
    } finally {
      c.close();
    }
  } catch {
    // Not running, or an old daemon: it re-reads the sealed state on its next request anyway.
  }
}
