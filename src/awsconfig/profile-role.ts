/**
 * The role a profile names: `sso_session`/`sso_account_id`/`sso_role_name`, or the flags of its
 * awsid credential_process line (what populate writes). Pure: the full CLI (`--profile`) and the
 * daemon (a `getCredentials` by profile from the fast client) both resolve profiles here, so both
 * give the same answer and the same one-line error.
 */
import { isAccountId } from '../core/account-id.js';
import { ConfigError } from '../core/errors.js';
import { terminalSafe } from '../core/terminal-text.js';
import type { RoleRef } from '../core/model.js';
import { parseAwsidProcess } from './awsid-process.js';
import { knownSession, unknownProfileError } from './unknown-names.js';
import type { AwsConfig, ProfileSection } from './resolve.js';

export interface ProfileRole extends RoleRef {
  /** The profile's client `region`, when it has one. */
  region: string | undefined;
}

const HINT = 'awsid populate   (or pass --sso-session, --account-id and --role-name)';

export function roleFromProfile(p: ProfileSection, path: string): ProfileRole {
  const v = p.values;
  const cp = parseAwsidProcess(v.credential_process);
  const ref = {
    ssoSession: v.sso_session ?? (cp.isAwsid ? cp.ssoSession : undefined),
    accountId: v.sso_account_id ?? (cp.isAwsid ? cp.accountId : undefined),
    roleName: v.sso_role_name ?? (cp.isAwsid ? cp.roleName : undefined),
  };
  const missing = Object.entries({
    sso_session: ref.ssoSession,
    sso_account_id: ref.accountId,
    sso_role_name: ref.roleName,
  })
    .filter(([, val]) => !val)
    .map(([k]) => k);
  if (missing.length || !ref.ssoSession || !ref.accountId || !ref.roleName) {
    throw new ConfigError(
      `profile '${p.name}' (line ${p.line} of ${path}) lacks ${missing.join(', ')}`,
      { hint: HINT },
    );
  }
  if (!isAccountId(ref.accountId)) {
    const key =
      v.sso_account_id === undefined
        ? 'the --account-id of its credential_process'
        : 'sso_account_id';
    throw new ConfigError(
      `profile '${p.name}' (line ${p.line} of ${path}): ${key} '${terminalSafe(ref.accountId)}' is not a 12-digit AWS account id`,
      { hint: `fix it in [profile ${p.name}] (line ${p.line} of ${path}), or run: awsid populate` },
    );
  }
  return {
    ssoSession: ref.ssoSession,
    accountId: ref.accountId,
    roleName: ref.roleName,
    region: v.region,
  };
}

/** `[profile NAME]` (or `[default]`) of a parsed config; ConfigError when it is not there. */
export function roleOfProfile(cfg: AwsConfig, name: string): ProfileRole {
  const p = cfg.profiles.get(name);
  if (!p) throw unknownProfileError(cfg, name, HINT);
  return knownSession(cfg, p, roleFromProfile(p, cfg.path));
}
