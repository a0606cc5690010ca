/** The daemon's background loop: idle shutdown and a check that the socket file is still ours. */
import { stat } from 'node:fs/promises';

import type { Clock } from '../../core/clock.js';
import { MAX_TIMER_MS } from '../../credentials/credential-service.js';
import type { ServerState } from './server-state.js';

/**
 * The idle limit of a daemon that never handed out credentials (a world started by a typo, a
 * status check, a prompt): it holds nobody's cache, so it need not stay the full idle time.
 */
export const UNSERVED_IDLE_MS = 5 * 60_000;

export interface WatchOptions {
  socketPath: string;
  /** The inode the socket file had when we bound it; undefined: nothing to compare (a pipe). */
  socketIno: number | undefined;
  idleMs: number;
  watchMs: number | undefined;
  clock: Clock;
  state: ServerState;
  /** Aborted when the server closes: the loop ends. */
  signal: AbortSignal;
  close: (reason: string, replaced?: boolean) => void;
}

/** Idle shutdown, and shutdown if our socket file was removed or replaced (eslint_d watches its runtime file). */
export async function watchSocket(options: WatchOptions): Promise<void> {
  const { socketPath, socketIno, idleMs, clock, state, close } = options;
  const watchMs = options.watchMs ?? 30_000;
  for (;;) {
    const limit = state.served ? idleMs : Math.min(idleMs, UNSERVED_IDLE_MS);
    const idleLeft = state.lastActivityAt + limit - clock.now();
    if (idleLeft <= 0 && state.inFlight.size === 0) {
      close(`idle for ${limit} ms${state.served ? '' : ' without serving credentials'}`);
      return;
    }
    try {
      await clock.sleep(
        Math.min(Math.max(idleLeft, Math.min(limit, 1_000)), watchMs, MAX_TIMER_MS),
        options.signal,
      );
    } catch {
      return;
    }
    if (socketIno !== undefined) {
      const now = await stat(socketPath).catch(() => undefined);
      if (!now || now.ino !== socketIno) {
        close(now ? 'socket file replaced by another daemon' : 'socket file removed', !!now);
        return;
      }
    }
  }
}
