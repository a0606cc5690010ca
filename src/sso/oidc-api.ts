/** awsid's view of the sso-oidc service: plain types in, plain types out, errors classified. */
import type { Registration } from '../store/state.js';

/**
 * A RegisterClient answer is stored as it is: one type, the store's (`expiresAt` in epoch ms; the
 * service sends `clientSecretExpiresAt` in epoch seconds, docs/protocol.md, "RegisterClient").
 */
export type { Registration } from '../store/state.js';

/** What a PKCE registration adds to RegisterClient (cli2 botocore/utils.py `_registration`). */
export interface PkceRegistration {
  /** `http://127.0.0.1/oauth/callback`: no port, the service matches any loopback port. */
  redirectUri: string;
  /** The start URL. */
  issuerUrl: string;
}

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string | undefined;
  /** Seconds until the device code expires. */
  expiresIn: number;
  /** Seconds to wait between polls; RFC 8628 section 3.2 default is 5. */
  interval: number;
}

export interface TokenGrant {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
  refreshToken: string | undefined;
}

/**
 * What went wrong, by the modeled error name (docs/protocol.md, "OIDC errors"). `transport` covers
 * network failures and answers that are not the service's JSON.
 */
export type OidcErrorKind =
  | 'authorization_pending'
  | 'slow_down'
  | 'expired_token'
  | 'access_denied'
  | 'invalid_client'
  | 'invalid_grant'
  | 'server'
  | 'transport'
  | 'other';

export class OidcError extends Error {
  constructor(
    readonly kind: OidcErrorKind,
    readonly errorName: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OidcError';
  }
}

export interface OidcApi {
  /** Where requests go, for messages ("cannot reach Identity Center at ..."). */
  readonly endpointLabel: string;
  /** `https://host[:port]` of the resolved sso-oidc endpoint: the browser goes to its /authorize. */
  readonly authorizeOrigin: string;
  registerClient(input: {
    clientName: string;
    scopes: string[];
    pkce?: PkceRegistration;
  }): Promise<Registration>;
  startDeviceAuthorization(input: {
    clientId: string;
    clientSecret: string;
    startUrl: string;
  }): Promise<DeviceAuthorization>;
  createToken(
    input:
      | { grant: 'device_code'; clientId: string; clientSecret: string; deviceCode: string }
      | { grant: 'refresh_token'; clientId: string; clientSecret: string; refreshToken: string }
      | {
          grant: 'authorization_code';
          clientId: string;
          clientSecret: string;
          code: string;
          /** Exactly the redirect_uri sent to /authorize, port included. */
          redirectUri: string;
          codeVerifier: string;
        },
  ): Promise<TokenGrant>;
}
