/**
 * Error shapes and how they go on the wire. OIDC: docs/protocol.md, "OIDC errors" (header names the
 * type, body {error, error_description}). Portal: "Portal errors" (header + body {message, __type:
 * com.amazonaws.switchboard.portal#Shape}).
 */

/** Shape → [HTTP status, OAuth `error` string]. Protocol sheet table 1.5. */
export const OIDC_ERRORS = {
  AuthorizationPendingException: [400, 'authorization_pending'],
  SlowDownException: [400, 'slow_down'],
  ExpiredTokenException: [400, 'expired_token'],
  AccessDeniedException: [400, 'access_denied'],
  InvalidClientException: [401, 'invalid_client'],
  InvalidGrantException: [400, 'invalid_grant'],
  UnauthorizedClientException: [400, 'unauthorized_client'],
  InvalidRequestException: [400, 'invalid_request'],
  InvalidScopeException: [400, 'invalid_scope'],
  UnsupportedGrantTypeException: [400, 'unsupported_grant_type'],
  InvalidClientMetadataException: [400, 'invalid_client_metadata'],
  InvalidRedirectUriException: [400, 'invalid_redirect_uri'],
  InternalServerException: [500, 'server_error'],
  InvalidRequestRegionException: [400, 'invalid_request'],
} as const satisfies Record<string, readonly [number, string]>;

export type OidcErrorShape = keyof typeof OIDC_ERRORS;

/** Shape → HTTP status. Protocol sheet table 3.3 (Forbidden is unmodeled but real). */
export const PORTAL_ERRORS = {
  InvalidRequestException: 400,
  UnauthorizedException: 401,
  ForbiddenException: 403,
  ResourceNotFoundException: 404,
  TooManyRequestsException: 429,
  InternalServerException: 500,
} as const satisfies Record<string, number>;

export type PortalErrorShape = keyof typeof PORTAL_ERRORS;

/** Thrown by OIDC handlers; the server turns it into the wire form. */
export class OidcError extends Error {
  constructor(
    readonly shape: OidcErrorShape,
    readonly description: string,
    readonly extra: Record<string, string> = {},
    readonly status: number = OIDC_ERRORS[shape][0],
  ) {
    super(`${shape}: ${description}`);
  }
}

/** Thrown by portal handlers; any shape name is allowed when `status` is given (fault injection). */
export class PortalError extends Error {
  readonly status: number;
  constructor(
    readonly shape: string,
    readonly description: string,
    status?: number,
  ) {
    super(`${shape}: ${description}`);
    const known = isPortalShape(shape) ? PORTAL_ERRORS[shape] : undefined;
    const resolved = status ?? known;
    if (resolved === undefined) throw new Error(`fake-idc: portal shape ${shape} needs a status`);
    this.status = resolved;
  }
}

/** The real portal's text for a bad bearer token (docs/protocol.md, "Portal errors"). */
export const SESSION_TOKEN_INVALID = 'Session token not found or invalid';

export interface WireError {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function oidcWire(err: OidcError): WireError {
  const body = { error: OIDC_ERRORS[err.shape][1], error_description: err.description };
  return {
    status: err.status,
    // The real service appends the coral namespace after a colon; both SDKs cut it off
    // (docs/protocol.md, "OIDC errors").
    headers: {
      'x-amzn-errortype': `${err.shape}:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/`,
    },
    body: JSON.stringify({ ...err.extra, ...body }),
  };
}

export function portalWire(err: PortalError): WireError {
  return {
    status: err.status,
    headers: { 'x-amzn-errortype': err.shape },
    body: JSON.stringify({
      message: err.description,
      __type: `com.amazonaws.switchboard.portal#${err.shape}`,
    }),
  };
}

export function isOidcShape(shape: string): shape is OidcErrorShape {
  return Object.hasOwn(OIDC_ERRORS, shape);
}

export function isPortalShape(shape: string): shape is PortalErrorShape {
  return Object.hasOwn(PORTAL_ERRORS, shape);
}
