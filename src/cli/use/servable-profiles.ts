/**
 * The profiles `awsid use` offers: those whose `credential_process` runs awsid (written by
 * `awsid populate`, adopted, or wired by hand). Native `sso_*` profiles are left out on purpose:
 * the AWS CLI serves those itself, not through awsid's daemon.
 */
import { parseAwsidProcess } from '../../awsconfig/awsid-process.js';
import type { AwsConfig } from '../../awsconfig/resolve.js';
import { ACCOUNT_NAME_KEY } from '../../populate/account-name.js';

export interface ServableProfile {
  name: string;
  ssoSession: string;
  accountId: string;
  roleName: string;
  /** The `awsid_account_name` populate wrote, or '' (adopted and hand-written profiles). */
  accountName: string;
  /** The profile's `region`, or '' when it has none. */
  region: string;
}

/** Sorted by name; a profile whose awsid line lacks a flag is skipped (it cannot be served). */
export function servableProfiles(cfg: AwsConfig): ServableProfile[] {
  const out: ServableProfile[] = [];
  for (const p of cfg.profiles.values()) {
    const cp = parseAwsidProcess(p.values.credential_process);
    if (!cp.isAwsid || !cp.ssoSession || !cp.accountId || !cp.roleName) continue;
    out.push({
      name: p.name,
      ssoSession: cp.ssoSession,
      accountId: cp.accountId,
      roleName: cp.roleName,
      accountName: p.values[ACCOUNT_NAME_KEY] ?? '',
      region: p.values.region ?? '',
    });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
