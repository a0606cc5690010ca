/**
 * token-missing, token-expired, refresh-impossible: for awsid's stored sessions and for the AWS
 * CLI's own cache files, which AWS-CLI-style profiles read (the "Error loading SSO Token" case).
 * Refresh rules are botocore's, the stricter reader (docs/protocol.md, "Refresh rules"); the fix
 * names the tool that holds the token.
 */
import type { SsoSessionSection } from '../../awsconfig/resolve.js';
import { awsidHint, loginHint } from '../../core/hints.js';
import { shellCommand } from '../../core/shell-quote.js';
import { TOKEN_REFRESH_WINDOW_MS } from '../../sso/refresh-window.js';
import { refreshability } from '../../sso/refreshability.js';
import type { SessionState } from '../../store/state-store.js';
import type { CheckContext } from '../facts.js';
import { profileSubject, sessionSubject, warn } from '../result.js';
import { probeCliRegistration, refreshAwsid, type ServerAnswer } from '../refresh-probe.js';
import { ssoCacheKey, type CacheFile } from '../sso-cache.js';
import type { Check, CheckResult } from '../types.js';
import { awsidToken, cliToken } from './token-state.js';

/**
 * The fix for AWS-CLI-style profiles without a usable AWS CLI token: `awsid adopt` turns them into
 * awsid profiles under the same names (awsid's login, refreshed for as long as Identity Center
 * allows), else the AWS CLI's own login. awsid never writes the AWS CLI's cache, so being logged
 * in to awsid does not help such a profile until it is adopted.
 */
function adoptFix(
  flag: '--sso-session' | '--profile',
  name: string,
  then: string,
  cliLogin: string,
): string {
  return `${awsidHint('adopt', flag, name)}   (${then}; or keep the AWS CLI's own SSO: ${cliLogin})`;
}

function sessionAdoptFix(
  session: string,
  loggedIn: boolean,
  profile: string,
  cliLogin: string,
): string {
  const then = loggedIn
    ? `awsid is logged in to sso-session ${session}, but profile ${profile} reads the AWS CLI's cache until adopted`
    : `then ${loginHint(session)}`;
  return adoptFix('--sso-session', session, then, cliLogin);
}

/**
 * Online, for a token the SDKs would refresh now (botocore's window): what Identity Center says
 * to that refresh (src/doctor/refresh-probe.ts). Offline, or when the token is not due, nothing.
 */
async function cliAnswer(
  ctx: CheckContext,
  file: CacheFile | undefined,
  session: SsoSessionSection | undefined,
): Promise<ServerAnswer | undefined> {
  const t = file?.token;
  const now = ctx.clock.now();
  // botocore refreshes in the sso-session's sso_region, not the token's (tokens.py,
  // SSOTokenProvider._client): a token from another region is refused there.
  const region = session?.region ?? t?.region;
  if (ctx.offline || !file || !t || !region || t.expiresAt - now > TOKEN_REFRESH_WINDOW_MS) {
    return undefined;
  }
  const local = t.hasRefreshToken && t.hasClient && (t.registrationExpiresAt ?? 0) > now;
  return local ? probeCliRegistration(file.path, ctx.oidcFor(region)) : undefined;
}

async function awsidAnswer(
  ctx: CheckContext,
  name: string,
  stored: SessionState | undefined,
): Promise<(ServerAnswer & { expiresAt?: number | undefined }) | undefined> {
  const now = ctx.clock.now();
  const t = stored?.token;
  if (ctx.offline || !stored || !t || t.expiresAt - now > TOKEN_REFRESH_WINDOW_MS) return undefined;
  if (refreshability(stored, now).blocker !== undefined) return undefined;
  return refreshAwsid(await ctx.tokenService(), name);
}

/** Legacy profiles (`sso_start_url` in the profile, no sso-session): the CLI's token per start URL. */
async function legacyProfileTokens(
  ctx: CheckContext,
  file: (key: string) => CacheFile | undefined,
  cacheDir: string,
  now: number,
  where: string,
): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const p of await ctx.facts.profiles()) {
    const url = p.values.sso_start_url;
    if (!p.legacy || !url || !ctx.facts.profileInScope(p)) continue;
    const key = ssoCacheKey(url);
    out.push(
      ...cliToken(
        {
          subject: profileSubject(p.name),
          owner: `the start URL of profile ${p.name}`,
          file: file(key),
          path: `${cacheDir}/${key}`,
          users: [p],
          login: shellCommand(['aws', 'sso', 'login', '--profile', p.name]),
          fix: adoptFix(
            '--profile',
            p.name,
            'it then names the awsid login to run',
            shellCommand(['aws', 'sso', 'login', '--profile', p.name]),
          ),
          legacy: true,
          session: undefined,
          missingText: `Error loading SSO Token: Token for ${url} does not exist`,
          expiredText:
            'The SSO session associated with this profile has expired or is otherwise invalid',
        },
        now,
        where,
      ),
    );
  }
  return out;
}

export const tokensCheck: Check<CheckContext> = {
  id: 'token-missing',
  async run(ctx) {
    const cfg = await ctx.facts.config();
    const cache = await ctx.facts.cache();
    const awsid = await ctx.facts.awsid();
    const where = ctx.facts.show(cfg.path);
    const now = ctx.clock.now();
    const cacheDir = ctx.facts.show(cache.dir);
    const out: CheckResult[] = [];
    const file = (key: string) => cache.files.find((f) => f.name === key);
    const stored = awsid.state?.sessions ?? {};
    const names = new Set([...cfg.ssoSessions.keys(), ...Object.keys(stored)]);
    for (const name of [...names].sort()) {
      if (!(await ctx.facts.sessionInScope(name))) continue;
      const session = cfg.ssoSessions.get(name);
      const users = await ctx.facts.usersOf(name);
      const key = ssoCacheKey(name);
      const cliFile = file(key);
      const checkCli = users.cli.length > 0 || (users.awsid.length === 0 && cliFile !== undefined);
      const awsidKnown = awsid.state !== undefined;
      const checkAwsid =
        awsidKnown && (users.awsid.length > 0 || (users.cli.length === 0 && name in stored));
      if (checkCli) {
        const login = shellCommand(['aws', 'sso', 'login', '--sso-session', name]);
        out.push(
          ...cliToken(
            {
              subject: sessionSubject(name),
              owner: `sso-session ${name}`,
              file: cliFile,
              path: `${cacheDir}/${key}`,
              users: users.cli,
              login,
              ...(users.cli[0] && {
                fix: sessionAdoptFix(name, !!stored[name]?.token, users.cli[0].name, login),
              }),
              legacy: false,
              session,
              missingText: `Error loading SSO Token: Token for ${name} does not exist`,
              expiredText: 'Token has expired and refresh failed',
              server: await cliAnswer(ctx, cliFile, session),
            },
            now,
            where,
          ),
        );
      }
      if (checkAwsid) {
        const answer = await awsidAnswer(ctx, name, stored[name]);
        out.push(...awsidToken(name, stored[name], users.awsid, session, where, now, answer));
      }
      if (!checkCli && !checkAwsid && awsidKnown && session) {
        out.push(
          warn(
            'token-missing',
            sessionSubject(name),
            `nobody is logged in to sso-session ${name} (no profile uses it yet)`,
            loginHint(name),
          ),
        );
      }
    }
    out.push(...(await legacyProfileTokens(ctx, file, cacheDir, now, where)));
    return out;
  },
};
