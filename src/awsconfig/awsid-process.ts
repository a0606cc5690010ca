/**
 * Reads an awsid `credential_process` line (`…/awsid credential-process --sso-session S
 * --account-id A --role-name R`), split as botocore splits it (shlex). One parser for everyone
 * who needs those flags: login/logout by profile, exec/env by profile, populate, doctor.
 */
import { flagValue } from '../core/option-table.js';
import { ROLE_FLAG_NAMES } from '../core/role-options.js';
import { shlexSplit } from './shlex.js';

const AWSID_PROGRAM = /(^|[\\/])awsid(\.js|\.mjs|\.cmd|\.exe)?$/;

export interface AwsidProcess {
  /** The command runs awsid's credential-process. */
  isAwsid: boolean;
  ssoSession: string | undefined;
  accountId: string | undefined;
  roleName: string | undefined;
}

export function parseAwsidProcess(command: string | undefined): AwsidProcess {
  const tokens = (shlexSplit(command ?? '') ?? []).map((t) => t.value);
  // The flags as credential-process declares them (src/core/role-options.ts), read leniently:
  // a user's extra flags on the line are theirs.
  const [ssoSession, accountId, roleName] = ROLE_FLAG_NAMES.map((name) => flagValue(tokens, name));
  return {
    isAwsid: tokens.includes('credential-process') && tokens.some((t) => AWSID_PROGRAM.test(t)),
    ssoSession,
    accountId,
    roleName,
  };
}
