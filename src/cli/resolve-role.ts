/**
 * Which (sso-session, account, role) a command is about: the three flags, or a profile that names
 * them (`sso_session`/`sso_account_id`/`sso_role_name`, or the flags of its awsid
 * credential_process line, which is what populate writes). AWS_PROFILE, for the commands that take
 * it, arrives as `profile` (the flag's environment twin, src/core/role-options.ts).
 */
import { roleOfProfile } from '../awsconfig/profile-role.js';
import { unknownProfileError } from '../awsconfig/unknown-names.js';
import type { AwsConfig } from '../awsconfig/resolve.js';
import { isAccountId } from '../core/account-id.js';
import { closestNames } from '../core/closest-names.js';
import { UsageError } from '../core/errors.js';
import { awsidHint } from '../core/hints.js';
import type { RoleRef } from '../core/model.js';
import { bareCredentialProcessError, roleChoice } from '../core/role-options.js';
import { shellCommand } from '../core/shell-quote.js';
import type { Context } from './context.js';
import { readConfigOrThrow } from './select-session.js';
import { correctedOption } from './usage-error.js';

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

const POPULATE_HINT = 'awsid populate   (or pass --sso-session, --account-id and --role-name)';

/** The command to run instead, for a profile the config lacks: the user's own line, corrected. */
function unknownProfileHint(ctx: Context, cfg: AwsConfig, profile: string, verb: string): string {
  const near = closestNames(profile, cfg.profiles.keys(), 1)[0];
  if (near === undefined) return POPULATE_HINT;
  const fixed = ctx.argv && correctedOption(ctx.argv, 'profile', near);
  if (fixed) return fixed;
  if (ctx.env.AWS_PROFILE === profile) return shellCommand(['export', `AWS_PROFILE=${near}`]);
  return awsidHint(verb, '--profile', near);
}

export async function resolveRole(
  ctx: Context,
  flags: RoleFlags,
  verb: string,
): Promise<ResolvedRole> {
  const choice = roleChoice(flags);
  switch (choice.kind) {
    case 'mixed':
      throw new UsageError(
        '--profile cannot be combined with --sso-session/--account-id/--role-name',
        { hint: awsidHint(verb, '--profile', flags.profile ?? '') },
      );
    case 'profile': {
      // Only the profile's own sso_* keys or awsid flags count: awsid never runs a profile's
      // credential_process, so a profile whose line is a bare `awsid credential-process` is an
      // incomplete profile here, never a loop.
      const cfg = await readConfigOrThrow(ctx);
      if (!cfg.profiles.has(choice.profile)) {
        throw unknownProfileError(
          cfg,
          choice.profile,
          unknownProfileHint(ctx, cfg, choice.profile, verb),
        );
      }
      return roleOfProfile(cfg, choice.profile);
    }
    case 'none':
    case 'partial': {
      if (choice.kind === 'none' && verb === 'credential-process') {
        throw bareCredentialProcessError();
      }
      const missing = [
        !flags.ssoSession && '--sso-session',
        !flags.accountId && '--account-id',
        !flags.roleName && '--role-name',
      ].filter(Boolean);
      throw new UsageError(`missing ${missing.join(', ')} (or pass --profile NAME)`, {
        hint: `awsid ${verb} --sso-session NAME --account-id 123456789012 --role-name ROLE`,
      });
    }
    case 'role':
      if (!isAccountId(choice.accountId)) {
        throw new UsageError(
          `--account-id '${choice.accountId}' is not a 12-digit AWS account id`,
          {
            hint: awsidHint(
              verb,
              `--sso-session=${choice.ssoSession}`,
              '--account-id=123456789012',
              `--role-name=${choice.roleName}`,
            ),
          },
        );
      }
      return {
        ssoSession: choice.ssoSession,
        accountId: choice.accountId,
        roleName: choice.roleName,
        region: undefined,
      };
  }
}
