/**
 * Request bodies for RegisterClient and CreateToken as the AWS CLI sends them for each flow
 * (cli2 botocore/utils.py `SSOTokenFetcher`, `SSOTokenFetcherAuth`), and where /authorize lives.
 */
import type { CreateTokenRequest, RegisterClientRequest } from '@aws-sdk/client-sso-oidc';

import type { OidcApi, PkceRegistration } from './oidc-api.js';

export function registerClientRequest(input: {
  clientName: string;
  scopes: string[];
  pkce?: PkceRegistration | undefined;
}): RegisterClientRequest {
  const { clientName, scopes, pkce } = input;
  if (!pkce) {
    // The device flow sends scopes only when configured, and no grantTypes.
    return { clientName, clientType: 'public', ...(scopes.length ? { scopes } : {}) };
  }
  return {
    clientName,
    clientType: 'public',
    grantTypes: ['authorization_code', 'refresh_token'],
    redirectUris: [pkce.redirectUri],
    issuerUrl: pkce.issuerUrl,
    scopes,
  };
}

export function createTokenRequest(
  input: Parameters<OidcApi['createToken']>[0],
): CreateTokenRequest {
  const client = { clientId: input.clientId, clientSecret: input.clientSecret };
  switch (input.grant) {
    case 'device_code':
      return {
        ...client,
        grantType: 'urn:ietf:params:oauth:grant-type:device_code',
        deviceCode: input.deviceCode,
      };
    case 'refresh_token':
      return { ...client, grantType: 'refresh_token', refreshToken: input.refreshToken };
    case 'authorization_code':
      return {
        ...client,
        grantType: 'authorization_code',
        code: input.code,
        redirectUri: input.redirectUri,
        codeVerifier: input.codeVerifier,
      };
  }
}

/**
 * The origin of the sso-oidc endpoint requests go to (`AWS_ENDPOINT_URL_SSO_OIDC` included); its
 * path is dropped, as the AWS CLI does when it builds the authorize URL.
 */
export function authorizeOrigin(endpointLabel: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpointLabel)
    ? endpointLabel
    : `https://${endpointLabel}`;
  try {
    return new URL(withScheme).origin;
  } catch {
    return withScheme;
  }
}
