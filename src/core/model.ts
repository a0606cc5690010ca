/** Domain types shared by sso/, store/, daemon/ and cli/. */

/** An `[sso-session NAME]` as awsid uses it. */
export interface SsoSessionConfig {
  name: string;
  startUrl: string;
  /** The Identity Center region (OIDC and portal endpoints), not the profile's client region. */
  region: string;
  /** `sso_registration_scopes`; `sso:account:access` makes refresh tokens possible. */
  scopes: string[];
  /** `awsid_login_flow`: always use this login flow for the session (a jump host: device-code). */
  loginFlow?: LoginFlow;
}

/**
 * How a person approves a login: the device authorization grant (RFC 8628; a code typed on any
 * device) or the authorization code grant with PKCE (RFC 7636) and a loopback redirect (RFC 8252).
 */
export type LoginFlow = 'device-code' | 'pkce';

/** An OIDC access token for one sso-session. */
export interface AccessToken {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** Role credentials from the portal's GetRoleCredentials. */
export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch ms (the portal sends epoch ms; docs/protocol.md, "Portal operations"). */
  expiration: number;
}

/** The key that role credentials are cached under. */
export interface RoleRef {
  ssoSession: string;
  accountId: string;
  roleName: string;
}
