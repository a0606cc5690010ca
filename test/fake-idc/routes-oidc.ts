/** RegisterClient, StartDeviceAuthorization, CreateToken (docs/protocol.md, sections 1.2-1.4). */
import type { Ctx } from './context.js';
import { OidcError } from './errors.js';
import { json, type Incoming, type Outgoing } from './http.js';
import { optStr, optStrList, parseBody, reqStr } from './validate.js';

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const GRANT_TYPES = [DEVICE_GRANT, 'refresh_token', 'authorization_code'];
// Scopes look like `sso:account:access` or `codewhisperer:completions`; plus OIDC's `openid`.
const SCOPE = /^(openid|[a-z0-9_.-]+(:[a-z0-9_.*-]+)+)$/i;
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

function httpsUrl(value: string, what: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') {
    throw new OidcError('InvalidRequestException', `${what} must be an https URL`);
  }
}

function checkRedirectUri(uri: string): void {
  let url: URL | undefined;
  try {
    url = new URL(uri);
  } catch {
    url = undefined;
  }
  const ok =
    url?.protocol === 'https:' ||
    (url?.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname));
  if (!ok) throw new OidcError('InvalidRedirectUriException', `Invalid redirect URI ${uri}`);
}

export function registerClient(ctx: Ctx, req: Incoming): Outgoing {
  const body = parseBody(req, [
    'clientName',
    'clientType',
    'scopes',
    'redirectUris',
    'grantTypes',
    'issuerUrl',
    'entitledApplicationArn',
  ]);
  const clientName = reqStr(body, 'clientName');
  const clientType = reqStr(body, 'clientType');
  // docs/protocol.md, "RegisterClient": the only client type the service accepts is `public`.
  if (clientType !== 'public') {
    throw new OidcError('InvalidClientMetadataException', `Invalid client type ${clientType}`);
  }
  const scopes = optStrList(body, 'scopes');
  for (const s of scopes ?? []) {
    if (!SCOPE.test(s)) throw new OidcError('InvalidScopeException', `Invalid scope ${s}`);
  }
  const grantTypes = optStrList(body, 'grantTypes');
  for (const g of grantTypes ?? []) {
    if (!GRANT_TYPES.includes(g)) {
      throw new OidcError('UnsupportedGrantTypeException', `Unsupported grant type ${g}`);
    }
  }
  const redirectUris = optStrList(body, 'redirectUris');
  redirectUris?.forEach(checkRedirectUri);
  const issuerUrl = optStr(body, 'issuerUrl');
  if (issuerUrl !== undefined) httpsUrl(issuerUrl, 'issuerUrl');
  optStr(body, 'entitledApplicationArn');
  const c = ctx.clients.register({ clientName, scopes, grantTypes, redirectUris, issuerUrl });
  return json({
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    clientIdIssuedAt: c.issuedAtSec,
    clientSecretExpiresAt: c.expiresAtSec,
  });
}

export function startDeviceAuthorization(ctx: Ctx, req: Incoming): Outgoing {
  const body = parseBody(req, ['clientId', 'clientSecret', 'startUrl']);
  const clientId = reqStr(body, 'clientId');
  const clientSecret = reqStr(body, 'clientSecret');
  const startUrl = reqStr(body, 'startUrl');
  const client = ctx.clients.authenticate(clientId, clientSecret);
  httpsUrl(startUrl, 'startUrl');
  // A registration limited to other grants (a PKCE one, "Registration reuse") may not start the
  // device flow.
  if (!ctx.clients.allows(client, DEVICE_GRANT)) {
    throw new OidcError('UnauthorizedClientException', 'Client is not registered for device_code');
  }
  const auth = ctx.devices.start(client, startUrl);
  const info = ctx.devices.byUserCode(auth.userCode)!;
  ctx.onDeviceAuthorization?.(info);
  return json({
    deviceCode: auth.deviceCode,
    userCode: auth.userCode,
    verificationUri: ctx.devices.verificationUri(),
    verificationUriComplete: info.verificationUriComplete,
    expiresIn: Math.round(ctx.config.deviceCodeTtlMs / 1000),
    interval: auth.intervalSec,
    ...ctx.config.deviceAuthorizationOverride,
  });
}

export function createToken(ctx: Ctx, req: Incoming): Outgoing {
  const body = parseBody(req, [
    'clientId',
    'clientSecret',
    'grantType',
    'deviceCode',
    'code',
    'refreshToken',
    'scope',
    'redirectUri',
    'codeVerifier',
  ]);
  const clientId = reqStr(body, 'clientId');
  const clientSecret = reqStr(body, 'clientSecret');
  const grantType = reqStr(body, 'grantType');
  for (const key of ['deviceCode', 'code', 'refreshToken', 'redirectUri', 'codeVerifier']) {
    optStr(body, key);
  }
  optStrList(body, 'scope');
  if (!GRANT_TYPES.includes(grantType)) {
    throw new OidcError('UnsupportedGrantTypeException', `Unsupported grant type ${grantType}`);
  }
  const client = ctx.clients.authenticate(clientId, clientSecret);
  if (!ctx.clients.allows(client, grantType)) {
    throw new OidcError('UnauthorizedClientException', `Client is not registered for ${grantType}`);
  }
  let tokens;
  if (grantType === DEVICE_GRANT) {
    const auth = ctx.devices.poll(client, reqStr(body, 'deviceCode'));
    tokens = ctx.tokens.openSession(client.clientId, auth.startUrl);
  } else if (grantType === 'refresh_token') {
    tokens = ctx.tokens.rotate(client.clientId, reqStr(body, 'refreshToken'));
  } else {
    const code = reqStr(body, 'code');
    ctx.authCodes.redeem(client, code, reqStr(body, 'redirectUri'), reqStr(body, 'codeVerifier'));
    tokens = ctx.tokens.openSession(client.clientId, client.issuerUrl ?? '');
  }
  return json({
    accessToken: tokens.accessToken,
    tokenType: 'Bearer',
    expiresIn: tokens.expiresInSec,
    refreshToken: tokens.refreshToken,
  });
}
