/**
 * The sso-oidc adapter over `@aws-sdk/client-sso-oidc`. `AWS_ENDPOINT_URL_SSO_OIDC` (or
 * `AWS_ENDPOINT_URL`) in the injected env points it elsewhere, as it would the SDK (endpoint.ts);
 * awsid has no endpoint switch of its own.
 */
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';

import { terminalSafe } from '../core/terminal-text.js';
import type { Env } from '../platform/env.js';
import { configuredEndpoint, pinnedEndpoint } from './endpoint.js';
import { sdkRequestHandler } from './http-deadline.js';
import { sdkErrorInfo } from './classify-sdk-error.js';
import { OidcError, type OidcApi, type OidcErrorKind } from './oidc-api.js';
import { authorizeOrigin, createTokenRequest, registerClientRequest } from './oidc-requests.js';

const KINDS: Record<string, OidcErrorKind> = {
  AuthorizationPendingException: 'authorization_pending',
  SlowDownException: 'slow_down',
  ExpiredTokenException: 'expired_token',
  AccessDeniedException: 'access_denied',
  InvalidClientException: 'invalid_client',
  InvalidGrantException: 'invalid_grant',
  InternalServerException: 'server',
};

/** The error name and message come from the server (or quote its answer): made terminal-safe. */
function toOidcError(e: unknown, endpoint: string): OidcError {
  const info = sdkErrorInfo(e);
  const kind = KINDS[info.name];
  const name = terminalSafe(info.name);
  if (kind) return new OidcError(kind, info.name, `${name} from ${endpoint}`, { cause: e });
  if (info.fromService) {
    const detail = `${name}${info.status ? ` (HTTP ${info.status})` : ''}`;
    return new OidcError('other', info.name, `${detail} from ${endpoint}`, { cause: e });
  }
  const msg = terminalSafe((e instanceof Error ? e.message : String(e)).split('\n')[0]!);
  return new OidcError('transport', info.name, `${endpoint}: ${msg}`, { cause: e });
}

function str(v: unknown, field: string, endpoint: string): string {
  if (typeof v === 'string' && v.length > 0) return v;
  throw new OidcError('transport', 'InvalidResponse', `${endpoint} answered without ${field}`);
}

function num(v: unknown, field: string, endpoint: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new OidcError('transport', 'InvalidResponse', `${endpoint} answered without ${field}`);
}

/** The endpoint a request will reach, for messages only. */
export function oidcEndpointLabel(region: string, env: Env): string {
  return configuredEndpoint('SSO_OIDC', env) ?? `oidc.${region}.amazonaws.com`;
}

export function createOidcApi(region: string, env: Env, now: () => number): OidcApi {
  const client: SSOOIDCClient = new SSOOIDCClient({
    region,
    // Connect and request deadlines (http-deadline.ts): a tarpitted endpoint must not hold a login.
    requestHandler: sdkRequestHandler(env),
    ...pinnedEndpoint('SSO_OIDC', region, env, () => client.config.endpointProvider),
  });
  const endpoint = oidcEndpointLabel(region, env);
  const send = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw e instanceof OidcError ? e : toOidcError(e, endpoint);
    }
  };
  return {
    endpointLabel: endpoint,
    authorizeOrigin: authorizeOrigin(endpoint),
    registerClient: (input) =>
      send(async () => {
        const r = await client.send(new RegisterClientCommand(registerClientRequest(input)));
        return {
          clientId: str(r.clientId, 'clientId', endpoint),
          clientSecret: str(r.clientSecret, 'clientSecret', endpoint),
          expiresAt: num(r.clientSecretExpiresAt, 'clientSecretExpiresAt', endpoint) * 1000,
          issuedAt: (r.clientIdIssuedAt ?? Math.floor(now() / 1000)) * 1000,
          scopes: input.scopes,
          flow: input.pkce ? 'pkce' : 'device-code',
        };
      }),
    startDeviceAuthorization: (input) =>
      send(async () => {
        const r = await client.send(new StartDeviceAuthorizationCommand(input));
        return {
          deviceCode: str(r.deviceCode, 'deviceCode', endpoint),
          userCode: str(r.userCode, 'userCode', endpoint),
          verificationUri: str(r.verificationUri, 'verificationUri', endpoint),
          verificationUriComplete: r.verificationUriComplete,
          expiresIn: num(r.expiresIn, 'expiresIn', endpoint),
          // RFC 8628 section 3.2: "If no value is provided, clients MUST use 5 as the default."
          interval: r.interval && r.interval > 0 ? r.interval : 5,
        };
      }),
    createToken: (input) =>
      send(async () => {
        const r = await client.send(new CreateTokenCommand(createTokenRequest(input)));
        return {
          accessToken: str(r.accessToken, 'accessToken', endpoint),
          expiresIn: num(r.expiresIn, 'expiresIn', endpoint),
          refreshToken: r.refreshToken || undefined,
        };
      }),
  };
}
