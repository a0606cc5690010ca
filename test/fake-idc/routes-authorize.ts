/**
 * `GET /authorize` on the sso-oidc origin: the page the browser opens in the PKCE flow (cli2
 * botocore/utils.py `SSOTokenFetcherAuth`). As an OAuth server must (RFC 6749 section 4.1.2.1), a
 * bad client or redirect URI gets an error page and no redirect; any other problem redirects with
 * `error=...`. The scripted person answers at once: approve (a code), deny, or never.
 */
import type { Ctx } from './context.js';
import type { Incoming, Outgoing } from './http.js';
import type { AuthorizeRequestInfo } from './types.js';

const PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'code_challenge_method',
  'code_challenge',
  'scopes',
];
// Identity Center takes only http://127.0.0.1:PORT/oauth/callback (sorah/mairu PR #17).
const CALLBACK = /^http:\/\/127\.0\.0\.1:(\d{1,5})\/oauth\/callback$/;
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

function page(status: number, title: string, text: string): Outgoing {
  const html =
    `<!doctype html><meta charset="utf-8"><title>fake-idc: ${title}</title>` +
    `<body style="font-family:sans-serif;max-width:32em;margin:3em auto"><h1>${title}</h1>` +
    `<p>${text.replace(/[<>&"]/g, '')}</p></body>`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: html };
}

function redirect(to: string, params: Record<string, string>): Outgoing {
  const url = new URL(to);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { status: 302, headers: { location: url.href, 'cache-control': 'no-store' }, body: '' };
}

/** The registered redirect URI this one matches apart from the port (RFC 8252 section 7.3). */
function registered(uris: string[] | undefined, redirectUri: string): boolean {
  const u = new URL(redirectUri);
  u.port = '';
  return (uris ?? []).includes(u.href);
}

export function authorize(ctx: Ctx, req: Incoming): Outgoing {
  const q = req.query;
  const note = (info: Omit<AuthorizeRequestInfo, 'clientId' | 'redirectUri'>) =>
    ctx.authCodes.requests.push({
      clientId: q.get('client_id') ?? '',
      redirectUri: q.get('redirect_uri') ?? '',
      ...info,
    });
  const reject = (why: string) => {
    note({ outcome: 'rejected' });
    return page(400, 'Invalid request', why);
  };
  for (const key of new Set(q.keys())) {
    if (!PARAMS.includes(key)) return reject(`unknown parameter ${key}`);
    if (q.getAll(key).length > 1) return reject(`parameter ${key} given twice`);
  }
  const client = ctx.clients.live(q.get('client_id') ?? '');
  if (!client) return reject('unknown or expired client_id');
  const redirectUri = q.get('redirect_uri') ?? '';
  const port = CALLBACK.exec(redirectUri)?.[1];
  if (
    !port ||
    Number(port) < 1 ||
    Number(port) > 65535 ||
    !registered(client.redirectUris, redirectUri)
  ) {
    return reject(`redirect_uri is not a registered loopback callback: ${redirectUri}`);
  }
  const state = q.get('state');
  const fail = (error: string) => {
    note({ outcome: 'rejected' });
    return redirect(redirectUri, { error, ...(state ? { state } : {}) });
  };
  if (q.get('response_type') !== 'code') return fail('unsupported_response_type');
  if (!ctx.clients.allows(client, 'authorization_code')) return fail('unauthorized_client');
  if (!state) return fail('invalid_request');
  if (q.get('code_challenge_method') !== 'S256') return fail('invalid_request');
  const challenge = q.get('code_challenge') ?? '';
  if (!CHALLENGE.test(challenge)) return fail('invalid_request');
  const scopes = (q.get('scopes') ?? '').split(' ').filter(Boolean);
  if (scopes.some((s) => !(client.scopes ?? []).includes(s))) return fail('invalid_scope');

  const person = ctx.devices.currentPerson();
  if (person.kind === 'never') {
    note({ outcome: 'waiting' });
    return page(200, 'Sign in', 'The scripted person never signs in.');
  }
  if (person.kind === 'deny') {
    note({ outcome: 'denied' });
    return redirect(redirectUri, { error: 'access_denied', state });
  }
  note({ outcome: 'code' });
  return redirect(redirectUri, {
    code: ctx.authCodes.issue(client, redirectUri, challenge),
    state,
  });
}
