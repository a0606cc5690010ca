/**
 * Public types of the fake IAM Identity Center (sso-oidc + portal on one loopback origin).
 * Wire facts come from shared/reference/aws-sso-protocol.md (sections 1, 3, 7, 10).
 */

export type OidcOperation = 'RegisterClient' | 'StartDeviceAuthorization' | 'CreateToken';
export type PortalOperation = 'ListAccounts' | 'ListAccountRoles' | 'GetRoleCredentials' | 'Logout';
/**
 * `DevicePage` is the fake's own approval page (GET/POST /device), not an AWS API; `Authorize`
 * is the browser's `GET /authorize` of the PKCE flow (a page, not a JSON API).
 */
export type Operation =
  OidcOperation | PortalOperation | SigninOperation | 'DevicePage' | 'Authorize';
/** The console federation endpoint: `GET /federation?Action=getSigninToken` and `?Action=login`. */
export type SigninOperation = 'GetSigninToken' | 'FederationLogin';
/** Requests that match no route are logged as `unmatched` (and answered 404). */
export type LoggedOperation = Operation | 'unmatched';

/**
 * The scripted person behind each device authorization and each browser sign-in (`GET
 * /authorize`: `approve` redirects with a code at once, `deny` with `error=access_denied`,
 * `never` shows a page and never redirects).
 * - `approve`: the first `afterPolls` accepted polls (CreateToken device_code calls that were not
 *   answered SlowDown) get AuthorizationPending, the next one gets tokens. Default `afterPolls` 0.
 * - `deny`: every poll gets AccessDeniedException.
 * - `never`: AuthorizationPending until `fake.approve()`/`fake.deny()` or expiry.
 */
export type Person =
  { kind: 'approve'; afterPolls?: number } | { kind: 'deny' } | { kind: 'never' };

export interface AccountSpec {
  accountId: string;
  accountName: string;
  emailAddress?: string;
  roles: string[];
}

export interface FakeIdcOptions {
  /** Port on 127.0.0.1; default 0 (the OS picks). */
  port?: number;
  /** Region used in the https verification URIs; default `us-east-1`. */
  region?: string;
  /** Default `{ kind: 'approve', afterPolls: 0 }`. */
  person?: Person;
  /** Device code lifetime (`expiresIn`), default 600. */
  deviceCodeTtlSec?: number;
  /** Authorization code lifetime (PKCE), default 300. */
  authCodeTtlSec?: number;
  /** Poll interval returned by StartDeviceAuthorization, default 1. */
  intervalSec?: number;
  /** A poll this much earlier than the interval is still accepted (timer jitter); default 100. */
  pollToleranceMs?: number;
  /** Access token lifetime, default 3600 (capped by the session end). */
  accessTokenTtlSec?: number;
  /** Identity Center session (refresh token family) lifetime, default 8 h. */
  sessionTtlSec?: number;
  /** Client registration lifetime (`clientSecretExpiresAt`), default 90 days. */
  registrationTtlSec?: number;
  /** Role credentials lifetime (`expiration`), default 3600. */
  roleCredentialsTtlSec?: number;
  /** Assignments; default {@link DEFAULT_ACCOUNTS}. */
  accounts?: AccountSpec[];
  /** Page size when the request has no `max_result`; default 20. */
  pageSize?: number;
  /** Token buckets (burst = one second's worth). Portal → 429, OIDC register/start → SlowDown. */
  throttle?: { portalRps?: number; oidcRps?: number };
  /** Clock in epoch ms. Without it the fake uses Date.now() plus whatever `advance()` added. */
  now?: () => number;
  /** Replaces these fields of every StartDeviceAuthorization answer, to play a hostile server. */
  deviceAuthorizationOverride?: DeviceAuthorizationOverride;
  /** Called when a device authorization starts (the demo prints the local approval URL). */
  onDeviceAuthorization?: (auth: DeviceAuthorizationInfo) => void;
  /** Called after each request is answered (the demo prints a live log). */
  onRequest?: (entry: LogEntry) => void;
  /**
   * Unexpected requests (no route, malformed wire input: see README) make `close()` throw unless
   * this is true. Only for callers that send bad requests on purpose and do not check each one
   * (the interactive demo); a test takes them with `takeUnexpected()` instead.
   */
  allowUnexpected?: boolean;
}

export interface DeviceAuthorizationOverride {
  verificationUri?: string;
  verificationUriComplete?: string;
  userCode?: string;
}

export type DeviceAuthorizationStatus = 'pending' | 'approved' | 'denied' | 'exchanged' | 'expired';

