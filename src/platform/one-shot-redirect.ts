/**
 * A one-shot loopback page that hands a bearer URL to the browser without a command line.
 * Whatever awsid gives the browser opener (xdg-open, its shells, the browser itself) is in their
 * argv, which every local user can read in /proc. So the opener gets
 * `http://127.0.0.1:PORT/<prefix>/<nonce>` instead: the nonce is random, the first GET of it is
 * answered with a 302 to the real URL, and every later one with 410; the listener is on 127.0.0.1
 * only, lives a few seconds, and answers only processes of this user where the system can tell
 * (src/platform/loopback-peer.ts). The real URL never leaves this process except in that one
 * response.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { peerIsThisUser } from './loopback-peer.js';

/** 32 random bytes, base64url: the unguessable part of a one-shot path. */
export function newNonce(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time equality for secrets that arrive in requests. */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Headers for every answer that carries or leads to a secret: no caching, no referrer. */
export const PRIVATE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  connection: 'close',
} as const;

export function plainAnswer(res: ServerResponse, status: number, text: string): void {
  if (res.writableEnded) return;
  res.writeHead(status, {
    ...PRIVATE_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export interface OneShotRedirect {
  /** What the browser opener gets: no secret in it. */
  readonly url: string;
  /** Resolves true once the page was taken, false when it expired unused (then it is closed). */
  readonly taken: Promise<boolean>;
  close(): Promise<void>;
}

export async function serveOneShotRedirect(
  target: string,
  opts: { prefix: string; ttlMs: number },
): Promise<OneShotRedirect> {
  const path = `/${opts.prefix}/${newNonce()}`;
  let used = false;
  let settle: (taken: boolean) => void = () => undefined;
  const taken = new Promise<boolean>((resolve) => (settle = resolve));
  const server = createServer((req, res) => {
    const asked = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method !== 'GET' || !sameText(asked, path)) {
      plainAnswer(res, 404, 'Not found.');
      return;
    }
    // Another local user who read the URL in /proc gets nothing, and the page stays unused.
    if (!peerIsThisUser(req.socket)) {
      plainAnswer(res, 403, 'This page belongs to another user.');
      return;
    }
    if (used) {
      plainAnswer(res, 410, 'This link was already used; run the awsid command again.');
      return;
    }
    used = true;
    res.writeHead(302, { ...PRIVATE_HEADERS, location: target, 'content-length': '0' });
    res.end(() => settle(true));
  });
  server.requestTimeout = 5_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      clearTimeout(timer);
      settle(used);
      server.close(() => resolve());
      server.closeAllConnections();
    }));
  const timer = setTimeout(() => void close(), opts.ttlMs);
  timer.unref();
  return { url: `http://127.0.0.1:${port}${path}`, taken, close };
}
