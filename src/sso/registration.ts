/**
 * OIDC client registrations are reused until shortly before `clientSecretExpiresAt`: the AWS CLI
 * reuses one while it is more than 15 minutes from expiry (cli2 botocore/utils.py), and
 * aws-vault's register-on-every-login is a known complaint. A registration serves only the flow
 * it was made for: a PKCE one lists grant types and redirect URIs a device flow may not use, and
 * a device-flow one has neither (cli2 utils.py `_is_registration_for_auth_code`).
 */
import type { LoginFlow, SsoSessionConfig } from '../core/model.js';
import type { Registration, OidcApi } from './oidc-api.js';

export const REGISTRATION_REUSE_MARGIN_MS = 15 * 60 * 1000;

/** RegisterClient's redirect URI for PKCE: no port, so any loopback port matches it. */
export const PKCE_REGISTERED_REDIRECT_URI = 'http://127.0.0.1/oauth/callback';

function sameScopes(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');
}

export function isReusable(
  reg: Registration | undefined,
  session: SsoSessionConfig,
  now: number,
  flow: LoginFlow = 'device-code',
): reg is Registration {
  return (
    reg !== undefined &&
    (reg.flow ?? 'device-code') === flow &&
    reg.expiresAt - now > REGISTRATION_REUSE_MARGIN_MS &&
    sameScopes(reg.scopes, session.scopes)
  );
}

export function registerClient(
  oidc: OidcApi,
  session: SsoSessionConfig,
  flow: LoginFlow = 'device-code',
): Promise<Registration> {
  const clientName = `awsid-${session.name}`;
  if (flow === 'device-code') return oidc.registerClient({ clientName, scopes: session.scopes });
  return oidc.registerClient({
    clientName,
    scopes: session.scopes,
    pkce: { redirectUri: PKCE_REGISTERED_REDIRECT_URI, issuerUrl: session.startUrl },
  });
}
