/**
 * The hot path of `awsid credential-process` with a warm daemon (docs/benchmarks.md): one connect,
 * hello and getCredentials pipelined in one write, print, exit. It loads node:net, node:fs,
 * node:path, node:os and a few tiny pure modules, never the AWS SDK or yargs, so it can be bundled
 * alone and run before the full CLI is imported. Anything it does not handle returns 'fallback' and
 * the full CLI takes over, which also reports every problem the fast path stays quiet about. It
 * never reads stdin (the JS SDK never closes it; docs/protocol.md, "Spawning and I/O").
 */
import { isAbsolute } from 'node:path';

import {
  bareCredentialProcessError,
  isBareCredentialProcess,
  parseRoleRequest,
  ROLE_OPTIONS,
  ROLE_OPTIONS_FROM_ENV,
} from '../../core/role-options.js';
import { currentPlatform } from '../../platform/current-process.js';
import { notifyDesktop } from '../../platform/desktop-notify.js';
import { loginEnvironment } from '../../platform/login-environment.js';
import type { Env } from '../../platform/env.js';
import { resolvePaths } from '../../platform/paths.js';
import type { DetachedProcess } from '../../platform/launch-daemon.js';
import {
  formatCredentialProcessError,
  formatCredentialProcessOutput,
} from '../../credentials/credential-process-output.js';
import {
  type Exchange,
  exchange,
  helloAnd,
  isLocked,
  ourDaemonsAnswer,
  type Pipelined,
  RUNNING,
  socketState,
  unlockAndAskAgain,
} from './fast-exchange.js';
import { CONNECT_TIMEOUT_MS } from './connection.js';
import { startAndAwaitDaemon } from './fast-start.js';
import { worldCapReached } from './world-cap.js';
import { formatLoginNotice } from '../protocol/login-notice.js';
import {
  type CredentialsResult,
  type GetCredentialsParams,
  isCredentialsResult,
  type LoginNotice,
  type ProfileCredentialsParams,
  type WireError,
} from '../protocol/protocol.js';
import { daemonAddress } from '../socket-path.js';

export interface FastIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

export interface FastOptions {
  platform?: string;
  connectTimeoutMs?: number;
  /** Bound on the whole exchange; default 2 min, 12 min with --auto-login. */
  replyTimeoutMs?: number;
  /**
   * Starts the daemon when none answers (the bundle's entry passes platform/launch-daemon.ts);
   * without it (null, the default) starting is left to the full CLI.
   */
  startDaemon?: ((env: Env) => Promise<DetachedProcess>) | null;
  /** How long a cold start in progress may take before the full CLI takes over; default 60 s. */
  startTimeoutMs?: number;
  /**
   * Told when this call launched (or waited for) a daemon that did not come up: the entry hands
   * that to the full CLI, which then does not launch one again (src/cli/start-daemon.ts).
   */
  onStartFailed?: () => void;
}

export type FastParams = GetCredentialsParams | ProfileCredentialsParams;
/**
 * `credential-process --sso-session S --account-id A --role-name R [--auto-login]` or
 * `credential-process --profile P [--auto-login]` (the daemon reads the profile), in any order,
 * `--flag value` or `--flag=value` (src/core/role-options.ts). Never AWS_PROFILE: an AWS tool
 * runs the line for the profile it resolves. Anything else (no role, both forms, `--help`, a typo)
 * is the full CLI's job: undefined.
 */
export function parseFastArgs(argv: readonly string[], _env: Env = {}): FastParams | undefined {
  if (argv[0] !== 'credential-process') return undefined;
  const request = parseRoleRequest(ROLE_OPTIONS, argv.slice(1), {});
  return request === 'bare' ? undefined : request;
}

/**
 * The bare `credential-process` (no role flag): refused here with the full CLI's words, so a fast
 * path never answers for AWS_PROFILE. The exit code, or undefined for any other command line.
 */
export function refuseBareCredentialProcess(
  argv: readonly string[],
  io: FastIO,
): number | undefined {
  if (argv[0] !== 'credential-process' || !isBareCredentialProcess(argv.slice(1))) return undefined;
  const e = bareCredentialProcessError();
  io.stderr.write(formatCredentialProcessError(e.message, e.hint));
  return e.exitCode;
}

/** The role flags of exec and env (what follows the command name); AWS_PROFILE without them. */
export function parseRoleArgs(argv: readonly string[], env: Env = {}): FastParams | undefined {
  const request = parseRoleRequest(ROLE_OPTIONS_FROM_ENV, argv, env);
  return request === 'bare' ? undefined : request;
}

/** The daemon's answer: credentials, its error, or 'fallback' (the full CLI takes over). */
export type FastAnswer = { result: CredentialsResult } | { error: WireError } | 'fallback';

