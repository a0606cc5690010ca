/** Fake AWS IAM Identity Center (sso-oidc + portal) for tests and demos. See README.md. */
export { startFakeIdc } from './fake.js';
export { DEFAULT_ACCOUNTS, generateAccounts } from './accounts.js';
export { OIDC_ERRORS, PORTAL_ERRORS, SESSION_TOKEN_INVALID } from './errors.js';
export type { OidcErrorShape, PortalErrorShape } from './errors.js';
export { DEVICE_GRANT } from './routes-oidc.js';
export type {
  AccountSpec,
  AuthorizeRequestInfo,
  DeviceAuthorizationInfo,
  DeviceAuthorizationStatus,
  FakeIdc,
  FakeIdcOptions,
  FaultSpec,
  LogEntry,
  LoggedOperation,
  OidcOperation,
  Operation,
  Person,
  PortalOperation,
  SigninOperation,
  SigninTokenInfo,
} from './types.js';
