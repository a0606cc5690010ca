/**
 * The role selection `credential-process`, `exec`, `env` and `console` share, declared once
 * (src/core/option-table.ts): the full CLI's parser, the bundled fast client and the
 * `credential_process` line writer and reader all read these tables.
 */
import { isAccountId } from './account-id.js';
import { UsageError } from './errors.js';
import { type OptionTable, optionsOf, parseFlags } from './option-table.js';

/** The three flags that name a role without a profile, in the order a written line has them. */
export const ROLE_FLAG_NAMES = ['sso-session', 'account-id', 'role-name'] as const;

export const ROLE_OPTIONS = {
  profile: { type: 'string', describe: 'take the role from this profile' },
  'sso-session': { type: 'string', describe: 'the sso-session to use' },
  'account-id': { type: 'string', describe: 'the AWS account id' },
  'role-name': { type: 'string', describe: 'the permission set (role) name' },
  'auto-login': {
    type: 'boolean',
    default: false,
    describe:
      'when the session has ended, log in (browser) instead of failing; one login for all waiting callers',
  },
} as const satisfies OptionTable;

/**
 * For commands a person runs (`exec`, `env`, `console`): AWS_PROFILE when none of the role flags
 * is given, as `login` and the SDKs do. Never for `credential-process`, which an AWS tool runs for
 * the profile it is resolving, whatever AWS_PROFILE says.
 */
export const ROLE_OPTIONS_FROM_ENV = {
  ...ROLE_OPTIONS,
  profile: {
    ...ROLE_OPTIONS.profile,
    describe: 'take the role from this profile (default: AWS_PROFILE, without the role flags)',
    env: 'AWS_PROFILE',
    envUnless: ROLE_FLAG_NAMES,
  },
} as const satisfies OptionTable;

export const CREDENTIAL_PROCESS_OPTIONS = {
  ...ROLE_OPTIONS,
  daemon: {
    type: 'boolean',
    default: true,
    describe: 'use the awsid daemon (--no-daemon does the work in this process)',
  },
} as const satisfies OptionTable;

/** The parsed role flags: which kind of request they make, or why not. */
export type RoleChoice =
  | { kind: 'profile'; profile: string }
  | { kind: 'role'; ssoSession: string; accountId: string; roleName: string }
  | { kind: 'none' }
  | { kind: 'mixed' }
  | { kind: 'partial' };

export function roleChoice(opts: {
  profile?: string | undefined;
  ssoSession?: string | undefined;
  accountId?: string | undefined;
  roleName?: string | undefined;
}): RoleChoice {
  const { profile, ssoSession, accountId, roleName } = opts;
  const flags = [ssoSession, accountId, roleName].filter((v) => v !== undefined && v !== '');
  if (profile) return flags.length ? { kind: 'mixed' } : { kind: 'profile', profile };
  if (!ssoSession || !accountId || !roleName)
    return flags.length ? { kind: 'partial' } : { kind: 'none' };
  return { kind: 'role', ssoSession, accountId, roleName };
}

/**
 * A `credential_process` line without role flags would answer for AWS_PROFILE, not for the profile
 * the AWS tool is resolving: refused, with the line to write instead (the fast client prints the
 * same words as the full CLI).
 */
export function bareCredentialProcessError(): UsageError {
  return new UsageError(
    "a bare 'awsid credential-process' names no role, and AWS_PROFILE may name another profile than the one being resolved",
    {
      hint: 'credential_process = awsid credential-process --sso-session S --account-id ID --role-name ROLE   (or --profile NAME, or: awsid adopt)',
    },
  );
}

/** The bare form, as the fast client reads it (no role flag at all, whatever else is there). */
export function isBareCredentialProcess(argv: readonly string[]): boolean {
  return parseRoleRequest(ROLE_OPTIONS, argv, {}) === 'bare';
}

/** What the bundled fast client asks the daemon for (the protocol's two getCredentials forms). */
export type RoleRequest =
  | { profile: string; autoLogin?: true }
  | { ssoSession: string; accountId: string; roleName: string; autoLogin?: true };

/**
 * The request role options make for the bundled fast client: 'bare' when no role is named at all,
 * undefined for anything the full CLI must explain (both forms, a partial set, a malformed id).
 */
export function roleRequestOf(
  opts: Parameters<typeof roleChoice>[0] & { autoLogin?: boolean | undefined },
): RoleRequest | 'bare' | undefined {
  const autoLogin = opts.autoLogin ? { autoLogin: true as const } : {};
  const choice = roleChoice(opts);
  switch (choice.kind) {
    case 'profile':
      return { profile: choice.profile, ...autoLogin };
    case 'role': {
      // A malformed account id never reaches the daemon: the full CLI names it.
      if (!isAccountId(choice.accountId)) return undefined;
      const { ssoSession, accountId, roleName } = choice;
      return { ssoSession, accountId, roleName, ...autoLogin };
    }
    case 'none':
      return 'bare';
    default:
      return undefined;
  }
}

/** The fast client's strict reading of role flags with `table` (src/core/option-table.ts). */
export function parseRoleRequest(
  table: typeof ROLE_OPTIONS | typeof ROLE_OPTIONS_FROM_ENV,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): RoleRequest | 'bare' | undefined {
  const values = parseFlags(table, argv);
  return values && roleRequestOf(optionsOf(table, values, env));
}
