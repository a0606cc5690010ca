/**
 * The hot path of `awsid credential-process` with a warm daemon (docs/benchmarks.md): one connect,
 * hello and getCredentials pipelined in one write, print, exit. It loads node:net, node:fs,
 * node:path, node:os and a few tiny pure modules, never the AWS SDK or yargs, so it can be bundled
 * alone and run before the full CLI is imported. Anything it does not handle returns 'fallback' and
 * the full CLI takes over, which also reports every problem the fast path stays quiet about. It
 * never reads stdin (the JS SDK never closes it; docs/protocol.md, "Spawning and I/O").
 */
import { createConnection } from 'node:net';
import { isAbsolute } from 'node:path';

import { isAccountId } from '../../core/account-id.js';
import { currentPlatform } from '../../platform/current-process.js';
import { ioTimeout } from '../../platform/io-timeout.js';
import type { Env } from '../../platform/env.js';
import { resolvePaths } from '../../platform/paths.js';
import { inspectOwnedSocket, inspectPrivateDir } from '../../platform/private-dir.js';
import type { DetachedProcess } from '../../platform/spawn-detached.js';
import {
  formatCredentialProcessError,
  formatCredentialProcessOutput,
} from '../../credentials/credential-process-output.js';
import { startAndAwaitDaemon } from './fast-start.js';
import { formatLoginNotice } from '../protocol/login-notice.js';
import {
  encodeMessage,
  type GetCredentialsParams,
  isCredentialsResult,
  lineSplitter,
  type LoginNotice,
  parseResponse,
  type ProfileCredentialsParams,
  PROTOCOL_VERSION,
  type ResponseMessage,
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
}

