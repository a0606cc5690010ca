/*
 * The `credential_process` line populate writes. botocore splits it with `shlex.split` (no shell)
 * and the JS SDK runs it with `/bin/sh -c`, so every argument goes through the one quoting
 * function both read the same way (src/core/shell-quote.ts). Values are written `--flag=VALUE`:
 * a role named `--auto-login` or `-x` would otherwise be read as an option. Both paths are
 * absolute: IDEs and GUI apps start the AWS CLI with another PATH.
 */
import { camelCase } from '../core/option-table.js';
import { ROLE_FLAG_NAMES } from '../core/role-options.js';
import { shellCommand } from '../core/shell-quote.js';

export interface CredentialProcessTarget {
  ssoSession: string;
  accountId: string;
  roleName: string;
}

/** `extra`: flags after the role (populate's --process-flags, or kept from the user's line). */
export function credentialProcessLine(
  nodePath: string,
  binPath: string,
  target: CredentialProcessTarget,
  extra: readonly string[] = [],
): string {
  const value = (name: string) => target[camelCase(name) as keyof CredentialProcessTarget];
  return shellCommand([
    nodePath,
    binPath,
    'credential-process',
    ...ROLE_FLAG_NAMES.map((name) => `--${name}=${value(name)}`),
    ...extra,
  ]);
}
