/**
 * The bundled fast client's use of the one client core (connection.ts): whether the socket is
 * ours before anything is tried, the pipelined `hello` + request in one write and its checks, and
 * unlocking a locked daemon for a caller with AWSID_PASSPHRASE. Node built-ins and tiny pure
 * modules only.
 */
import type { Socket } from 'node:net';

import { inspectOwnedSocket, inspectPrivateDir } from '../../platform/private-dir.js';
import type { DetachedProcess } from '../../platform/launch-daemon.js';
import type { LoginNotice, Method, ResponseMessage } from '../protocol/protocol.js';
import { Connection, DaemonConnectError, openSocket } from './connection.js';

/**
 * Only talk to our own socket in a private directory of ours (src/platform/private-dir.ts); the
 * full CLI explains anything else. A missing directory is created by the cold start.
 */
export function socketState(runtimeDir: string, socketPath: string): 'ours' | 'missing' | 'unsafe' {
  const dir = inspectPrivateDir(runtimeDir);
  if (dir === 'missing') return 'missing';
  if (dir !== 'private') return 'unsafe';
  const socket = inspectOwnedSocket(socketPath);
  return typeof socket === 'string' ? socket : 'unsafe';
}

/** The daemon is already there: nothing to launch, nothing to wait for. */
export const RUNNING: DetachedProcess = { exited: () => false };

/** The daemon answered "locked": passphrase store, no key yet (`awsid unlock`). */
export function isLocked(replies: Exchange): boolean {
  const answer = replies instanceof Map ? replies.get(2) : undefined;
  return answer !== undefined && 'error' in answer && answer.error.code === 'DaemonLockedError';
}

/**
 * For a caller with AWSID_PASSPHRASE (set-ups from before `awsid unlock`): hands the derived key
 * to the locked daemon, then asks again. A refused unlock's replies are returned as they are, so
 * its error (a wrong passphrase, say) is what gets printed.
 */
export async function unlockAndAskAgain(
  send: (pipelined: Pipelined) => Promise<Exchange>,
  stateDir: string,
  passphrase: string,
  version: string,
  world: string,
  lines: Pipelined,
): Promise<Exchange> {
  const { passphraseUnlockParams } = await import('./fast-unlock.js');
  const params = await passphraseUnlockParams(stateDir, passphrase);
  if (!params) return undefined;
  const unlocked = await send(helloAnd(version, world, 'unlock', params));
  const answer = unlocked instanceof Map ? unlocked.get(2) : undefined;
  return answer && 'result' in answer ? send(lines) : unlocked;
}

/** `hello` with our build and world, then one request: what one pipelined exchange sends. */
export function helloAnd(
  version: string,
  world: string,
  method: Method,
  params: object,
): Pipelined {
  return { version, world, method, params };
}

/**
 * The reply to the request after `hello`, only from a daemon of our build and world (another
 * build is replaced by the full CLI; another world on our socket's name means something is
 * wrong, and its answer is never used); undefined otherwise.
 */
export function ourDaemonsAnswer(
  replies: Exchange,
  version: string,
  world: string,
): ResponseMessage | undefined {
  if (!(replies instanceof Map)) return undefined;
  const hello = replies.get(1);
  if (!hello || !('result' in hello)) return undefined;
  const daemon = hello.result as { version?: unknown; world?: unknown } | null;
  if (daemon?.version !== version || daemon.world !== world) return undefined;
  return replies.get(2);
}

/** Replies by id (1: `hello`, 2: the request), 'unreachable' when nobody listens, else undefined. */
export type Exchange = Map<number, ResponseMessage> | 'unreachable' | undefined;

/** `hello` with our build and world, then one request: what one pipelined exchange sends. */
export interface Pipelined {
  version: string;
  world: string;
  method: Method;
  params: object;
}

/**
 * The hot path's exchange: connect, `hello` and the request in one write, both replies; the
 * caller checks the daemon's build and world before it uses the second. 'unreachable' when nobody
 * listens (no socket file, or a stale one), undefined on any other trouble.
 */
export async function exchange(
  socketPath: string,
  pipelined: Pipelined,
  connectTimeoutMs: number,
  replyTimeoutMs: number,
  onNotice: (notice: LoginNotice) => void,
): Promise<Exchange> {
  let socket: Socket;
  try {
    socket = await openSocket(socketPath, connectTimeoutMs);
  } catch (e) {
    const gone =
      e instanceof DaemonConnectError && (e.reason === 'absent' || e.reason === 'refused');
    return gone ? 'unreachable' : undefined;
  }
  const connection = new Connection(socket);
  const { version, world, method, params } = pipelined;
  try {
    const replies = await Promise.all([
      connection.send('hello', { version, world }, replyTimeoutMs),
      connection.send(method, params, replyTimeoutMs, onNotice),
    ]);
    return new Map([
      [1, replies[0]],
      [2, replies[1]],
    ]);
  } catch {
    return undefined;
  } finally {
    connection.close();
  }
}
