/**
 * The HTTP socket of `awsid exec --ecs-server`: 127.0.0.1 only, an OS-chosen port, and small
 * limits on headers, connections and time, so a local client cannot tie it up. What each request
 * gets is decided by src/cli/ecs-server/handler.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  /** Stops listening and drops open connections; resolves when the socket is closed. */
  close(): Promise<void>;
}

export interface ContainerEndpointOptions {
  /** Answers once the port is known; `port` is passed so the handler can check Host. */
  answer(req: EndpointRequest, port: number): Promise<EndpointAnswer>;
  /** After each answer: status and note, for the log (no secrets in either). */
  answered(req: EndpointRequest, answer: EndpointAnswer): void;
}

/** SDKs send a few hundred bytes of headers; 8 KiB is Node's own default, stated here. */
const MAX_HEADER_BYTES = 8 * 1024;
/** The SDKs make one request at a time; a few processes in the child tree may overlap. */
const MAX_CONNECTIONS = 32;
const HEADERS_TIMEOUT_MS = 5_000;
/** Long enough for a role fetch or an auto-login's first answer, short enough to shed idlers. */
const REQUEST_TIMEOUT_MS = 60_000;
const KEEP_ALIVE_MS = 5_000;

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

export function startContainerEndpoint(
  options: ContainerEndpointOptions,
): Promise<ContainerEndpoint> {
  const server = createServer({
    maxHeaderSize: MAX_HEADER_BYTES,
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_MS,
  });
  server.maxConnections = MAX_CONNECTIONS;
  let port = 0;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const request = requestOf(req);
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
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
