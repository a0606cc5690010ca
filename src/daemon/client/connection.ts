/**
 * The one daemon client core, for the full CLI and the bundled fast client alike: connecting (with
 * the Trust checks) and saying `hello`, one connection's request/response matching by id over
 * NDJSON, probing a socket (the hot path's pipelined exchange is in fast-exchange.ts). Node
 * built-ins and tiny pure modules only (the bundle's rule): the full CLI passes the rebuilding of
 * the daemon's error classes (client.ts, wire-errors.ts) in.
 */
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
  type ResponseMessage,
  type ResultOf,
  type WireError,
  type HelloResult,
} from '../protocol/protocol.js';
import { isNamedPipe } from '../socket-path.js';

/**
 * How long a connect may take. A Unix socket's connect completes or fails at once; only a caller
 * that is not scheduled (hundreds of cold callers on 2 cores) waits, and a short bound turned
 * such waits into needless fallbacks and second logins. A stopped daemon still accepts (the
 * kernel queues the connection): the reply bound covers it.
 */
export const CONNECT_TIMEOUT_MS = 2_000;

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
  resolve(value: ResponseMessage): void;
  reject(error: unknown): void;
  cancelTimer: (() => void) | undefined;
  onNotice: ((notice: LoginNotice) => void) | undefined;
}

/** The daemon's error as it came (the bundle prints it); the full CLI passes fromWireError. */
export class WireReplyError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
  }
}

export class Connection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | undefined;

  constructor(
    private readonly socket: Socket,
    /** Turns the daemon's error into the one to throw (wire-errors.ts fromWireError). */
    private readonly rebuild: (wire: WireError) => Error = (wire) => new WireReplyError(wire),
  ) {
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
  async request<M extends Method>(
    method: M,
    params: ParamsOf<M>,
    timeoutMs?: number,
    onNotice?: (notice: LoginNotice) => void,
  ): Promise<ResultOf<M>> {
    const reply = await this.send(method, params, timeoutMs, onNotice);
    if ('error' in reply) throw this.rebuild(reply.error);
    return reply.result as ResultOf<M>;
  }

  /**
   * Sends one request and resolves with the daemon's reply as it came (result or error); rejects
   * with DaemonUnavailableError when the connection fails or `timeoutMs` passes first. Requests
   * sent back to back go out in one write (the hot path pipelines `hello` and its request).
   */
  send(
    method: Method,
    params: object,
    timeoutMs?: number,
    onNotice?: (notice: LoginNotice) => void,
  ): Promise<ResponseMessage> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<ResponseMessage>((resolve, reject) => {
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
      if (!this.socket.writableCorked) {
        this.socket.cork();
        queueMicrotask(() => this.socket.uncork());
      }
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
    entry.resolve(message);
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

/** A `hello` reply or a daemon's status takes well under a millisecond; past this it is in trouble. */
export const DEFAULT_HELLO_TIMEOUT_MS = 1_000;

export interface DaemonConnection {
  /** The daemon's handshake answer. */
  readonly daemon: HelloResult;
  request<M extends Method>(
    method: M,
    params: ParamsOf<M>,
    options?: { timeoutMs?: number; onNotice?: ((n: LoginNotice) => void) | undefined },
  ): Promise<ResultOf<M>>;
  close(): void;
}

export interface ConnectOptions {
  timeoutMs?: number;
  helloTimeoutMs?: number;
  /** Our build identity, for the daemon's log. */
  clientVersion?: string;
  /** Our world (world.ts): a daemon of another world is refused (DaemonConnectError 'untrusted'). */
  world?: string;
  /** Turns the daemon's errors into the ones to throw; the full CLI passes fromWireError. */
  rebuild?: (wire: WireError) => Error;
}

/** Connects and says hello. Throws DaemonUnavailableError (DaemonConnectError) when unreachable. */
export async function connectDaemon(
  socketPath: string,
  options: ConnectOptions = {},
): Promise<DaemonConnection> {
  const socket = await openSocket(socketPath, options.timeoutMs ?? CONNECT_TIMEOUT_MS);
  const connection = new Connection(socket, options.rebuild);
  let daemon: HelloResult;
  try {
    const params = {
      ...(options.clientVersion === undefined ? {} : { version: options.clientVersion }),
      ...(options.world === undefined ? {} : { world: options.world }),
    };
    daemon = await connection.request(
      'hello',
      params,
      options.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS,
    );
  } catch (e) {
    connection.close();
    if (e instanceof DaemonUnavailableError) throw e;
    throw new DaemonUnavailableError('the awsid daemon refused the handshake', { cause: e });
  }
  if (options.world !== undefined && daemon.world !== options.world) {
    connection.close();
    throw new DaemonConnectError(
      `the awsid daemon on '${socketPath}' serves another world (${String(daemon.world)}, not ${options.world})`,
      'untrusted',
    );
  }
  return {
    daemon,
    request: (method, params, opts = {}) =>
      connection.request(method, params, opts.timeoutMs, opts.onNotice),
    close: () => connection.close(),
  };
}

export type ProbeResult =
  | { state: 'running'; daemon: HelloResult }
  /** No socket file, or a file nobody listens on (stale, left by a killed daemon). */
  | { state: 'absent' | 'stale' }
  /** The directory or socket is not ours and private (or serves another world): not connected. */
  | { state: 'untrusted'; reason: string; fix: string | undefined }
  /** Something accepts but does not complete the handshake in time. */
  | { state: 'unresponsive' };

/** What is on the socket, without side effects. */
export async function probeDaemon(
  socketPath: string,
  options: ConnectOptions = {},
): Promise<ProbeResult> {
  try {
    const connection = await connectDaemon(socketPath, options);
    connection.close();
    return { state: 'running', daemon: connection.daemon };
  } catch (e) {
    if (e instanceof DaemonConnectError && e.reason === 'absent') return { state: 'absent' };
    if (e instanceof DaemonConnectError && e.reason === 'refused') return { state: 'stale' };
    if (e instanceof DaemonConnectError && e.reason === 'untrusted') {
      return { state: 'untrusted', reason: e.message, fix: e.hint };
    }
    return { state: 'unresponsive' };
  }
}
