/**
 * The socket half of the bundled fast client (fast-client.ts): whether the socket is ours, one
 * pipelined exchange (hello + one request in one write), and unlocking a locked daemon for a caller
 * with AWSID_PASSPHRASE. Node built-ins and tiny pure modules only (the bundle's rule).
 */
import { createConnection } from 'node:net';

import { ioTimeout } from '../../platform/io-timeout.js';
import { inspectOwnedSocket, inspectPrivateDir } from '../../platform/private-dir.js';
import type { DetachedProcess } from '../../platform/launch-daemon.js';
import {
  encodeMessage,
  lineSplitter,
  type LoginNotice,
  type Method,
  parseResponse,
  PROTOCOL_VERSION,
  type ResponseMessage,
} from '../protocol/protocol.js';

/**
 * How long a connect may take. A Unix socket's connect completes or fails at once; only a caller
 * that is not scheduled (hundreds of cold callers on 2 cores) waits, and a short bound turned
 * such waits into needless fallbacks and second logins. A stopped daemon still accepts (the
 * kernel queues the connection): the reply bound covers it.
 */
export const CONNECT_TIMEOUT_MS = 2_000;

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

export type Exchange = Map<number, ResponseMessage> | 'unreachable' | undefined;

/**
 * Sends both requests in one write and collects the two replies; 'unreachable' when nobody
 * listens (no socket file, or a stale one), undefined on any other trouble.
 */
export function exchange(
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
  const unlocked = await send(helloAnd(version, world, 'unlock', params));
  const answer = unlocked instanceof Map ? unlocked.get(2) : undefined;
  return answer && 'result' in answer ? send(lines) : unlocked;
}

/** `hello` with our build and world, then one request: the lines of one pipelined write. */
export function helloAnd(version: string, world: string, method: Method, params: object): string {
  return (
    encodeMessage({ v: PROTOCOL_VERSION, id: 1, method: 'hello', params: { version, world } }) +
    encodeMessage({ v: PROTOCOL_VERSION, id: 2, method, params })
  );
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
