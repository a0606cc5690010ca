/**
 * sso-region-mismatch (and sso-start-url-mismatch): the `invalid_grant` in the browser and the
 * "Session token not found or invalid" from the portal, whose cause is a region or start URL that
 * disagrees with another place naming the same Identity Center (docs/protocol.md,
 * "SDK error texts": botocore's "inconsistent between profile and sso-session").
 */
import { loginHint } from '../../core/hints.js';
import { shellCommand } from '../../core/shell-quote.js';
import type { CheckContext } from '../facts.js';
import { fail, ok, profileSubject, sessionSubject } from '../result.js';
import { ssoCacheKey } from '../sso-cache.js';
import { normaliseStartUrl, startUrlRegion } from '../start-url.js';
import type { Check, CheckResult } from '../types.js';

/** A place that names an Identity Center: an sso-session, or a legacy profile. */
interface Portal {
  subject: string;
  at: string;
  startUrl: string | undefined;
  region: string | undefined;
}

async function portals(ctx: CheckContext): Promise<Portal[]> {
  const cfg = await ctx.facts.config();
  const where = ctx.facts.show(cfg.path);
  const out: Portal[] = [];
  for (const s of cfg.ssoSessions.values()) {
    out.push({
      subject: sessionSubject(s.name),
      at: `[sso-session ${s.name}] (line ${s.line} of ${where})`,
      startUrl: s.startUrl,
      region: s.region,
    });
  }
  for (const p of await ctx.facts.profiles()) {
    if (!p.legacy) continue;
    out.push({
      subject: profileSubject(p.name),
      at: `[profile ${p.name}] (line ${p.line} of ${where})`,
      startUrl: p.values.sso_start_url,
      region: p.values.sso_region,
    });
  }
  return out;
}

async function inScope(ctx: CheckContext, subject: string): Promise<boolean> {
  if (subject.startsWith('sso-session ')) return ctx.facts.sessionInScope(subject.slice(12));
  const p = (await ctx.facts.profiles()).find((x) => profileSubject(x.name) === subject);
  return p !== undefined && ctx.facts.profileInScope(p);
}

function urlVersusRegion(p: Portal): CheckResult[] {
  const named = p.startUrl && startUrlRegion(p.startUrl);
  if (!named || !p.region || named === p.region) return [];
  return [
    fail(
      'sso-region-mismatch',
      p.subject,
      `the start URL in ${p.at} is a portal in ${named}, but sso_region is ${p.region}: sign-in fails (invalid_grant) or the portal refuses the token`,
      `set "sso_region = ${named}" in ${p.at}`,
    ),
  ];
}

function sharedUrl(all: Portal[], p: Portal): CheckResult[] {
  if (!p.startUrl || !p.region) return [];
  const url = normaliseStartUrl(p.startUrl);
  const other = all.find(
    (o) =>
      o !== p &&
      o.startUrl !== undefined &&
      o.region !== undefined &&
      o.region !== p.region &&
      normaliseStartUrl(o.startUrl) === url,
  );
  if (!other) return [];
  const right = startUrlRegion(url);
  return [
    fail(
      'sso-region-mismatch',
      p.subject,
      `${p.at} and ${other.at} use the same start URL with different regions (${p.region}, ${other.region}); an Identity Center lives in one region`,
      right
        ? `set "sso_region = ${right}" in both`
        : `set sso_region to the same value in both (the region shown in the IAM Identity Center console's Settings)`,
    ),
  ];
}

async function profileVersusSession(ctx: CheckContext): Promise<CheckResult[]> {
  const cfg = await ctx.facts.config();
  const where = ctx.facts.show(cfg.path);
  const out: CheckResult[] = [];
  for (const p of await ctx.facts.profiles()) {
    const s = p.ssoSession && cfg.ssoSessions.get(p.ssoSession);
    if (!s || !ctx.facts.profileInScope(p)) continue;
    const pairs = [
      ['sso_region', 'sso-region-mismatch', s.region],
      ['sso_start_url', 'sso-start-url-mismatch', s.startUrl],
    ] as const;
    for (const [key, id, inSession] of pairs) {
      const mine = p.values[key];
      if (mine === undefined || inSession === undefined || mine === inSession) continue;
      out.push(
        fail(
          id,
          profileSubject(p.name),
          `[profile ${p.name}] sets ${key} = ${mine}, its [sso-session ${s.name}] says ${inSession}: botocore stops with "The value for ${key} is inconsistent between profile (${mine}) and sso-session (${inSession}).", the JS SDK silently uses the session's`,
          `remove ${key} from [profile ${p.name}] (line ${cfg.profiles.get(p.name)?.keyLines?.[key] ?? p.line} of ${where}); the sso-session holds it`,
        ),
      );
    }
  }
  return out;
}

/** A stored token: where it was issued, and the command that logs in again for it. */
interface Holder {
  what: string;
  region: string | undefined;
  startUrl: string | undefined;
  login: string;
}

/** A place in the config that names a region and start URL: a session, or a legacy profile. */
interface Named {
  subject: string;
  section: string;
  region: string | undefined;
  startUrl: string | undefined;
  regionLine: string;
}

