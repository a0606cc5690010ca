/**
 * After login or logout, every running daemon of this state directory drops what it cached for
 * that session, so the next credential request sees the new token (or the logout) at once: not
 * only this world's daemon, since another world may share the state directory
 * (src/daemon/client/state-daemons.ts). Best effort: no daemon, no-op; an old daemon re-reads the
 * sealed state on its next request anyway.
 */
import { forEachStateDaemon } from '../daemon/client/state-daemons.js';
import { daemonAddress } from '../daemon/socket-path.js';
import { stateIdOf } from '../daemon/world.js';
import type { Context } from './context.js';

export async function notifyDaemon(ctx: Context, ssoSession: string | undefined): Promise<void> {
  await forEachStateDaemon(
    daemonAddress(ctx.env, ctx.paths),
    stateIdOf(ctx.paths),
    (c) =>
      c.request('invalidate', ssoSession === undefined ? {} : { ssoSession }, { timeoutMs: 1000 }),
    { timeoutMs: 200 },
  );
}
