/**
 * profile-not-found, legacy-sso-profile, sso-and-process-mixed, sso-profile-incomplete,
 * credentials-file-shadows: profiles the SDKs read differently or cannot use
 * (docs/protocol.md, "SSO keys", "Legacy SSO profiles", "Credential precedence").
 */
import { awsidHint } from '../../core/hints.js';
import type { CheckContext, LoadedConfig } from '../facts.js';
import type { ProfileUse } from '../profile-usage.js';
import { fail, nameList, ok, profileSubject, warn } from '../result.js';
import { ssoCacheKey } from '../sso-cache.js';
import { normaliseStartUrl, REGION_RE, startUrlRegion } from '../start-url.js';
import type { Check, CheckResult } from '../types.js';

/** A session name for the fix: the portal's host label (`d-1234567890`, `my-portal`). */
function sessionNameFor(url: string, cfg: LoadedConfig): string {
  let base = 'sso';
  try {
    base = new URL(normaliseStartUrl(url)).hostname.split('.')[0]?.replace(/[^\w.-]/g, '') || 'sso';
  } catch {
    // keep "sso"
  }
  let name = base;
  for (let i = 2; cfg.ssoSessions.has(name); i++) name = `${base}-${i}`;
  return name;
}

/**
 * `tokenRegion`: where the profile's cached token was issued. A device login works only in the
 * Identity Center's home region, so that beats a `sso_region` edited since (sso-region-mismatch).
 */
function legacy(
  p: ProfileUse,
  cfg: LoadedConfig,
  where: string,
  tokenRegion: string | undefined,
): CheckResult[] {
  const url = p.values.sso_start_url;
  const region = tokenRegion ?? p.values.sso_region;
  const at = `[profile ${p.name}] (line ${p.line} of ${where})`;
  const existing =
    url === undefined
      ? undefined
      : [...cfg.ssoSessions.values()].find(
          (s) =>
            s.startUrl !== undefined && normaliseStartUrl(s.startUrl) === normaliseStartUrl(url),
        );
  const fix = existing
    ? `in ${at}, replace sso_start_url and sso_region with:\nsso_session = ${existing.name}`
    : [
        `in ${at}, replace sso_start_url and sso_region with:`,
        `sso_session = ${sessionNameFor(url ?? '', cfg)}`,
        'and add this section:',
        `[sso-session ${sessionNameFor(url ?? '', cfg)}]`,
        `sso_start_url = ${url ? normaliseStartUrl(url) : 'https://ID.awsapps.com/start'}`,
        `sso_region = ${(url && startUrlRegion(url)) ?? region ?? 'REGION'}`,
        'sso_registration_scopes = sso:account:access',
      ].join('\n');
  return [
    warn(
      'legacy-sso-profile',
      profileSubject(p.name),
      `${at} keeps its SSO settings without an sso-session: its token is never refreshed, so you log in again every time it expires (about 8 hours)`,
      fix,
    ),
  ];
}

function mixed(p: ProfileUse, where: string): CheckResult[] {
  if (!p.credentialProcess || p.ssoKeys.length === 0) return [];
  const at = `[profile ${p.name}] (line ${p.line} of ${where})`;
  const keys = p.ssoKeys.join(', ');
  if (!p.botocoreSso) {
    return [
      warn(
        'sso-and-process-mixed',
        profileSubject(p.name),
        `${at} has credential_process and ${keys}: both SDKs run the process, but tools that look for sso_* keys treat it as an SSO profile`,
        `remove ${keys} from ${at}`,
      ),
    ];
  }
  return [
    fail(
      'sso-and-process-mixed',
      profileSubject(p.name),
      `${at} has both ${keys} and credential_process: botocore (the AWS CLI) takes SSO, the JS SDK runs the process, so the two can fail differently ("Error loading SSO Token" in one only)`,
      p.awsid
        ? `remove ${keys} from ${at}; awsid's credential_process does the SSO part`
        : `keep one of them: remove credential_process or ${keys} from ${at}`,
    ),
  ];
}

function incomplete(p: ProfileUse, where: string): CheckResult[] {
  if (!p.botocoreSso) return [];
  const need = p.legacy
    ? ['sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name']
    : ['sso_account_id', 'sso_role_name'];
  const lacks = need.filter((k) => !p.values[k]);
  if (lacks.length === 0) return [];
  return [
    fail(
      'sso-profile-incomplete',
      profileSubject(p.name),
      `[profile ${p.name}] lacks ${lacks.join(' and ')}: botocore says "is configured to use SSO but is missing required configuration", the JS SDK "invalid SSO credentials"`,
      `add ${lacks.map((k) => `"${k} = ..."`).join(' and ')} to [profile ${p.name}] (line ${p.line} of ${where})`,
    ),
  ];
}

function shadowed(p: ProfileUse, credSections: Set<string>, credPath: string): CheckResult[] {
  if (!credSections.has(p.name) || (!p.botocoreSso && !p.credentialProcess)) return [];
  const what = p.botocoreSso
    ? 'the JS SDK takes static keys from there before SSO, botocore (the AWS CLI) takes SSO first'
    : 'both SDKs take static keys from there before credential_process, which never runs';
  return [
    warn(
      'credentials-file-shadows',
      profileSubject(p.name),
      `${credPath} also has a [${p.name}] section: ${what}`,
      `remove [${p.name}] from ${credPath}`,
    ),
  ];
}

export const profilesCheck: Check<CheckContext> = {
  id: 'legacy-sso-profile',
  async run(ctx) {
    const cfg = await ctx.facts.config();
    const creds = await ctx.facts.credentials();
    const where = ctx.facts.show(cfg.path);
    const out: CheckResult[] = [];
    const wanted = ctx.only.profile;
    if (wanted !== undefined && !cfg.profiles.has(wanted)) {
      const inCreds = creds.sections.some((s) => s.name === wanted);
      const names = [...cfg.profiles.keys()];
      out.push(
        inCreds
          ? ok(
              'profile-not-found',
              profileSubject(wanted),
              `profile ${wanted} is only in ${ctx.facts.show(creds.path)} (static keys): nothing SSO to check`,
            )
          : fail(
              'profile-not-found',
              profileSubject(wanted),
              `there is no profile ${wanted} in ${where}${names.length ? ` (profiles: ${nameList(names, 5)})` : ''}`,
              names[0] !== undefined ? awsidHint('doctor', '--profile', names[0]) : 'awsid setup',
            ),
      );
    }
    const credSections = new Set(creds.sections.map((s) => s.name));
    const shownCreds = ctx.facts.show(creds.path);
    const cache = await ctx.facts.cache();
    const tokenRegion = (url: string | undefined) => {
      const r = url && cache.files.find((f) => f.name === ssoCacheKey(url))?.token?.region;
      return r && REGION_RE.test(r) ? r : undefined;
    };
    let checked = 0;
    for (const p of await ctx.facts.profiles()) {
      if (!ctx.facts.profileInScope(p)) continue;
      checked++;
      if (p.legacy) out.push(...legacy(p, cfg, where, tokenRegion(p.values.sso_start_url)));
      out.push(
        ...mixed(p, where),
        ...incomplete(p, where),
        ...shadowed(p, credSections, shownCreds),
      );
    }
    if (out.length === 0 && checked > 0) {
      out.push(
        ok(
          'legacy-sso-profile',
          'profiles',
          `${checked === 1 ? 'the profile is' : `all ${checked} profiles are`} complete and read the same way by botocore and the JS SDK`,
        ),
      );
    }
    return out;
  },
};
