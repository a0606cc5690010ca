/*
 * The `credential_process` line populate writes. botocore splits it with `shlex.split` (no shell)
 * and the JS SDK runs it with `/bin/sh -c` (protocol sheet §6.2), so every argument is written
 * in a form both read the same: bare when it holds only characters neither treats specially,
 * otherwise in single quotes (no escapes inside them in either), with a `'` written as `'"'"'`.
 * Both paths are absolute: IDEs and GUI apps start the AWS CLI with another PATH (issue 4 §2).
 */

const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(arg: string): string {
  if (BARE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'"'"'`)}'`;
}

export interface CredentialProcessTarget {
  ssoSession: string;
  accountId: string;
  roleName: string;
}

export function credentialProcessLine(
  nodePath: string,
  binPath: string,
  target: CredentialProcessTarget,
): string {
  return [
    nodePath,
    binPath,
    'credential-process',
    '--sso-session',
    target.ssoSession,
    '--account-id',
    target.accountId,
    '--role-name',
    target.roleName,
  ]
    .map(shellQuote)
    .join(' ');
}
