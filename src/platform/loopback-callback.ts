/**
 * The loopback redirect receiver for the PKCE login (RFC 8252 section 7.3): an HTTP listener on
 * 127.0.0.1 only (the AWS CLI binds every interface; another host must not reach it), bound
 * before the browser opens so the redirect never meets a closed port (synfinatic/aws-sso-cli
 * #1441). Only a request to /oauth/callback whose `state` matches is taken; anything else is
 * answered and ignored, so a forged request can neither end nor hijack the login. The taken
 * request's answer is held until the caller knows whether the login worked.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { UsageError } from '../core/errors.js';

export const CALLBACK_PATH = '/oauth/callback';

export interface ResultPage {
  ok: boolean;
  title: string;
  text: string;
}

export type CallbackAnswer =
  | { kind: 'code'; code: string; finish(page: ResultPage): void }
  | { kind: 'error'; error: string; finish(page: ResultPage): void };

export interface CallbackListener {
  /** `http://127.0.0.1:PORT/oauth/callback`: what /authorize and CreateToken get. */
  readonly redirectUri: string;
  readonly port: number;
  /** The first callback carrying the expected state; rejects with `signal.reason` on abort. */
  wait(signal: AbortSignal): Promise<CallbackAnswer>;
  /** Answers a held request if the caller did not, and closes the port. */
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Undefined: the OS picks a free port. */
  port: number | undefined;
  state: string;
  /** The next command when the port cannot be bound. */
  hint: string;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function writePage(res: ServerResponse, status: number, page: ResultPage): void {
  if (res.writableEnded) return;
  const body =
    `<!doctype html><meta charset="utf-8"><title>awsid: ${escapeHtml(page.title)}</title>` +
    `<body style="font-family:sans-serif;max-width:32em;margin:3em auto">` +
    `<h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.text)}</p></body>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    // The callback URL carries the authorization code: keep it out of caches and referrers.
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    connection: 'close',
  });
  res.end(body);
}

const IGNORED: ResultPage = {
  ok: false,
  title: 'Not this login',
  text: 'This request does not belong to the login awsid is waiting for; it was ignored.',
};

export async function listenForCallback(opts: ListenOptions): Promise<CallbackListener> {
  let taken: CallbackAnswer | undefined;
  let held: ServerResponse | undefined;
  let deliver: ((a: CallbackAnswer) => void) | undefined;

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      writePage(res, 404, { ok: false, title: 'Not found', text: 'Nothing here.' });
      return;
    }
    const q = url.searchParams;
    if (taken || !sameText(q.get('state') ?? '', opts.state)) {
      writePage(res, 400, IGNORED);
      return;
    }
    const finish = (page: ResultPage) => writePage(res, page.ok ? 200 : 400, page);
    const error = q.get('error');
    const code = q.get('code');
    if (error) taken = { kind: 'error', error, finish };
    else if (code) taken = { kind: 'code', code, finish };
    else {
      writePage(res, 400, IGNORED);
      return;
    }
    held = res;
    deliver?.(taken);
  };

  const server = createServer(onRequest);
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const where = `127.0.0.1:${opts.port ?? 0}`;
      reject(
        new UsageError(
          `cannot receive the browser's redirect on ${where}: ${e.code ?? e.message}`,
          {
            hint: opts.hint,
            cause: e,
          },
        ),
      );
    });
    server.listen({ port: opts.port ?? 0, host: '127.0.0.1', exclusive: true }, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    port,
    redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
    wait: (signal) =>
      new Promise<CallbackAnswer>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason as Error);
        if (taken) return resolve(taken);
        const onAbort = () => reject(signal.reason as Error);
        signal.addEventListener('abort', onAbort, { once: true });
        deliver = (a) => {
          signal.removeEventListener('abort', onAbort);
          resolve(a);
        };
      }),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        if (held)
          writePage(held, 400, {
            ok: false,
            title: 'Login ended',
            text: 'Return to your terminal.',
          });
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
