/**
 * What each profile asks the SDKs to do, in the terms the checks need (docs/protocol.md,
 * "SSO keys", "Credential precedence").
 * Only key names and non-secret values (names, ids, URLs, regions, the command) are looked at.
 */
import type { ProfileSection } from '../awsconfig/resolve.js';
import { parseAwsidProcess as parseCommand } from '../awsconfig/awsid-process.js';

/** awsid's own credential_process line (written by `awsid populate`). */
export interface AwsidProcess {
  session: string | undefined;
  accountId: string | undefined;
  roleName: string | undefined;
  /** Carries the `awsid_generated` mark: `awsid populate` owns and rewrites it. */
  generated: boolean;
}

export interface ProfileUse {
  name: string;
  line: number;
  /** botocore's SSO provider applies: `sso_account_id` or `sso_role_name` is set (bc/credentials.py). */
  botocoreSso: boolean;
  /** The `sso_session` it names, if any. */
  ssoSession: string | undefined;
  /**
   * SSO settings without an sso-session: token keyed by sha1(start URL), never refreshed ("Legacy
   * SSO profiles").
   */
  legacy: boolean;
  /** Any `sso_*` key (the JS SDK's isSsoProfile test). */
  ssoKeys: string[];
  credentialProcess: string | undefined;
  awsid: AwsidProcess | undefined;
  values: Record<string, string>;
}

/** Recognises `…/awsid credential-process --sso-session S --account-id A --role-name R`. */
export function parseAwsidProcess(
  command: string,
  marker: string | undefined,
): AwsidProcess | undefined {
  const p = parseCommand(command);
  if (!p.isAwsid && marker === undefined) return undefined;
  return {
    session: p.ssoSession ?? (marker || undefined),
    accountId: p.accountId,
    roleName: p.roleName,
    generated: marker !== undefined,
  };
}

export function profileUse(p: ProfileSection): ProfileUse {
  const v = p.values;
  const ssoKeys = Object.keys(v).filter((k) => k.startsWith('sso_'));
  const botocoreSso = v.sso_account_id !== undefined || v.sso_role_name !== undefined;
  const cp = v.credential_process?.trim() || undefined;
  return {
    name: p.name,
    line: p.line,
    botocoreSso,
    ssoSession: v.sso_session?.trim() || undefined,
    legacy: botocoreSso && v.sso_session === undefined,
    ssoKeys,
    credentialProcess: cp,
    awsid: cp === undefined ? undefined : parseAwsidProcess(cp, v.awsid_generated),
    values: v,
  };
}

/** Every sso-session the profile depends on (its sso_session and/or awsid's --sso-session). */
export function sessionsOf(p: ProfileUse): string[] {
  const out = new Set<string>();
  if (p.ssoSession) out.add(p.ssoSession);
  if (p.awsid?.session) out.add(p.awsid.session);
  return [...out];
}