/**
 * The Identity Center's home region, as far as a token proves it: the region its start URL names,
 * else the region the token was issued in when it was issued for this start URL (device
 * authorization in any other region is refused: the invalid_grant case above).
 */
function homeRegion(h: Holder, n: Named): string | undefined {
  const url = h.startUrl ?? n.startUrl;
  const named = url ? startUrlRegion(url) : undefined;
  if (named) return named;
  const sameUrl =
    !h.startUrl || !n.startUrl || normaliseStartUrl(h.startUrl) === normaliseStartUrl(n.startUrl);
  return sameUrl ? h.region : undefined;
}

function holderVersusConfig(h: Holder, n: Named): CheckResult[] {
  const out: CheckResult[] = [];
  if (h.region && n.region && h.region !== n.region) {
    const home = homeRegion(h, n);
    out.push(
      fail(
        'sso-region-mismatch',
        n.subject,
        `${h.what} was issued in ${h.region}, but ${n.section} now says ${n.region}: refresh and role credentials are asked of the wrong region, which refuses them: the AWS CLI fails with "The SSO session associated with this profile has expired or is otherwise invalid" (once the access token expired: "Token has expired and refresh failed")`,
        home === h.region
          ? `set "sso_region = ${h.region}" back in ${n.regionLine} (the Identity Center is in ${h.region}, where the token was issued); or, if ${n.region} is right, log in again: ${h.login}`
          : h.login,
      ),
    );
  }
  if (h.startUrl && n.startUrl && normaliseStartUrl(h.startUrl) !== normaliseStartUrl(n.startUrl)) {
    out.push(
      fail(
        'sso-start-url-mismatch',
        n.subject,
        `${h.what} was issued by ${h.startUrl}, but ${n.section} now says ${n.startUrl}: the portal answers "Session token not found or invalid"`,
        h.login,
      ),
    );
  }
  return out;
}

/**
 * The region and start URL a stored token was issued for, against the config (`region`,
 * docs/protocol.md, "Token file fields"): for sessions, and for legacy profiles, whose token file
 * is keyed by the start URL.
 */
async function tokensVersusConfig(ctx: CheckContext): Promise<CheckResult[]> {
  const cfg = await ctx.facts.config();
  const cache = await ctx.facts.cache();
  const awsid = await ctx.facts.awsid();
  const where = ctx.facts.show(cfg.path);
  const cliFile = (key: string) => cache.files.find((f) => f.name === key)?.token;
  const cliWhat = (key: string) => `the AWS CLI token (${ctx.facts.show(cache.dir)}/${key})`;
  const out: CheckResult[] = [];
  for (const s of cfg.ssoSessions.values()) {
    if (!(await ctx.facts.sessionInScope(s.name))) continue;
    const key = ssoCacheKey(s.name);
    const file = cliFile(key);
    const stored = awsid.state?.sessions[s.name];
    const named: Named = {
      subject: sessionSubject(s.name),
      section: `[sso-session ${s.name}]`,
      region: s.region,
      startUrl: s.startUrl,
      regionLine: `[sso-session ${s.name}] (line ${s.keyLines?.sso_region ?? s.line} of ${where})`,
    };
    const holders: Holder[] = [];
    if (file) {
      const login = shellCommand(['aws', 'sso', 'login', '--sso-session', s.name]);
      holders.push({ what: cliWhat(key), region: file.region, startUrl: file.startUrl, login });
    }
    if (stored?.token) {
      const { region, startUrl } = stored;
      holders.push({ what: "awsid's stored token", region, startUrl, login: loginHint(s.name) });
    }
    for (const h of holders) out.push(...holderVersusConfig(h, named));
  }
  for (const p of await ctx.facts.profiles()) {
    const url = p.values.sso_start_url;
    if (!p.legacy || !url || !ctx.facts.profileInScope(p)) continue;
    const key = ssoCacheKey(url);
    const file = cliFile(key);
    if (!file) continue;
    const line = cfg.profiles.get(p.name)?.keyLines?.sso_region ?? p.line;
    const named: Named = {
      subject: profileSubject(p.name),
      section: `[profile ${p.name}]`,
      region: p.values.sso_region,
      startUrl: url,
      regionLine: `[profile ${p.name}] (line ${line} of ${where})`,
    };
    const login = shellCommand(['aws', 'sso', 'login', '--profile', p.name]);
    out.push(
      ...holderVersusConfig(
        { what: cliWhat(key), region: file.region, startUrl: file.startUrl, login },
        named,
      ),
    );
  }
  return out;
}

export const regionCheck: Check<CheckContext> = {
  id: 'sso-region-mismatch',
  async run(ctx) {
    const all = await portals(ctx);
    const out: CheckResult[] = [];
    for (const p of all) {
      if (!(await inScope(ctx, p.subject))) continue;
      out.push(...urlVersusRegion(p), ...sharedUrl(all, p));
    }
    out.push(...(await profileVersusSession(ctx)), ...(await tokensVersusConfig(ctx)));
    if (out.length === 0 && all.length > 0) {
      out.push(
        ok(
          'sso-region-mismatch',
          'sso-sessions',
          'start URLs, regions, profiles and stored tokens agree on each Identity Center',
        ),
      );
    }
    return out;
  },
};