/**
 * Asks the daemon of the caller's world for `params`' credentials: launches it when none answers,
 * unlocks a locked one for a caller with AWSID_PASSPHRASE. 'fallback' when the daemon is not there,
 * is another build or world, or the caller's settings need the full CLI.
 */
export async function askFastDaemon(
  params: FastParams,
  env: Env,
  version: string,
  io: FastIO,
  options: FastOptions = {},
): Promise<FastAnswer> {
  const platform = options.platform ?? currentPlatform();
  const paths = resolvePaths(env);
  // The daemon runs in the home directory: a relative AWS_CONFIG_FILE is resolved by the full CLI.
  if ('profile' in params && !isAbsolute(paths.awsConfigFile)) return 'fallback';
  const win = platform === 'win32';
  const { socketPath, world } = daemonAddress(env, paths, platform);
  const state = win ? 'ours' : socketState(paths.runtimeDir, socketPath);
  if (state === 'unsafe') return 'fallback';
  // An auto-login follows this caller's environment, not the daemon's.
  const asked = params.autoLogin
    ? { ...params, loginEnv: loginEnvironment(env, platform as NodeJS.Platform) }
    : params;
  const lines = helloAnd(version, world, 'getCredentials', asked);
  const replyTimeoutMs = options.replyTimeoutMs ?? (params.autoLogin ? 12 : 2) * 60_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const showNotice = (notice: LoginNotice) => {
    io.stderr.write(formatLoginNotice(notice));
    notifyDesktop(notice, env);
  };
  const send = (pipelined: Pipelined) =>
    exchange(socketPath, pipelined, connectTimeoutMs, replyTimeoutMs, showNotice);
  const passphrase = env.AWSID_PASSPHRASE;
  const unlock = passphrase
    ? () => unlockAndAskAgain(send, paths.stateDir, passphrase, version, world, lines)
    : undefined;
  let replies: Exchange = state === 'missing' ? 'unreachable' : await send(lines);
  const attempt = async (launcher: boolean): Promise<'unreachable' | 'done'> => {
    replies = await send(lines);
    if (replies === 'unreachable') return 'unreachable';
    // Locked: the caller holding the spawn lock unlocks it; the others wait instead of deriving too.
    if (unlock && isLocked(replies)) {
      if (!launcher) return 'unreachable';
      replies = await unlock();
    }
    return 'done';
  };
  const coldStart = (launch: () => Promise<DetachedProcess>) =>
    startAndAwaitDaemon({
      runtimeDir: paths.runtimeDir,
      world,
      launch,
      attempt,
      ...(options.startTimeoutMs === undefined ? {} : { timeoutMs: options.startTimeoutMs }),
    });
  const startDaemon = options.startDaemon ?? null;
  // Past the cap on daemons per user, the full CLI says so and works in-process (world-cap.ts).
  const launch =
    replies === 'unreachable' &&
    startDaemon !== null &&
    !win &&
    worldCapReached(paths.runtimeDir, world) === undefined;
  if (launch && !(await coldStart(() => startDaemon(env)))) options.onStartFailed?.();
  // A running but locked daemon: the same lock makes one caller unlock it, not every caller at once.
  if (unlock && isLocked(replies) && !win) await coldStart(() => Promise.resolve(RUNNING));
  if (unlock && isLocked(replies)) replies = await unlock();
  if (replies === 'unreachable') return 'fallback';
  const answer = ourDaemonsAnswer(replies, version, world);
  if (!answer) return 'fallback';
  if ('error' in answer) {
    return answer.error.code === 'DaemonUnavailableError' ? 'fallback' : { error: answer.error };
  }
  return isCredentialsResult(answer.result) ? { result: answer.result } : 'fallback';
}

/**
 * Returns the exit code after printing the credentials (0) or the daemon's one-line error, or
 * 'fallback' when the daemon is not there, is another version, or the arguments need the full CLI.
 */
export async function runFastCredentialProcess(
  argv: readonly string[],
  env: Env,
  version: string,
  io: FastIO,
  options: FastOptions = {},
): Promise<number | 'fallback'> {
  const refused = refuseBareCredentialProcess(argv, io);
  if (refused !== undefined) return refused;
  const params = parseFastArgs(argv, env);
  if (!params) return 'fallback';
  const answer = await askFastDaemon(params, env, version, io, options);
  if (answer === 'fallback') return 'fallback';
  if ('error' in answer) {
    const { message, hint, exitCode } = answer.error;
    io.stderr.write(formatCredentialProcessError(message, hint));
    return Number.isInteger(exitCode) && exitCode > 0 && exitCode < 256 ? exitCode : 1;
  }
  io.stdout.write(formatCredentialProcessOutput(answer.result));
  return 0;
}
