/**
 * A cap on daemons per user. Each world (world.ts) gets its own daemon, and each holds ~60 MB for
 * up to its idle timeout: twenty shells with twenty different proxy or endpoint settings would
 * run twenty. Past MAX_WORLD_DAEMONS, no new one is started: the caller works in-process (as
 * without a daemon) and says so in one line (docs/architecture.md, "One daemon per world").
 * Synchronous node:fs only: the fast client's cold start counts too (fast-client.ts); the error
 * the full CLI reports is in ensure-daemon.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { inspectPrivateDir } from '../../platform/private-dir.js';
import { isProcessAlive } from '../../platform/process-alive.js';

/** Daemons per user (per runtime directory) before another world's is refused. */
export const MAX_WORLD_DAEMONS = 8;

/** Pid files daemons hold (socket-path.ts, pidFilePathFor): `daemon-<world id>.pid`. */
const PID_FILE = /^daemon-([0-9a-f]{16})\.pid$/;

/**
 * How many daemons of other worlds than `world` are alive: the pid files in our private runtime
 * directory whose process exists (a daemon killed with SIGKILL leaves one behind; its pid is dead).
 */
export function otherWorldDaemons(runtimeDir: string, world: string): number {
  if (inspectPrivateDir(runtimeDir) !== 'private') return 0;
  let names: string[];
  try {
    names = readdirSync(runtimeDir);
  } catch {
    return 0;
  }
  let alive = 0;
  for (const name of names) {
    const match = PID_FILE.exec(name);
    if (!match || match[1] === world) continue;
    try {
      if (isProcessAlive(Number.parseInt(readFileSync(join(runtimeDir, name), 'utf8'), 10)))
        alive += 1;
    } catch {
      // Gone meanwhile: not running.
    }
  }
  return alive;
}

/** How many other worlds' daemons run when they fill the cap (none may start), else undefined. */
export function worldCapReached(runtimeDir: string, world: string): number | undefined {
  const running = otherWorldDaemons(runtimeDir, world);
  return running >= MAX_WORLD_DAEMONS ? running : undefined;
}
