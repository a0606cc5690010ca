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
          `[profile ${p.name}] sets ${key} = ${mine}, its [sso-session ${s.name}] says ${inSession}: botocore stops with "The value for ${key} is inconsistent between profile and sso-session", the JS SDK silently uses the session's`,
          `remove ${key} from [profile ${p.name}] (line ${cfg.profiles.get(p.name)?.keyLines?.[key] ?? p.line} of ${where}); the sso-session holds it`,
        ),
      );
    }
  }
  return out;
}

/**
 * The region and start URL a stored token was issued for, against the config (`region`,
 * docs/protocol.md, "Token file fields").
 */
async function tokensVersusConfig(ctx: CheckContext): Promise<CheckResult[]> {
  const cfg = await ctx.facts.config();
  const cache = await ctx.facts.cache();
  const awsid = await ctx.facts.awsid();
  const out: CheckResult[] = [];
  for (const s of cfg.ssoSessions.values()) {
    if (!(await ctx.facts.sessionInScope(s.name))) continue;
    const file = cache.files.find((f) => f.name === ssoCacheKey(s.name))?.token;
    const stored = awsid.state?.sessions[s.name];
    const holders = [
      file && {
        what: `the AWS CLI token (${ctx.facts.show(cache.dir)}/${ssoCacheKey(s.name)})`,
        region: file.region,
        startUrl: file.startUrl,
        login: shellCommand(['aws', 'sso', 'login', '--sso-session', s.name]),
      },
      stored?.token && {
        what: "awsid's stored token",
        region: stored.region,
        startUrl: stored.startUrl,
        login: loginHint(s.name),
      },
    ];
    for (const h of holders) {
      if (!h) continue;
      if (h.region && s.region && h.region !== s.region) {
        out.push(
          fail(
            'sso-region-mismatch',
            sessionSubject(s.name),
            `${h.what} was issued in ${h.region}, but [sso-session ${s.name}] now says ${s.region}: refresh and role credentials are asked of the wrong region`,
            h.login,
          ),
        );
      }
      if (
        h.startUrl &&
        s.startUrl &&
        normaliseStartUrl(h.startUrl) !== normaliseStartUrl(s.startUrl)
      ) {
        out.push(
          fail(
            'sso-start-url-mismatch',
            sessionSubject(s.name),
            `${h.what} was issued by ${h.startUrl}, but [sso-session ${s.name}] now says ${s.startUrl}: the portal answers "Session token not found or invalid"`,
            h.login,
          ),
        );
      }
    }
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
