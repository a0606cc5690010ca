import { readAwsConfig } from '../../awsconfig/resolve.js';
import { ConfigError, NotLoggedInError } from '../../core/errors.js';
import { loginHint } from '../../core/hints.js';
import { endpointsFor, notLoggedInHere, sameIssuer, storedIssuer } from '../../sso/issuer.js';
import { refreshability } from '../../sso/refreshability.js';
import { terminalSafe } from '../../core/terminal-text.js';
import type { SessionState } from '../../store/state.js';
import type { Context } from '../context.js';
import { formatWhen } from '../../core/format-time.js';
import type { StatusOptions } from './status.js';

export interface SessionStatus {
  name: string;
  configured: boolean;
  startUrl: string | undefined;
  region: string | undefined;
  loggedIn: boolean;
  accessTokenExpiresAt: string | undefined;
  accessTokenValid: boolean;
  refreshable: boolean;
  /** Upper bound: the Identity Center session may end sooner; the service does not say when. */
  refreshableUntil: string | undefined;
  registrationExpiresAt: string | undefined;
  lastLoginAt: string | undefined;
  lastRefreshAt: string | undefined;
  /** Logged in, but with another start URL, region or endpoints than this config names. */
  notLoggedInHere?: string;
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function describeSession(
  name: string,
  stored: SessionState | undefined,
  configured: { startUrl?: string | undefined; region?: string | undefined } | undefined,
  now: number,
  /** Why the stored login is not for this world's issuer (src/sso/issuer.ts), if it is not. */
  elsewhere?: string,
): SessionStatus {
  const t = stored?.token;
  const reg = stored?.registration;
  const refreshable = refreshability(stored, now).blocker === undefined;
  const valid = t !== undefined && t.expiresAt > now;
  return {
    name,
    configured: configured !== undefined,
    startUrl: configured?.startUrl ?? stored?.startUrl,
    region: configured?.region ?? stored?.region,
    loggedIn: (valid || refreshable) && elsewhere === undefined,
    accessTokenExpiresAt: iso(t?.expiresAt),
    accessTokenValid: valid,
    refreshable,
    refreshableUntil: refreshable ? iso(reg?.expiresAt) : undefined,
    registrationExpiresAt: iso(reg?.expiresAt),
    lastLoginAt: iso(t?.loginAt),
    lastRefreshAt: iso(t?.refreshedAt),
    ...(elsewhere === undefined ? {} : { notLoggedInHere: elsewhere }),
  };
}

/** The stored login's issuer differs from the one this config and environment name. */
function elsewhereReason(
  ctx: Context,
  name: string,
  stored: SessionState | undefined,
  c: { startUrl?: string | undefined; region?: string | undefined } | undefined,
): string | undefined {
  if (!stored?.token || !c?.startUrl || !c.region) return undefined;
  const here = { startUrl: c.startUrl, region: c.region, ...endpointsFor(c.region, ctx.env) };
  const was = storedIssuer(stored);
  return sameIssuer(was, here) ? undefined : notLoggedInHere(name, was, here).message;
}

function render(s: SessionStatus, now: number): string[] {
  const at = (v: string | undefined) => (v ? formatWhen(Date.parse(v), now) : '-');
  const lines = [
    terminalSafe(
      `sso-session ${s.name}${s.startUrl ? ` (${s.startUrl}, ${s.region ?? '?'})` : ''}`,
    ),
  ];
  if (!s.configured) lines.push('  not in the config file any more (stored by an earlier login)');
  lines.push(`  logged in: ${s.loggedIn ? 'yes' : 'no'}`);
  if (s.notLoggedInHere) lines.push(`  (${terminalSafe(s.notLoggedInHere)})`);
  if (s.accessTokenExpiresAt) {
    lines.push(
      `  access token: ${s.accessTokenValid ? 'valid until' : 'expired'} ${at(s.accessTokenExpiresAt)}`,
    );
  }
  lines.push(
    s.refreshable
      ? `  refresh: yes, until the Identity Center session ends (at the latest ${at(s.refreshableUntil)})`
      : '  refresh: no',
  );
  if (s.registrationExpiresAt)
    lines.push(`  client registration: valid until ${at(s.registrationExpiresAt)}`);
  if (!s.loggedIn) lines.push(`  run: ${terminalSafe(loginHint(s.name))}`);
  return lines;
}

export async function runStatus(opts: StatusOptions, ctx: Context): Promise<number> {
  const cfg = await readAwsConfig(ctx.paths.awsConfigFile);
  const store = await ctx.store();
  const state = await store.read();
  const now = ctx.clock.now();
  const names = new Set([...cfg.ssoSessions.keys(), ...Object.keys(state.sessions)]);
  const selected = [...names].filter((n) => !opts.ssoSession || n === opts.ssoSession).sort();
  const sessions = selected.map((n) => {
    const c = cfg.ssoSessions.get(n);
    const configured = c && { startUrl: c.startUrl, region: c.region };
    const stored = state.sessions[n];
    return describeSession(n, stored, configured, now, elsewhereReason(ctx, n, stored, configured));
  });
  const code = exitCode(opts.ssoSession, sessions);
  if (opts.json) {
    ctx.io.stdout.write(`${JSON.stringify({ store: store.describe(), sessions }, null, 2)}\n`);
    return code;
  }
  const out: string[] = [`secret store: ${store.describe()}`];
  if (sessions.length === 0) {
    out.push(
      opts.ssoSession
        ? `sso-session '${opts.ssoSession}' is neither configured nor logged in`
        : `no sso-sessions in ${cfg.path} and none logged in`,
      '  run: awsid setup --sso-session NAME --start-url URL --region REGION',
    );
  }
  for (const s of sessions) out.push('', ...render(s, now));
  ctx.io.stdout.write(`${out.join('\n')}\n`);
  return code;
}

/**
 * With `--sso-session S`, scripts can test the exit code (`awsid status --sso-session S ||
 * awsid login --sso-session S`): 4 (ConfigError's) when S is neither configured nor stored, 3
 * (NotLoggedInError's) when it is not logged in here; the overview without a name always exits 0.
 */
function exitCode(named: string | undefined, sessions: readonly SessionStatus[]): number {
  if (named === undefined) return 0;
  const s = sessions[0];
  if (!s) return new ConfigError('').exitCode;
  return s.loggedIn ? 0 : new NotLoggedInError('').exitCode;
}
