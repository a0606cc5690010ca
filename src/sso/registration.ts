/**
 * OIDC client registrations are reused until shortly before `clientSecretExpiresAt`: the AWS CLI
 * reuses one while it is more than 15 minutes from expiry (protocol sheet §2.1), and aws-vault's
 * register-on-every-login is a known complaint (landscape §1).
 */
import type { SsoSessionConfig } from '../core/model.js';
import type { ClientRegistration, OidcApi } from './oidc-api.js';

export const REGISTRATION_REUSE_MARGIN_MS = 15 * 60 * 1000;

function sameScopes(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');
}

export function isReusable(
  reg: ClientRegistration | undefined,
  session: SsoSessionConfig,
  now: number,
): reg is ClientRegistration {
  return (
    reg !== undefined &&
    reg.expiresAt - now > REGISTRATION_REUSE_MARGIN_MS &&
    sameScopes(reg.scopes, session.scopes)
  );
}

export function registerClient(
  oidc: OidcApi,
  session: SsoSessionConfig,
): Promise<ClientRegistration> {
  return oidc.registerClient({ clientName: `awsid-${session.name}`, scopes: session.scopes });
}
