/*
 * Which profiles `awsid adopt` can take over: AWS CLI SSO profiles, as botocore resolves them
 * (bc/credentials.py `SSOProvider`): `sso_account_id` + `sso_role_name` with either `sso_session`
 * (its [sso-session] giving the start URL and region) or the legacy `sso_start_url` +
 * `sso_region` in the profile. Profiles with only `sso_session` (token-only profiles) are not
 * role profiles and are left alone.
 */
import { isAccountId } from '../core/account-id.js';
import { parseAwsidProcess } from '../awsconfig/awsid-process.js';
import type { AwsConfig, ProfileSection } from '../awsconfig/resolve.js';
import { legacySession, type LegacySession } from './session-name.js';

export interface Candidate {
  profile: string;
  ssoSession: string;
  accountId: string;
  roleName: string;
  /** Set for a legacy profile: the session it is given. */
  legacy?: LegacySession;
}

export interface Skipped {
  profile: string;
  /** The session the profile names, when it names one. */
  ssoSession: string | undefined;
  why: string;
}

export interface Survey {
  candidates: Candidate[];
  skipped: Skipped[];
  /** New [sso-session] sections for legacy profiles, in file order. */
  newSessions: LegacySession[];
}

/** IAM's role-name characters; an account id is 12 digits. Anything else would not work anyway. */
const ROLE_RE = /^[\w+=,.@-]{1,64}$/;

function problem(v: Record<string, string>): string | undefined {
  const account = v.sso_account_id ?? '';
  const role = v.sso_role_name ?? '';
  if (!isAccountId(account)) return `sso_account_id "${account}" is not 12 digits`;
  if (!ROLE_RE.test(role)) return `sso_role_name "${role}" is not a role name`;
  if (v.credential_process !== undefined) {
    return parseAwsidProcess(v.credential_process).isAwsid
      ? 'it already has an awsid credential_process next to its sso_* keys'
      : 'it has a credential_process of its own';
  }
  return undefined;
}

function classify(
  p: ProfileSection,
  cfg: AwsConfig,
  planned: LegacySession[],
): Candidate | Skipped | undefined {
  const v = p.values;
  if (v.sso_account_id === undefined && v.sso_role_name === undefined) return undefined;
  const named = v.sso_session;
  const skip = (why: string): Skipped => ({ profile: p.name, ssoSession: named, why });
  if (v.sso_account_id === undefined || v.sso_role_name === undefined) {
    return skip(
      `it has ${v.sso_account_id === undefined ? 'sso_role_name but no sso_account_id' : 'sso_account_id but no sso_role_name'}`,
    );
  }
  const bad = problem(v);
  if (bad) return skip(bad);
  const target = { profile: p.name, accountId: v.sso_account_id, roleName: v.sso_role_name };
  if (named !== undefined) {
    const s = cfg.ssoSessions.get(named);
    if (!s)
      return skip(`it names sso_session ${named}, which has no [sso-session ${named}] section`);
    if (!s.startUrl || !s.region)
      return skip(`[sso-session ${named}] lacks sso_start_url or sso_region`);
    return { ...target, ssoSession: named };
  }
  if (v.sso_start_url === undefined || v.sso_region === undefined) {
    return skip('it has neither sso_session nor both sso_start_url and sso_region');
  }
  const legacy = legacySession(v.sso_start_url, v.sso_region, cfg.ssoSessions, planned);
  if (legacy.added && !planned.includes(legacy)) planned.push(legacy);
  return { ...target, ssoSession: legacy.name, legacy };
}

/** Every SSO role profile in the file, in file order: adoptable, or skipped with the reason. */
export function surveyProfiles(cfg: AwsConfig): Survey {
  const out: Survey = { candidates: [], skipped: [], newSessions: [] };
  const profiles = [...cfg.profiles.values()].sort((a, b) => a.line - b.line);
  for (const p of profiles) {
    const c = classify(p, cfg, out.newSessions);
    if (c === undefined) continue;
    if ('why' in c) out.skipped.push(c);
    else out.candidates.push(c);
  }
  return out;
}
