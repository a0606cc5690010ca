/**
 * Judging one stored token: the AWS CLI's cache file (botocore's refresh rules, docs/protocol.md,
 * "Refresh rules", and "SDK error texts" for the error texts) or awsid's sealed session. Pure:
 * facts in, results out.
 */
import type { SsoSessionSection } from '../../awsconfig/resolve.js';
import { formatWhen } from '../../core/format-time.js';
import { loginHint } from '../../core/hints.js';
import { refreshability } from '../../sso/refreshability.js';
import type { SessionState } from '../../store/state-store.js';
import type { ProfileUse } from '../profile-usage.js';
import { fail, ok, profilesFail, sessionSubject, warn } from '../result.js';
import type { ServerAnswer } from '../refresh-probe.js';
import type { CacheFile, CliToken } from '../sso-cache.js';
import type { CheckResult } from '../types.js';

const failing = (ps: ProfileUse[]) => profilesFail(ps.map((p) => p.name));

/** Why botocore will not refresh this cached token, or undefined when it will (bc/tokens.py). */
function cliRefreshBlocker(t: CliToken, now: number): string | undefined {
  if (!t.hasRefreshToken) return 'it has no refresh token';
  if (!t.hasClient) return 'it has no client registration';
  if (t.registrationExpiresAt === undefined) return 'it has no registrationExpiresAt';
  if (t.registrationExpiresAt <= now) {
    return `its client registration expired ${formatWhen(t.registrationExpiresAt, now)}`;
  }
  return undefined;
}

/** Why awsid cannot refresh this session, in words; undefined when it can. */
function awsidRefreshBlocker(stored: SessionState, now: number): string | undefined {
  switch (refreshability(stored, now).blocker) {
    case 'no-refresh-token':
      return 'Identity Center issued no refresh token';
    case 'no-registration':
      return 'no client registration is stored';
    case 'registration-expired':
      return `the client registration expired ${formatWhen(stored.registration!.expiresAt, now)}`;
    case undefined:
      return undefined;
  }
}

function scopesFix(s: SsoSessionSection | undefined, where: string, login: string): string {
  if (s && s.registrationScopes.length === 0) {
    return `add "sso_registration_scopes = sso:account:access" to [sso-session ${s.name}] (line ${s.line} of ${where}), then: ${login}`;
  }
  return login;
}

export interface CliCase {
  subject: string;
  /** "sso-session corp" or "the start URL of profile dev". */
  owner: string;
  file: CacheFile | undefined;
  path: string;
  users: ProfileUse[];
  login: string;
  /** The fix for a missing or dead token, when it is more than the login (`awsid adopt`). */
  fix?: string | undefined;
  legacy: boolean;
  session: SsoSessionSection | undefined;
  /**
   * What botocore prints when the file is missing, and when the token expired ("SDK error texts").
   */
  missingText: string;
  expiredText: string;
  /** Online only, when the token is due for a refresh: what Identity Center answered. */
  server?: ServerAnswer | undefined;
}

const refusal = (a: ServerAnswer | undefined) => (a?.kind === 'refused' ? a.why : undefined);
/** What the SDKs will do with an expired token they may refresh, as far as the server told. */
const onNextUse = (a: ServerAnswer | undefined) =>
  a?.kind === 'accepted' ? a.note : 'the SDKs refresh it on next use';

export function cliToken(c: CliCase, now: number, where: string): CheckResult[] {
  const who = c.users.length ? `; ${failing(c.users)}` : '';
  if (!c.file) {
    return [
      fail(
        'token-missing',
        c.subject,
        `no AWS CLI token for ${c.owner} (${c.path})${who && `${who} with "${c.missingText}"`}`,
        c.fix ?? c.login,
      ),
    ];
  }
  const t = c.file.token;
  if (!t) return []; // corrupt or unreadable: cache-corrupt reports it
  const blocker = c.legacy
    ? 'profiles without an sso-session are never refreshed'
    : (cliRefreshBlocker(t, now) ?? refusal(c.server));
  if (t.expiresAt <= now) {
    if (!blocker) {
      return [
        ok(
          'token-expired',
          c.subject,
          `the AWS CLI token for ${c.owner} expired ${formatWhen(t.expiresAt, now)}; ${onNextUse(c.server)}`,
        ),
      ];
    }
    return [
      fail(
        'token-expired',
        c.subject,
        `the AWS CLI token for ${c.owner} (${c.path}) expired ${formatWhen(t.expiresAt, now)} and cannot be refreshed: ${blocker}${who && `${who} with "${c.expiredText}"`}`,
        c.fix ?? c.login,
      ),
    ];
  }
  if (blocker && !c.legacy) {
    return [
      warn(
        'refresh-impossible',
        c.subject,
        `the AWS CLI token for ${c.owner} is valid until ${formatWhen(t.expiresAt, now)} but cannot be refreshed: ${blocker}; after that ${c.users.length ? failing(c.users) : 'it is useless'} until you log in again`,
        t.hasRefreshToken ? c.login : scopesFix(c.session, where, c.login),
      ),
    ];
  }
  return [
    ok(
      'token-missing',
      c.subject,
      `the AWS CLI token for ${c.owner} is valid until ${formatWhen(t.expiresAt, now)}${blocker ? '' : ' and refreshable'}`,
    ),
  ];
}

export function awsidToken(
  name: string,
  stored: SessionState | undefined,
  users: ProfileUse[],
  session: SsoSessionSection | undefined,
  where: string,
  now: number,
  server?: ServerAnswer & { expiresAt?: number | undefined },
): CheckResult[] {
  const subject = sessionSubject(name);
  const login = loginHint(name);
  const who = users.length ? `; ${failing(users)} (awsid credential_process)` : '';
  const t = stored?.token;
  if (!t) {
    return [
      (users.length ? fail : warn)(
        'token-missing',
        subject,
        `awsid is not logged in to sso-session ${name}${who}`,
        login,
      ),
    ];
  }
  const blocker = awsidRefreshBlocker(stored, now) ?? refusal(server);
  if (server?.kind === 'accepted' && server.expiresAt !== undefined) {
    return [
      ok(
        'token-expired',
        subject,
        `awsid refreshed the access token of sso-session ${name} just now; it is valid until ${formatWhen(server.expiresAt, now)}`,
      ),
    ];
  }
  if (t.expiresAt <= now) {
    return blocker
      ? [
          fail(
            'token-expired',
            subject,
            `awsid's token for sso-session ${name} expired ${formatWhen(t.expiresAt, now)} and cannot be refreshed: ${blocker}${who}`,
            login,
          ),
        ]
      : [
          ok(
            'token-expired',
            subject,
            `awsid's access token expired ${formatWhen(t.expiresAt, now)}; awsid refreshes it on next use`,
          ),
        ];
  }
  if (blocker) {
    return [
      warn(
        'refresh-impossible',
        subject,
        `awsid's token for sso-session ${name} is valid until ${formatWhen(t.expiresAt, now)} but cannot be refreshed: ${blocker}`,
        t.refreshToken ? login : scopesFix(session, where, login),
      ),
    ];
  }
  return [
    ok(
      'token-missing',
      subject,
      `awsid is logged in; the access token is valid until ${formatWhen(t.expiresAt, now)} and refreshable`,
    ),
  ];
}
