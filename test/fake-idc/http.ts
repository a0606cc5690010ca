/** Small node:http helpers: read the whole request, write a response. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Incoming {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Header names are lower-case (node:http), so lookups are case-insensitive. */
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Outgoing {
  status: number;
  headers?: Record<string, string>;
  body: string;
  errorShape?: string;
  injected?: boolean;
  /** Set when the request is one no correct client sends (see `unexpectedReason` in server.ts). */
  unexpected?: string;
}

const MAX_BODY = 1 << 20;

export async function readIncoming(req: IncomingMessage): Promise<Incoming> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('fake-idc: request body over 1 MiB');
    chunks.push(chunk);
  }
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  };
}

export function json(value: unknown): Outgoing {
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value),
  };
}

export function writeOutgoing(res: ServerResponse, out: Outgoing, requestId: string): void {
  res.writeHead(out.status, {
    ...(out.body === '' || out.headers?.['content-type']
      ? {}
      : { 'content-type': 'application/json' }),
    ...out.headers,
    'x-amzn-requestid': requestId,
    'content-length': String(Buffer.byteLength(out.body)),
  });
  res.end(out.body);
}

export function header(req: Incoming, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(',') : v;
}
