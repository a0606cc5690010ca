/**
 * Reads an awsid `credential_process` line (`…/awsid credential-process --sso-session S
 * --account-id A --role-name R`), split as botocore splits it (shlex). One parser for everyone
 * who needs those flags: login/logout by profile, exec/env by profile, populate, doctor.
 */
import { shlexSplit } from './shlex.js';

const AWSID_PROGRAM = /(^|[\\/])awsid(\.js|\.mjs|\.cmd|\.exe)?$/;

export interface AwsidProcess {
  /** The command runs awsid's credential-process. */
  isAwsid: boolean;
  ssoSession: string | undefined;
  accountId: string | undefined;
  roleName: string | undefined;
}

/** `--name value` or `--name=value` among already split arguments. */
export function commandFlag(tokens: readonly string[], name: string): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (t === name) return tokens[i + 1];
    if (t.startsWith(`${name}=`)) return t.slice(name.length + 1);
  }
  return undefined;
}

export function parseAwsidProcess(command: string | undefined): AwsidProcess {
  const tokens = (shlexSplit(command ?? '') ?? []).map((t) => t.value);
  return {
    isAwsid: tokens.includes('credential-process') && tokens.some((t) => AWSID_PROGRAM.test(t)),
    ssoSession: commandFlag(tokens, '--sso-session'),
    accountId: commandFlag(tokens, '--account-id'),
    roleName: commandFlag(tokens, '--role-name'),
  };
}
