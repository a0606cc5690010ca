/**
 * Which (sso-session, account, role) a command is about: the three flags, or a profile that names
 * them (`sso_session`/`sso_account_id`/`sso_role_name`, or the flags of its awsid
 * credential_process line, which is what populate writes).
 */
import { roleOfProfile } from '../awsconfig/profile-role.js';
import { isAccountId } from '../core/account-id.js';
import { UsageError } from '../core/errors.js';
import { awsidHint } from '../core/hints.js';
import type { RoleRef } from '../core/model.js';
import type { Context } from './context.js';
import { readConfigOrThrow } from './select-session.js';

export interface RoleFlags {
  ssoSession?: string | undefined;
  accountId?: string | undefined;
  roleName?: string | undefined;
  profile?: string | undefined;
}

export interface ResolvedRole extends RoleRef {
  /** The profile's client `region`, when a profile was used and has one. */
  region: string | undefined;
}

export { roleFromProfile } from '../awsconfig/profile-role.js';

/**
 * `--profile`, else AWS_PROFILE when none of the three role flags is given (as `login` and the
 * SDKs do); any explicit flag wins over the environment.
 */
export function profileToUse(flags: RoleFlags, env: Context['env']): string | undefined {
  if (flags.profile) return flags.profile;
  if (flags.ssoSession || flags.accountId || flags.roleName) return undefined;
  return env.AWS_PROFILE || undefined;
}

export async function resolveRole(
  ctx: Context,
  flags: RoleFlags,
  verb: string,
): Promise<ResolvedRole> {
  const profile = profileToUse(flags, ctx.env);
  // Only the profile's own sso_* keys or awsid flags count: awsid never runs a profile's
  // credential_process, so a profile whose line is `awsid credential-process` (bare, relying on
  // AWS_PROFILE) is an incomplete profile here, never a loop.
  if (profile && !flags.profile) return roleOfProfile(await readConfigOrThrow(ctx), profile);
  if (flags.profile) {
    if (flags.ssoSession || flags.accountId || flags.roleName) {
      throw new UsageError(
        '--profile cannot be combined with --sso-session/--account-id/--role-name',
        {
          hint: awsidHint(verb, '--profile', flags.profile),
        },
      );
    }
    return roleOfProfile(await readConfigOrThrow(ctx), flags.profile);
  }
  const missing = [
    !flags.ssoSession && '--sso-session',
    !flags.accountId && '--account-id',
    !flags.roleName && '--role-name',
  ].filter(Boolean);
  if (missing.length || !flags.ssoSession || !flags.accountId || !flags.roleName) {
    throw new UsageError(`missing ${missing.join(', ')} (or pass --profile NAME)`, {
      hint: `awsid ${verb} --sso-session NAME --account-id 123456789012 --role-name ROLE`,
    });
  }
  if (!isAccountId(flags.accountId)) {
    throw new UsageError(`--account-id '${flags.accountId}' is not a 12-digit AWS account id`, {
      hint: awsidHint(
        verb,
        `--sso-session=${flags.ssoSession}`,
        '--account-id=123456789012',
        `--role-name=${flags.roleName}`,
      ),
    });
  }
  return {
    ssoSession: flags.ssoSession,
    accountId: flags.accountId,
    roleName: flags.roleName,
    region: undefined,
  };
}
