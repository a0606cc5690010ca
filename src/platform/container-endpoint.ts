/**
 * The HTTP socket of `awsid exec --ecs-server`: 127.0.0.1 only, an OS-chosen port, and small
 * limits on headers, connections and time, so a local client (any local user can connect) cannot
 * tie it up. A connection has IDLE_MS to deliver a complete request head, from when it opens and
 * again after each answer, or it is closed; at MAX_CONNECTIONS a new connection closes the oldest
 * idle one instead of being refused, so idlers and tricklers can never lock an SDK out. What each
 * request gets is decided by src/cli/ecs-server/handler.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Server, Socket } from 'node:net';

/** The parts of a request the handler judges. */
export interface EndpointRequest {
  method: string | undefined;
  /** The request target as sent (`req.url`). */
  target: string | undefined;
  host: string | undefined;
  authorization: string | undefined;
  origin: string | undefined;
}

export interface EndpointAnswer {
  status: number;
  /** JSON text. */
  body: string;
  /** Why, for the log: never a header value, token or key. */
  note: string;
  /** A credential failure worth telling the person at the terminal (message and hint). */
  failure?: string;
}

export interface ContainerEndpoint {
  port: number;
  /** The listening socket, to hand over to a keeper (endpoint-keeper.ts). */
  listener: Server;
  /** Stops listening and drops open connections; resolves when the socket is closed. */
  close(): Promise<void>;
}

export interface ContainerEndpointOptions {
  /** Answers once the port is known; `port` is passed so the handler can check Host. */
  answer(req: EndpointRequest, port: number): Promise<EndpointAnswer>;
  /** After each answer: status and note, for the log (no secrets in either). */
  answered(req: EndpointRequest, answer: EndpointAnswer): void;
  /** Tests only: smaller limits than the defaults below. */
  limits?: { idleMs?: number; maxConnections?: number };
}

/** SDKs send a few hundred bytes of headers; 8 KiB is Node's own default, stated here. */
const MAX_HEADER_BYTES = 8 * 1024;
/**
 * The SDKs make one request at a time and send its head in one write, within milliseconds of
 * connecting; a few processes in the child tree may overlap. Far above that, far below the
 * descriptor limit.
 */
const MAX_CONNECTIONS = 256;
/** From connect (or the previous answer) to a complete request head; then the socket is closed. */
const IDLE_MS = 2_000;
/** Long enough for a role fetch or an auto-login's first answer. */
const REQUEST_TIMEOUT_MS = 60_000;

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

function requestOf(req: IncomingMessage): EndpointRequest {
  return {
    method: req.method,
    target: req.url,
    host: one(req.headers.host),
    authorization: one(req.headers.authorization),
    origin: one(req.headers.origin),
  };
}

function send(res: ServerResponse, answer: EndpointAnswer): void {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'cache-control': 'no-store',
  };
  if (answer.status === 405) headers.allow = 'GET';
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/**
 * Open connections in the order they became idle (a Map keeps insertion order), each with the
 * timer that closes it, and those with a request in progress.
 */
function connectionLimits(idleMs: number, maxConnections: number) {
  const idle = new Map<Socket, NodeJS.Timeout>();
  const busy = new Set<Socket>();
  const forget = (s: Socket) => {
    clearTimeout(idle.get(s));
    idle.delete(s);
    busy.delete(s);
  };
  const close = (s: Socket) => {
    forget(s);
    s.destroy();
  };
  const waitForRequest = (s: Socket) => {
    forget(s);
    if (s.destroyed) return;
    const timer = setTimeout(() => close(s), idleMs);
    timer.unref();
    idle.set(s, timer);
  };
  return {
    /** A new connection: make room by closing the oldest idle one; refuse only when all are busy. */
    opened(s: Socket): void {
      if (idle.size + busy.size >= maxConnections) {
        const oldest = idle.keys().next();
        if (oldest.done) {
          s.destroy();
          return;
        }
        close(oldest.value);
      }
      s.once('close', () => forget(s));
      waitForRequest(s);
    },
    requested(s: Socket): void {
      forget(s);
      busy.add(s);
    },
    answered: waitForRequest,
  };
}

export function startContainerEndpoint(
  options: ContainerEndpointOptions,
): Promise<ContainerEndpoint> {
  const server = createServer({
    maxHeaderSize: MAX_HEADER_BYTES,
    // Node's own timers are checked only every connectionsCheckingInterval (30 s): the idle
    // deadline below is what sheds idlers; these stay as a backstop.
    headersTimeout: REQUEST_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: options.limits?.idleMs ?? IDLE_MS,
  });
  const limits = connectionLimits(
    options.limits?.idleMs ?? IDLE_MS,
    options.limits?.maxConnections ?? MAX_CONNECTIONS,
  );
  server.on('connection', (socket: Socket) => limits.opened(socket));
  let port = 0;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const request = requestOf(req);
    limits.requested(req.socket);
    res.once('finish', () => limits.answered(req.socket));
    // A body is never read; drain it so the connection stays usable.
    req.resume();
    options.answer(request, port).then(
      (answer) => {
        if (!res.writableEnded) send(res, answer);
        options.answered(request, answer);
      },
      () => {
        const answer = { status: 500, body: '{"Code":"InternalError"}', note: 'internal error' };
        if (!res.writableEnded) send(res, answer);
        options.answered(request, answer);
      },
    );
  });
  // Oversized headers get 431, other garbage 400, and the socket is closed either way.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const status =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      port = (server.address() as AddressInfo).port;
      resolve({
        port,
        listener: server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
