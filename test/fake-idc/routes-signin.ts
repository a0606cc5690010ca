/**
 * The console federation endpoint (AWS docs "Enabling custom identity broker access to the AWS
 * console"): `GET /federation?Action=getSigninToken&Session=<json>` → `{"SigninToken"}` for
 * role credentials this fake issued and that have not expired; `GET
 * /federation?Action=login&Issuer&Destination&SigninToken` → 302 to the destination for a token
 * it minted. Unknown or repeated parameters, a Session that is not the three-member JSON, a
 * SessionDuration (only for AssumeRole credentials, not the portal's) or a destination that is
 * not https: 400 and recorded as unexpected. A refusal is 400 with the reason as plain text.
 */
import type { Ctx } from './context.js';
import { json, type Incoming, type Outgoing } from './http.js';

/** A refusal as text/plain; `malformed` ones no correct client provokes. */
function refuse(reason: string, malformed: boolean): Outgoing {
  return {
    status: 400,
    headers: { 'content-type': 'text/plain' },
    body: reason,
    errorShape: 'SigninRefused',
    ...(malformed ? { unexpected: reason } : {}),
  };
}

function params(req: Incoming, allowed: readonly string[]): Map<string, string> | string {
  const out = new Map<string, string>();
  for (const [key, value] of req.query) {
    if (!allowed.includes(key)) return `Unknown parameter ${key}`;
    if (out.has(key)) return `Repeated parameter ${key}`;
    out.set(key, value);
  }
  const missing = allowed.filter((k) => k !== 'Issuer' && !out.get(k));
  return missing.length ? `Missing parameter ${missing.join(', ')}` : out;
}

function session(raw: string): { id: string; key: string; token: string } | undefined {
  try {
    const s = JSON.parse(raw) as Record<string, unknown>;
    const keys = Object.keys(s).sort().join(',');
    const { sessionId: id, sessionKey: key, sessionToken: token } = s;
    if (keys !== 'sessionId,sessionKey,sessionToken') return undefined;
    if (typeof id !== 'string' || typeof key !== 'string' || typeof token !== 'string') {
      return undefined;
    }
    return { id, key, token };
  } catch {
    return undefined;
  }
}

export function getSigninToken(ctx: Ctx, req: Incoming): Outgoing {
  if (req.query.has('SessionDuration')) {
    return refuse('SessionDuration is only for AssumeRole credentials', true);
  }
  const q = params(req, ['Action', 'Session']);
  if (typeof q === 'string') return refuse(q, true);
  const s = session(q.get('Session')!);
  if (!s) return refuse('Session must be JSON {sessionId, sessionKey, sessionToken}', true);
  const issued = ctx.signin.check(s.id, s.key, s.token);
  if (typeof issued === 'string') return refuse(issued, false);
  return json({ SigninToken: ctx.signin.mintToken(issued) });
}

export function federationLogin(ctx: Ctx, req: Incoming): Outgoing {
  const q = params(req, ['Action', 'Issuer', 'Destination', 'SigninToken']);
  if (typeof q === 'string') return refuse(q, true);
  const destination = q.get('Destination')!;
  if (!/^https:\/\//.test(destination)) return refuse('Destination must be https', true);
  if (!ctx.signin.login(q.get('SigninToken')!, destination)) {
    return refuse('The sign-in token is invalid or has expired', false);
  }
  return { status: 302, headers: { location: destination }, body: '' };
}
