/**
 * Starting the daemon on demand for the full CLI: connect, replace a daemon of another version, or
 * start one the way the fast client does (fast-start.ts) and rebuild its failures as the errors
 * the full CLI reports (the launcher half of client.ts).
 */
import { dirname } from 'node:path';

import type { Clock } from '../../core/clock.js';
import { AwsidError } from '../../core/errors.js';
import type { Distrust } from '../../platform/private-dir.js';
import { connectDaemon } from './client.js';
import {
  CONNECT_TIMEOUT_MS,
  type ConnectOptions,
  DaemonConnectError,
  type DaemonConnection,
  DEFAULT_HELLO_TIMEOUT_MS,
  probeDaemon,
} from './connection.js';
import { DaemonUnavailableError, UnsafeSocketDirError } from '../errors.js';
import { isNamedPipe } from '../socket-path.js';
import { MAX_START_WAIT_MS } from '../spawn-lock-path.js';
import { coldStart } from './fast-start.js';
import type { StartedChild } from './start-and-wait.js';
import { MAX_WORLD_DAEMONS, worldCapReached } from './world-cap.js';

/**
 * eslint_d waits 2 s for a new daemon; Node starts in ~50-115 ms (docs/benchmarks.md). Past it a
 * caller keeps waiting only while the start is visibly in progress, up to MAX_START_WAIT_MS.
 */
export const DEFAULT_START_TIMEOUT_MS = 2_000;

export interface EnsureDaemonOptions {
  socketPath: string;
  /** Our build identity: a daemon answering with another one is asked to shut down and replaced. */
  version: string;
  /** Our world (world.ts); the socket path already names it, the daemon's hello must agree. */
  world: string;
  /**
   * Starts `awsid daemon run` detached (src/platform/launch-daemon.ts). Called at most once.
   * When it returns the process, a daemon that exits while starting ends the wait at once.
   */
  spawnDaemon: () => Promise<StartedChild> | StartedChild | void;
  /** False: connect only, never launch (this process's fast client already tried and failed). */
  launch?: boolean;
  clock: Clock;
  /** Holds the spawn lock; default: the socket's directory (required for a Windows pipe). */
  runtimeDir?: string;
  connectTimeoutMs?: number;
  startTimeoutMs?: number;
  pollMs?: number;
  log?: (line: string) => void;
}

/** Starting this world's daemon would pass MAX_WORLD_DAEMONS. */
export class TooManyDaemonsError extends DaemonUnavailableError {
  constructor(running: number) {
    super(
      `not starting an awsid daemon for this environment: ${running} already run for this user (at most ${MAX_WORLD_DAEMONS}, one per set of AWS and proxy settings); see them with awsid daemon status, stop unused ones with awsid daemon stop`,
      { hint: 'awsid daemon stop   (in a shell whose daemon you no longer need)' },
    );
  }
}

/** Asks a daemon of another version to shut down and waits until it has let go of the socket. */
async function replaceOtherVersion(
  first: DaemonConnection,
  options: EnsureDaemonOptions,
  connectOptions: ConnectOptions,
  pollMs: number,
  startTimeoutMs: number,
): Promise<void> {
  const { socketPath, version, clock } = options;
  const log = options.log ?? (() => {});
  log(
    `daemon pid ${first.daemon.pid} runs version ${first.daemon.version}, not ${version}: replacing it`,
  );
  await first
    .request('shutdown', {}, { timeoutMs: DEFAULT_HELLO_TIMEOUT_MS })
    .catch(() => undefined);
  first.close();
  // Wait for it to let go of the socket, or the new daemon would find it still there and refuse.
  const deadline = clock.now() + startTimeoutMs;
  while (
    clock.now() < deadline &&
    (await probeDaemon(socketPath, connectOptions)).state === 'running'
  ) {
    await clock.sleep(pollMs);
  }
}

/** Why the runtime directory cannot hold the daemon, as the error the caller reports. */
function cannotStart(problem: Distrust | Error): DaemonUnavailableError {
  const cause =
    problem instanceof Error
      ? problem
      : new UnsafeSocketDirError(`the daemon directory ${problem.reason}`, { hint: problem.fix });
  const hint = cause instanceof AwsidError ? cause.hint : undefined;
  return new DaemonUnavailableError(`the awsid daemon cannot start: ${cause.message}`, {
    cause,
    hint,
  });
}

/**
 * Returns a connection to a daemon of our version, starting or restarting it once if needed.
 * Throws DaemonUnavailableError (with the reason as `cause`) when that fails; never anything else.
 */
export async function ensureDaemon(options: EnsureDaemonOptions): Promise<DaemonConnection> {
  const { socketPath, version, clock } = options;
  const log = options.log ?? (() => {});
  const connectOptions = {
    timeoutMs: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    clientVersion: version,
    world: options.world,
  };
  // Someone else's directory or socket (openSocket's Trust check): say so, the caller works
  // in-process.
  const tryConnect = () =>
    connectDaemon(socketPath, connectOptions).catch((e: unknown) => {
      if (e instanceof DaemonConnectError && e.reason === 'untrusted') throw e;
      return undefined;
    });
  const pollMs = options.pollMs ?? 20;
  const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;

  const first = await tryConnect();
  if (first && first.daemon.version === version) return first;
  if (first) await replaceOtherVersion(first, options, connectOptions, pollMs, startTimeoutMs);

  if (options.launch === false) {
    throw new DaemonUnavailableError('the awsid daemon did not start', {
      hint: 'awsid daemon run   (shows why in the foreground)',
    });
  }
  // Another world's daemon past the cap: the caller works in-process (world-cap.ts).
  const runtimeDir =
    options.runtimeDir ?? (isNamedPipe(socketPath) ? undefined : dirname(socketPath));
  const running =
    runtimeDir === undefined || isNamedPipe(socketPath)
      ? undefined
      : worldCapReached(runtimeDir, options.world);
  if (running !== undefined) throw new TooManyDaemonsError(running);
  const outcome = await coldStart({
    runtimeDir,
    world: options.world,
    launch: () => {
      log('starting the awsid daemon');
      return options.spawnDaemon();
    },
    attempt: tryConnect,
    softMs: startTimeoutMs,
    timeoutMs: Math.max(startTimeoutMs, MAX_START_WAIT_MS),
    pollMs: { first: pollMs, max: pollMs },
    clock,
  });
  if ('failed' in outcome && outcome.failed === 'unsafe') throw cannotStart(outcome.problem);
  if ('value' in outcome) {
    const connection = outcome.value;
    if (connection.daemon.version === version) return connection;
    connection.close();
    throw new DaemonUnavailableError(
      `the awsid daemon that started runs version ${connection.daemon.version}, not ${version}`,
    );
  }
  if (outcome.failed === 'exited') {
    throw new DaemonUnavailableError('the awsid daemon exited while starting', {
      hint: 'awsid daemon run   (shows why in the foreground)',
    });
  }
  throw new DaemonUnavailableError(`the awsid daemon did not start within ${outcome.waitedMs} ms`);
}
