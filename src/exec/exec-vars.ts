/**
 * The environment `awsid exec` gives its child and `awsid env` prints: role
 * credentials in the standard variables, and every inherited variable that could make an SDK
 * use other credentials removed.
 */
import { UsageError } from '../core/errors.js';
import type { RoleCredentials, RoleRef } from '../core/model.js';
import { formatExpiration } from '../credentials/credential-process-output.js';
import type { Env } from '../platform/env.js';

/** Set in the child of `awsid exec` to the profile (or session/account/role) it runs as. */
export const EXEC_MARKER = 'AWSID_EXEC';

/**
 * aws-vault's list (its `exec` unsets the same). AWS_PROFILE matters most: the JS SDK v3 default
 * chain skips the environment provider when AWS_PROFILE is set, and botocore would resolve the
 * profile's own credentials for a `--profile`-less call after a role's keys in the env went stale.
 */
export const INHERITED_CREDENTIAL_VARS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_FILE',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_DEFAULT_PROFILE',
  'AWS_PROFILE',
  'AWS_SDK_LOAD_CONFIG',
] as const;

export interface CredentialVars {
  /** Inherited variables to remove (only those present in the environment). */
  unset: string[];
  /** Variables to set, in a stable order. */
  set: Array<[name: string, value: string]>;
}

export function credentialVars(
  env: Env,
  role: { region?: string | undefined },
  creds: RoleCredentials,
): CredentialVars {
  const set: Array<[string, string]> = [
    ['AWS_ACCESS_KEY_ID', creds.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', creds.secretAccessKey],
    ['AWS_SESSION_TOKEN', creds.sessionToken],
    ['AWS_CREDENTIAL_EXPIRATION', formatExpiration(creds.expiration)],
  ];
  // Only a profile knows the client region; otherwise an inherited AWS_REGION stays as it was.
  if (role.region) set.push(['AWS_REGION', role.region], ['AWS_DEFAULT_REGION', role.region]);
  const setNames = new Set(set.map(([name]) => name));
  const unset = INHERITED_CREDENTIAL_VARS.filter(
    (name) => env[name] !== undefined && !setNames.has(name),
  );
  return { unset, set };
}

/** What the marker says: the profile, else `session/account/role`. */
export function execMarkerValue(profile: string | undefined, role: RoleRef): string {
  return profile ?? `${role.ssoSession}/${role.accountId}/${role.roleName}`;
}

/** The child's environment: ours, minus the inherited credential variables, plus the role's. */
export function childEnvironment(env: Env, vars: CredentialVars, marker: string): Env {
  const out: Record<string, string | undefined> = { ...env };
  for (const name of INHERITED_CREDENTIAL_VARS) delete out[name];
  for (const [name, value] of vars.set) out[name] = value;
  out[EXEC_MARKER] = marker;
  return out;
}

/** `awsid exec` inside `awsid exec` would silently swap the credentials a shell runs with. */
export function refuseNesting(env: Env): void {
  const current = env[EXEC_MARKER];
  if (current === undefined || current === '') return;
  throw new UsageError(
    `already inside 'awsid exec' for '${current}' (${EXEC_MARKER} is set); refusing to nest`,
    { hint: `exit   (leave that subshell first, or: unset ${EXEC_MARKER})` },
  );
}