export interface DeviceAuthorizationInfo {
  userCode: string;
  clientId: string;
  startUrl: string;
  status: DeviceAuthorizationStatus;
  /** Accepted polls so far (SlowDown answers are not counted). */
  polls: number;
  /** Current interval; grows by 5 after every SlowDown (RFC 8628 section 3.5). */
  intervalSec: number;
  /** Epoch ms. */
  expiresAt: number;
  verificationUriComplete: string;
  /** `http://127.0.0.1:PORT/device?user_code=...`: the fake's own approve/deny page. */
  approvalUrl: string;
}

export interface AuthorizeRequestInfo {
  clientId: string;
  redirectUri: string;
  /** `code`/`denied`: redirected to the callback; `waiting`: person `never`; `rejected`: 400. */
  outcome: 'code' | 'denied' | 'waiting' | 'rejected';
}

/** A sign-in token the federation endpoint minted, and the logins that used it. */
export interface SigninTokenInfo {
  signinToken: string;
  /** The role credentials it was minted from. */
  accessKeyId: string;
  accountId: string;
  roleName: string;
  /** The Destination of every accepted `Action=login`, in order. */
  logins: string[];
}

export interface LogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  operation: LoggedOperation;
  status: number;
  errorShape?: string;
  /** True when the answer came from `failNext` or a throttle, not from the fake's state. */
  injected?: boolean;
  /** Why no correct client sends this request (no route, malformed input); see `takeUnexpected`. */
  unexpected?: string;
  /** Epoch ms on the fake's clock. */
  at: number;
}

/**
 * A scripted failure for the next `count` (default 1) requests to one operation.
 * `shape` is an OIDC or portal error shape (status defaults from the protocol tables), or
 * `'garbage'`: status 200 (or `status`) with a body that is not JSON.
 */
export interface FaultSpec {
  shape: string;
  status?: number;
  count?: number;
  /** `error_description` (OIDC) or `message` (portal). */
  description?: string;
  /** OIDC `reason` member (AccessDenied / InvalidRequest). */
  reason?: string;
  /** The body of a `'garbage'` answer; default an HTML fragment. */
  body?: string;
}

export interface FakeIdc extends AsyncDisposable {
  /** `http://127.0.0.1:PORT`, the origin of both services. */
  readonly url: string;
  readonly port: number;
  readonly region: string;
  /** Every request, in arrival order (live array). */
  readonly log: LogEntry[];
  /** Number of logged requests for `operation` (any status). */
  count(operation: LoggedOperation): number;
  /** Every access token, refresh token, client secret, secret access key, session token issued. */
  issuedSecrets(): string[];
  /** Changes the person for new device authorizations and for undecided pending ones. */
  setPerson(person: Person): void;
  /** Approves the pending authorization with this user code, or all pending ones. Throws if none. */
  approve(userCode?: string): void;
  /** Denies like `approve`. */
  deny(userCode?: string): void;
  deviceAuthorizations(): DeviceAuthorizationInfo[];
  /** Every `GET /authorize`, in arrival order: what it asked for and how the person answered. */
  authorizeRequests(): AuthorizeRequestInfo[];
  /** Resolves with the first pending device authorization (now or when one starts). */
  waitForDeviceAuthorization(): Promise<DeviceAuthorizationInfo>;
  /** Every access token issued so far is expired from now on (portal answers 401). */
  expireAccessTokens(): void;
  /** Every session ends now: refresh tokens get InvalidGrantException. Access tokens live on. */
  endSession(): void;
  /** Revokes every access token and ends every session. */
  revokeAll(): void;
  /** Every client registration expires now (InvalidClientException). */
  expireRegistrations(): void;
  /** Every sign-in token minted by `GET /federation?Action=getSigninToken`, in order. */
  signinTokens(): SigninTokenInfo[];
  /** Replaces the assignments. */
  setAccounts(accounts: AccountSpec[]): void;
  failNext(operation: Operation, fault: FaultSpec): void;
  /**
   * Holds every later request for `operation` open without an answer (a tarpit) until the returned
   * function is called, which also drops the held connections.
   */
  tarpit(operation: Operation): () => void;
  /** Requests the tarpit has held so far. */
  tarpitted(): number;
  /**
   * Returns and forgets the unexpected requests so far: those that matched no route, or that the
   * fake rejected as malformed (InvalidRequestException and the like, a request body over 1 MiB,
   * or a bug in the fake). A test that sends such requests on purpose takes and checks them.
   */
  takeUnexpected(): LogEntry[];
  /** Throws listing the unexpected requests not yet taken (and forgets them). */
  assertNoUnexpected(): void;
  /** Moves the built-in clock forward; throws when `options.now` was given. */
  advance(ms: number): void;
  /** The fake's clock, epoch ms. */
  now(): number;
  /**
   * Stops the server, then throws if a `failNext` fault was never taken by a request, or if
   * unexpected requests were left (see `takeUnexpected`); neither with `allowUnexpected`.
   */
  close(): Promise<void>;
}
