/**
 * The loopback redirect receiver for the PKCE login (RFC 8252 section 7.3): an HTTP listener on
 * 127.0.0.1 only (the AWS CLI binds every interface; another host must not reach it), bound
 * before the browser opens so the redirect never meets a closed port (synfinatic/aws-sso-cli
 * #1441).
 *
 * The authorize URL carries `state` and must stay out of every command line (another local user
 * reads the opener's argv in /proc, and with `state` can finish the flow with their own account,
 * logging the victim in as them). So the browser is opened on a one-shot start page,
 * `/start/<nonce>`, which sets a random cookie scoped to the callback path and redirects to the
 * authorize URL; only a callback that carries that cookie and the matching `state` is taken. That
 * binds the callback to the browser that started the flow. Anything else is answered and ignored,
 * so a forged request can neither end nor hijack the login. The taken request's answer is held
 * until the caller knows whether the login worked.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { UsageError } from '../core/errors.js';
import { peerIsThisUser } from './loopback-peer.js';
import { newNonce, PRIVATE_HEADERS, plainAnswer, sameText } from './one-shot-redirect.js';

export const CALLBACK_PATH = '/oauth/callback';
const START_PREFIX = '/start/';
const COOKIE = 'awsid_login';

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
  /**
   * The one-shot page to open instead of `authorizeUrl` (which then never leaves this process
   * but in that page's redirect): `http://127.0.0.1:PORT/start/<nonce>`.
   */
  startPage(authorizeUrl: string): string;
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
    ...PRIVATE_HEADERS,
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(body);
}

const IGNORED: ResultPage = {
  ok: false,
  title: 'Not this login',
  text: 'This request does not belong to the login awsid is waiting for; it was ignored.',
};

const NOT_THIS_BROWSER: ResultPage = {
  ok: false,
  title: 'Not the browser that started this login',
  text: 'This sign-in was not started in this browser, so awsid ignored it. Open the page awsid printed in your terminal.',
};

/** The value of cookie `name` in a Cookie header, or ''. */
function cookieValue(header: string | undefined, name: string): string {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return '';
}

export async function listenForCallback(opts: ListenOptions): Promise<CallbackListener> {
  let taken: CallbackAnswer | undefined;
  let held: ServerResponse | undefined;
  let deliver: ((a: CallbackAnswer) => void) | undefined;
  const startPath = `${START_PREFIX}${newNonce()}`;
  let authorizeUrl: string | undefined;
  /** Set once the start page was used: the cookie only that browser holds. */
  let browserCookie: string | undefined;

  const onStart = (res: ServerResponse) => {
    if (browserCookie !== undefined || authorizeUrl === undefined) {
      plainAnswer(res, 410, 'This sign-in link was already used; return to your terminal.');
      return;
    }
    browserCookie = newNonce();
    res.writeHead(302, {
      ...PRIVATE_HEADERS,
      location: authorizeUrl,
      // Lax: sent on the top-level redirect back from Identity Center; scoped to the callback.
      'set-cookie': `${COOKIE}=${browserCookie}; HttpOnly; SameSite=Lax; Path=${CALLBACK_PATH}`,
      'content-length': '0',
    });
    res.end();
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname.startsWith(START_PREFIX)) {
      if (!sameText(url.pathname, startPath)) {
        writePage(res, 404, { ok: false, title: 'Not found', text: 'Nothing here.' });
      } else if (!peerIsThisUser(req.socket)) {
        // Another local user who read the start URL in /proc: refused, the page stays unused.
        writePage(res, 403, {
          ok: false,
          title: 'Not yours',
          text: 'This page belongs to another user.',
        });
      } else onStart(res);
      return;
    }
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
    if (!error && !code) {
      writePage(res, 400, IGNORED);
      return;
    }
    const cookie = cookieValue(req.headers.cookie, COOKIE);
    if (browserCookie === undefined || !sameText(cookie, browserCookie)) {
      writePage(res, 403, NOT_THIS_BROWSER);
      return;
    }
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
    startPage: (url) => {
      authorizeUrl = url;
      return `http://127.0.0.1:${port}${startPath}`;
    },
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
