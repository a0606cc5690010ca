/**
 * sso-session-missing, sso-session-incomplete, sso-region-format, start-url-format: the
 * `[sso-session]` sections and what profiles name (docs/protocol.md, "SDK error texts" for the
 * SDKs' words, "SSO keys").
 */
import type { SsoSessionSection } from '../../awsconfig/resolve.js';
import { awsidHint } from '../../core/hints.js';
import type { CheckContext } from '../facts.js';
import { sessionsOf } from '../profile-usage.js';
import { fail, nameList, ok, profileSubject, sessionSubject, warn } from '../result.js';
import { REGION_RE, startUrlProblems, suggestedStartUrl } from '../start-url.js';
import type { Check, CheckResult } from '../types.js';

const setupFix = (s: string) =>
  `${awsidHint('setup', '--sso-session', s)} --start-url URL --region REGION`;
const nearFix = (near: string | undefined, wanted: string) =>
  near === undefined ? setupFix(wanted) : awsidHint('doctor', '--sso-session', near);

async function missing(ctx: CheckContext): Promise<CheckResult[]> {
  const cfg = await ctx.facts.config();
  const where = ctx.facts.show(cfg.path);
  const out: CheckResult[] = [];
  const known = [...cfg.ssoSessions.keys()];
  const near = (s: string) => known.find((k) => k.toLowerCase() === s.toLowerCase());
  for (const p of (await ctx.facts.profiles()).filter((x) => ctx.facts.profileInScope(x))) {
    if (p.awsid && p.awsid.session === undefined) {
      out.push(
        fail(
          'sso-session-missing',
          profileSubject(p.name),
          `profile ${p.name} (line ${p.line}) runs awsid credential-process without --sso-session`,
          `awsid populate   (it rewrites the profiles it generates)`,
        ),
      );
    }
    for (const s of sessionsOf(p)) {
      if (cfg.ssoSessions.has(s)) continue;
      const how =
        p.ssoSession === s
          ? `names sso_session "${s}", but ${where} has no [sso-session ${s}]: botocore stops with "The specified sso-session does not exist", the JS SDK with a TypeError`
          : `runs awsid credential-process --sso-session ${s}, but ${where} has no [sso-session ${s}], so awsid cannot log in`;
      const alt = near(s);
      out.push(
        fail(
          'sso-session-missing',
          profileSubject(p.name),
          `profile ${p.name} (line ${p.line}) ${how}${known.length ? ` (sessions: ${nameList(known, 5)})` : ''}`,
          alt
            ? `spell it "${alt}" in [profile ${p.name}] (line ${p.line} of ${where}); names are case-sensitive`
            : setupFix(s),
        ),
      );
    }
  }
  const wanted = ctx.only.ssoSession;
  if (wanted !== undefined && !cfg.ssoSessions.has(wanted) && out.length === 0) {
    out.push(
      fail(
        'sso-session-missing',
        sessionSubject(wanted),
        `${where} has no [sso-session ${wanted}]${known.length ? ` (sessions: ${nameList(known, 5)})` : ''}`,
        nearFix(near(wanted), wanted),
      ),
    );
  }
  return out;
}

function sessionProblems(s: SsoSessionSection, where: string): CheckResult[] {
  const out: CheckResult[] = [];
  const subject = sessionSubject(s.name);
  const at = `[sso-session ${s.name}] (line ${s.line} of ${where})`;
  const lacks = [!s.startUrl && 'sso_start_url', !s.region && 'sso_region'].filter(
    (x): x is string => typeof x === 'string',
  );
  if (lacks.length > 0) {
    const example = lacks
      .map((k) =>
        k === 'sso_region' ? 'sso_region = REGION' : 'sso_start_url = https://ID.awsapps.com/start',
      )
      .join('" and "');
    out.push(
      fail(
        'sso-session-incomplete',
        subject,
        `${at} has no ${lacks.join(' and ')}: botocore says "missing required configuration", the JS SDK "missing required property"`,
        `add "${example}" to ${at}`,
      ),
    );
  }
  if (s.region && !REGION_RE.test(s.region)) {
    out.push(
      fail(
        'sso-region-format',
        subject,
        `sso_region "${s.region}" in ${at} is not an AWS region name (like us-east-1)`,
        `set sso_region to the region of your IAM Identity Center in ${at}`,
      ),
    );
  }
  if (s.startUrl) out.push(...urlResults(s.startUrl, subject, `${at}`));
  return out;
}

function urlResults(url: string, subject: string, at: string): CheckResult[] {
  return startUrlProblems(url).map((p) =>
    (p.severity === 'fail' ? fail : warn)(
      'start-url-format',
      subject,
      `sso_start_url in ${at} ${p.message}`,
      `set "sso_start_url = ${suggestedStartUrl(url)}" in ${at}`,
    ),
  );
}

export const ssoSessionsCheck: Check<CheckContext> = {
  id: 'sso-session-incomplete',
  async run(ctx) {
    const cfg = await ctx.facts.config();
    const where = ctx.facts.show(cfg.path);
    const out = await missing(ctx);
    let checked = 0;
    for (const s of cfg.ssoSessions.values()) {
      if (!(await ctx.facts.sessionInScope(s.name))) continue;
      checked++;
      out.push(...sessionProblems(s, where));
    }
    for (const p of await ctx.facts.profiles()) {
      const url = p.values.sso_start_url;
      if (!p.legacy || !url || !ctx.facts.profileInScope(p)) continue;
      out.push(
        ...urlResults(
          url,
          profileSubject(p.name),
          `[profile ${p.name}] (line ${p.line} of ${where})`,
        ),
      );
      const region = p.values.sso_region;
      if (region && !REGION_RE.test(region)) {
        out.push(
          fail(
            'sso-region-format',
            profileSubject(p.name),
            `sso_region "${region}" in [profile ${p.name}] is not an AWS region name (like us-east-1)`,
            `set sso_region to the region of your IAM Identity Center in [profile ${p.name}] (line ${p.line} of ${where})`,
          ),
        );
      }
    }
    if (out.length === 0 && checked > 0) {
      out.push(
        ok(
          'sso-session-incomplete',
          'sso-sessions',
          `${checked === 1 ? 'the sso-session has' : `all ${checked} sso-sessions have`} a well-formed start URL and region, and every profile names one that exists`,
        ),
      );
    }
    return out;
  },
};