type FastParams = GetCredentialsParams | ProfileCredentialsParams;
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
  if (argv[0] !== 'credential-process') return undefined;
  const found: Partial<Record<Key, string | boolean>> = {};
  for (let i = 1; i < argv.length; i++) {
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

/**
 * Only talk to our own socket in a private directory of ours (src/platform/private-dir.ts); the
 * full CLI explains anything else. A missing directory is created by the cold start.
 */
function socketState(runtimeDir: string, socketPath: string): 'ours' | 'missing' | 'unsafe' {
  const dir = inspectPrivateDir(runtimeDir);
  if (dir === 'missing') return 'missing';
  if (dir !== 'private') return 'unsafe';
  const socket = inspectOwnedSocket(socketPath);
  return typeof socket === 'string' ? socket : 'unsafe';
}

type Exchange = Map<number, ResponseMessage> | 'unreachable' | undefined;

/**
 * Sends both requests in one write and collects the two replies; 'unreachable' when nobody
 * listens (no socket file, or a stale one), undefined on any other trouble.
 */
function exchange(
  socketPath: string,
  lines: string,
  connectTimeoutMs: number,
  replyTimeoutMs: number,
  onNotice: (notice: LoginNotice) => void,
): Promise<Exchange> {
  return new Promise((resolve) => {
    const replies = new Map<number, ResponseMessage>();
    const socket = createConnection(socketPath);
    let connected = false;
    let cancelTimer = ioTimeout(() => finish(false), connectTimeoutMs);
    function finish(ok: boolean, unreachable = false): void {
      cancelTimer();
      socket.destroy();
      resolve(ok ? replies : unreachable ? 'unreachable' : undefined);
    }
    socket.on('error', (e: NodeJS.ErrnoException) =>
      finish(false, !connected && (e.code === 'ENOENT' || e.code === 'ECONNREFUSED')),
    );
    socket.on('close', () => finish(replies.size === 2));
    socket.once('connect', () => {
      connected = true;
      cancelTimer();
      cancelTimer = ioTimeout(() => finish(false), replyTimeoutMs);
      socket.write(lines);
    });
    socket.setEncoding('utf8');
    socket.on(
      'data',
      lineSplitter(
        (line) => {
          const message = parseResponse(line);
          // A notice (auto-login: where to approve) comes before the reply it belongs to.
          if (message && 'notice' in message) return void onNotice(message.notice);
          if (!message || message.id === null) return finish(false);
          replies.set(message.id, message);
          if (replies.size === 2) finish(true);
        },
        () => finish(false),
      ),
    );
  });
}

/** The daemon is already there: nothing to launch, nothing to wait for. */
const RUNNING: DetachedProcess = { exited: () => false };

/** The daemon answered "locked": passphrase store, no key yet (`awsid unlock`). */
function isLocked(replies: Exchange): boolean {
  const answer = replies instanceof Map ? replies.get(2) : undefined;
  return answer !== undefined && 'error' in answer && answer.error.code === 'DaemonLockedError';
}

/**
 * For a caller with AWSID_PASSPHRASE (set-ups from before `awsid unlock`): hands the derived key
 * to the locked daemon, then asks again. A refused unlock's replies are returned as they are, so
 * its error (a wrong passphrase, say) is what gets printed.
 */
async function unlockAndAskAgain(
  send: (text: string) => Promise<Exchange>,
  stateDir: string,
  passphrase: string,
  version: string,
  world: string,
  lines: string,
): Promise<Exchange> {
  const { passphraseUnlockParams } = await import('./fast-unlock.js');
  const params = await passphraseUnlockParams(stateDir, passphrase);
  if (!params) return undefined;
  const unlocked = await send(
    encodeMessage({ v: PROTOCOL_VERSION, id: 1, method: 'hello', params: { version, world } }) +
      encodeMessage({ v: PROTOCOL_VERSION, id: 2, method: 'unlock', params }),
  );
  const answer = unlocked instanceof Map ? unlocked.get(2) : undefined;
  return answer && 'result' in answer ? send(lines) : unlocked;
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
  const platform = options.platform ?? currentPlatform();
  const paths = resolvePaths(env);
  // The daemon runs in the home directory: a relative AWS_CONFIG_FILE is resolved by the full CLI.
  if ('profile' in params && !isAbsolute(paths.awsConfigFile)) return 'fallback';
  const win = platform === 'win32';
  const { socketPath, world } = daemonAddress(env, paths, platform);
  const state = win ? 'ours' : socketState(paths.runtimeDir, socketPath);
  if (state === 'unsafe') return 'fallback';
  const lines =
    encodeMessage({ v: PROTOCOL_VERSION, id: 1, method: 'hello', params: { version, world } }) +
    encodeMessage({ v: PROTOCOL_VERSION, id: 2, method: 'getCredentials', params });
  const replyTimeoutMs = options.replyTimeoutMs ?? (params.autoLogin ? 12 : 2) * 60_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 200;
  const showNotice = (notice: LoginNotice) => io.stderr.write(formatLoginNotice(notice));
  const send = (text: string) =>
    exchange(socketPath, text, connectTimeoutMs, replyTimeoutMs, showNotice);
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
  if (replies === 'unreachable' && startDaemon !== null && !win)
    await coldStart(() => startDaemon(env));
  // A running but locked daemon: the same lock makes one caller unlock it, not every caller at once.
  if (unlock && isLocked(replies) && !win) await coldStart(() => Promise.resolve(RUNNING));
  if (unlock && isLocked(replies)) replies = await unlock();
  if (replies === 'unreachable') return 'fallback';
  const hello = replies?.get(1);
  const answer = replies?.get(2);
  if (!hello || !answer || !('result' in hello)) return 'fallback';
  // Another build: the full CLI replaces the daemon. Another world cannot be on our socket's
  // name unless something is wrong: the full CLI reports it, and never uses its answer.
  const daemon = hello.result as { version?: unknown; world?: unknown } | null;
  if (daemon?.version !== version || daemon.world !== world) return 'fallback';
  if ('error' in answer) {
    const { code, message, hint, exitCode } = answer.error;
    if (code === 'DaemonUnavailableError') return 'fallback';
    io.stderr.write(formatCredentialProcessError(message, hint));
    return Number.isInteger(exitCode) && exitCode > 0 && exitCode < 256 ? exitCode : 1;
  }
  if (!isCredentialsResult(answer.result)) return 'fallback';
  io.stdout.write(formatCredentialProcessOutput(answer.result));
  return 0;
}
