import { AccessDeniedError, ServiceError } from '../core/errors.js';

/** Portal 401 "Session token not found or invalid": the access token was revoked or expired early. */
export class PortalUnauthorizedError extends ServiceError {}

/** Portal 429 TooManyRequestsException after the SDK's own retries: back off with jitter. */
export class ThrottledError extends ServiceError {}

/** Portal 403/404: the account or role is not assigned to this user. */
export class RoleNotAssignedError extends AccessDeniedError {}

/** A 5xx or a network failure: worth another try. */
export class PortalUnavailableError extends ServiceError {}
