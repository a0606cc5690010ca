/**
 * The hot path of `awsid credential-process` with a warm daemon (docs/benchmarks.md): one connect,
 * hello and getCredentials pipelined in one write, print, exit. It loads node:net, node:fs,
 * node:path, node:os and a few tiny pure modules, never the AWS SDK or yargs, so it can be bundled
 * alone and run before the full CLI is imported. Anything it does not handle returns 'fallback' and
 * the full CLI takes over, which also reports every problem the fast path stays quiet about. It
 * never reads stdin (the JS SDK never closes it; docs/protocol.md, "Spawning and I/O").
 */
import { isAbsolute } from 'node:path';

import { isAccountId } from '../../core/account-id.js';
import { currentPlatform } from '../../platform/current-process.js';
import type { Env } from '../../platform/env.js';
import { resolvePaths } from '../../platform/paths.js';
import type { DetachedProcess } from '../../platform/launch-daemon.js';
import {
  formatCredentialProcessError,
  formatCredentialProcessOutput,
} from '../../credentials/credential-process-output.js';
import {
  helloAnd,
  isLocked,
  ourDaemonsAnswer,
  RUNNING,
  socketState,
  unlockAndAskAgain,
} from './fast-exchange.js';
import { CONNECT_TIMEOUT_MS, type Exchange, exchange, type Pipelined } from './connection.js';
import { startAndAwaitDaemon } from './fast-start.js';
import { MAX_WORLD_DAEMONS, otherWorldDaemons } from './world-cap.js';
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
type Key = keyof GetCredentialsParams | 'profile';

const FLAGS: Record<string, Key> = {
  '--sso-session': 'ssoSession',
  '--account-id': 'accountId',
  '--role-name': 'roleName',
  '--profile': 'profile',
};

/**
 * `credential-process --sso-session S --account-id A --role-name R [--auto-login]` or
 * `credential-process --profile P [--auto-login]` (the daemon reads the profile), in any order,
 * `--flag value` or `--flag=value`; with none of the four flags, AWS_PROFILE's profile (as the
 * full CLI, src/cli/resolve-role.ts). Anything else (both forms, `--help`, a typo) is the full
 * CLI's job: undefined.
 */
export function parseFastArgs(argv: readonly string[], env: Env = {}): FastParams | undefined {
  return argv[0] === 'credential-process' ? parseRoleArgs(argv.slice(1), env) : undefined;
}

/** The role flags alone (what follows the command name), as parseFastArgs reads them. */
export function parseRoleArgs(argv: readonly string[], env: Env = {}): FastParams | undefined {
  const found: Partial<Record<Key, string | boolean>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--auto-login') {
      found.autoLogin = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const key = FLAGS[flag];
    if (key === undefined || found[key] !== undefined) return undefined;
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    // A value may start with `-` only in the `=` form (a role named `--auto-login`).
    if (value === undefined || value === '') return undefined;
    if (eq === -1 && value.startsWith('-')) return undefined;
    found[key] = value;
  }
  const { ssoSession, accountId, roleName, profile } = found;
  const autoLogin = found.autoLogin === true ? { autoLogin: true } : {};
  const none = [ssoSession, accountId, roleName, profile].every((v) => v === undefined);
  if (none && env.AWS_PROFILE) return { profile: env.AWS_PROFILE, ...autoLogin };
  if (typeof profile === 'string') {
    if (ssoSession !== undefined || accountId !== undefined || roleName !== undefined)
      return undefined;
    return { profile, ...autoLogin };
  }
  if (typeof ssoSession !== 'string' || typeof accountId !== 'string') return undefined;
  if (typeof roleName !== 'string') return undefined;
  // A malformed account id never reaches the daemon: the full CLI names it (before any request).
  if (!isAccountId(accountId)) return undefined;
  return { ssoSession, accountId, roleName, ...autoLogin };
}

const overWorldCap = (runtimeDir: string, world: string): boolean =>
  otherWorldDaemons(runtimeDir, world) >= MAX_WORLD_DAEMONS;

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
  const lines = helloAnd(version, world, 'getCredentials', params);
  const replyTimeoutMs = options.replyTimeoutMs ?? (params.autoLogin ? 12 : 2) * 60_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const showNotice = (notice: LoginNotice) => io.stderr.write(formatLoginNotice(notice));
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
    !overWorldCap(paths.runtimeDir, world);
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
