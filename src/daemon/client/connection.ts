/** The client end of one socket connection: request/response matching by id over NDJSON. */
import { createConnection, type Socket } from 'node:net';
import { dirname } from 'node:path';

import { ioTimeout } from '../../platform/io-timeout.js';
import { inspectOwnedSocket, inspectPrivateDir } from '../../platform/private-dir.js';

import { DaemonUnavailableError } from '../errors.js';
import {
  encodeMessage,
  lineSplitter,
  type LoginNotice,
  type Method,
  type ParamsOf,
  parseResponse,
  PROTOCOL_VERSION,
  type ResultOf,
} from '../protocol/protocol.js';
import { isNamedPipe } from '../socket-path.js';
import { fromWireError } from '../protocol/wire-errors.js';

/**
 * Why a connect failed: `absent` (no socket file), `refused` (a stale file), `untrusted` (the
 * directory or socket fails the private-directory policy: never connected to), or no answer.
 */
export type ConnectFailure = 'absent' | 'refused' | 'untrusted' | 'timeout' | 'error';

export class DaemonConnectError extends DaemonUnavailableError {
  readonly reason: ConnectFailure;
  constructor(message: string, reason: ConnectFailure, cause?: unknown, hint?: string) {
    super(message, { cause, hint });
    this.reason = reason;
  }
}

/**
 * Whether we may connect to `socketPath`: its directory must be private and ours, and the socket
 * ours (src/platform/private-dir.ts). Someone else's directory or socket could be a fake daemon
 * that hands out its own credentials and reads every request.
 */
export function untrustedSocket(socketPath: string): DaemonConnectError | undefined {
  if (isNamedPipe(socketPath)) return undefined;
  const dir = inspectPrivateDir(dirname(socketPath));
  if (dir === 'missing') return undefined;
  const problem = dir === 'private' ? inspectOwnedSocket(socketPath) : dir;
  if (typeof problem === 'string') return undefined;
  return new DaemonConnectError(
    `not using the awsid daemon: ${problem.reason}`,
    'untrusted',
    undefined,
    problem.fix,
  );
}

/**
 * Connects with a short bound: a daemon that does not accept in time counts as unavailable. Never
 * connects to an untrusted socket (untrustedSocket).
 */
export function openSocket(socketPath: string, timeoutMs: number): Promise<Socket> {
  const untrusted = untrustedSocket(socketPath);
  if (untrusted) return Promise.reject(untrusted);
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    const cancel = ioTimeout(() => {
      socket.destroy();
      reject(
        new DaemonConnectError(
          `the awsid daemon on '${socketPath}' did not accept within ${timeoutMs} ms`,
          'timeout',
        ),
      );
    }, timeoutMs);
    socket.once('connect', () => {
      cancel();
      resolve(socket);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      cancel();
      const reason: ConnectFailure =
        e.code === 'ENOENT' ? 'absent' : e.code === 'ECONNREFUSED' ? 'refused' : 'error';
      reject(
        new DaemonConnectError(
          `cannot reach the awsid daemon on '${socketPath}' (${e.code ?? e.message})`,
          reason,
          e,
        ),
      );
    });
  });
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  cancelTimer: (() => void) | undefined;
  onNotice: ((notice: LoginNotice) => void) | undefined;
}

export class Connection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | undefined;

  constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    const feed = lineSplitter(
      (line) => this.onLine(line),
      () => this.fail(new DaemonUnavailableError('the awsid daemon sent an oversized reply')),
    );
    socket.on('data', feed);
    socket.on('error', (e) =>
      this.fail(
        new DaemonUnavailableError('the connection to the awsid daemon failed', { cause: e }),
      ),
    );
    socket.on('close', () =>
      this.fail(new DaemonUnavailableError('the awsid daemon closed the connection')),
    );
  }

  /**
   * Sends one request; rejects with the daemon's error rebuilt as its class, or
   * DaemonUnavailableError. `onNotice` hears the notices the daemon sends while it waits.
   */
  request<M extends Method>(
    method: M,
    params: ParamsOf<M>,
    timeoutMs?: number,
    onNotice?: (notice: LoginNotice) => void,
  ): Promise<ResultOf<M>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      const cancelTimer =
        timeoutMs === undefined
          ? undefined
          : ioTimeout(
              () =>
                this.fail(
                  new DaemonUnavailableError(
                    `the awsid daemon did not answer '${method}' within ${timeoutMs} ms`,
                  ),
                ),
              timeoutMs,
            );
      this.pending.set(id, { resolve, reject, cancelTimer, onNotice });
      this.socket.write(encodeMessage({ v: PROTOCOL_VERSION, id, method, params }));
    });
  }

  close(): void {
    this.fail(new DaemonUnavailableError('the connection to the awsid daemon was closed'));
  }

  private onLine(line: string): void {
    const message = parseResponse(line);
    if (!message) {
      this.fail(new DaemonUnavailableError('the awsid daemon sent a malformed reply'));
      return;
    }
    if ('notice' in message) {
      this.pending.get(message.id)?.onNotice?.(message.notice);
      return;
    }
    if (message.id === null) {
      // The daemon could not parse one of our lines; no reply will come for it.
      this.fail(new DaemonUnavailableError('the awsid daemon rejected a request as malformed'));
      return;
    }
    const entry = this.pending.get(message.id);
    if (!entry) return;
    this.pending.delete(message.id);
    entry.cancelTimer?.();
    if ('error' in message) entry.reject(fromWireError(message.error));
    else entry.resolve(message.result);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const entry of this.pending.values()) {
      entry.cancelTimer?.();
      entry.reject(error);
    }
    this.pending.clear();
    this.socket.destroy();
  }
}
