/** The daemon's shutdown sequence, run once whatever asks for it (idle, request, signal). */
import type { Server } from 'node:net';

import type { Clock } from '../../core/clock.js';
import type { CredentialService } from '../../credentials/credential-service.js';
import { releasePidFile } from './pid-file.js';
import type { ServerState } from './server-state.js';

export interface CloseContext {
  server: Server;
  pidPath: string;
  pid: number;
  state: ServerState;
  /** Stops the watch loop. */
  stopWatch: AbortController;
  clock: Clock;
  graceMs: number | undefined;
  service: CredentialService;
  log: (line: string) => void;
  /** Settles DaemonServer.closed. */
  resolveClosed: (reason: string) => void;
}

export function closeServer(ctx: CloseContext, reason: string, replaced: boolean): Promise<void> {
  const { server, state, clock, log } = ctx;
  state.closing ??= (async () => {
    log(`shutting down: ${reason}`);
    ctx.stopWatch.abort();
    // Stop accepting first: libuv unlinks the socket path right here (uv__pipe_close), while it
    // is still ours; the pid file goes next, so a successor can start at once. If a successor
    // already owns the path, closing would unlink its socket: leave the handle for process.exit
    // (which does not unlink) and just stop taking connections.
    if (replaced) server.unref();
    else server.close();
    await releasePidFile(ctx.pidPath, ctx.pid);
    const grace = new AbortController();
    await Promise.race([
      Promise.allSettled([...state.inFlight]),
      clock.sleep(ctx.graceMs ?? 5_000, grace.signal).catch(() => {}),
    ]);
    grace.abort();
    ctx.service.close();
    state.dropConnections();
    ctx.resolveClosed(reason);
  })();
  return state.closing;
}
