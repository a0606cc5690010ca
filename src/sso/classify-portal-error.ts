/** Maps an AWS SDK portal error to awsid's error classes (docs/protocol.md, "Portal errors"). */
import { ServiceError } from '../core/errors.js';
import { terminalSafe } from '../core/terminal-text.js';
import { sdkErrorInfo } from './classify-sdk-error.js';
import { endpointHost } from './http-deadline.js';
import {
  PortalUnauthorizedError,
  PortalUnavailableError,
  RoleNotAssignedError,
  ThrottledError,
} from './portal-errors.js';

export function classifyPortalError(e: unknown, what: string, endpoint: string): Error {
  const info = sdkErrorInfo(e);
  const hint = 'awsid doctor';
  if (info.status === 401 || info.name === 'UnauthorizedException') {
    return new PortalUnauthorizedError(`${what}: the portal refused the access token`, {
      hint,
      cause: e,
    });
  }
  if (info.status === 429 || info.name === 'TooManyRequestsException') {
    return new ThrottledError(`${what}: the portal is throttling requests`, { hint, cause: e });
  }
  if (info.status === 403 || info.status === 404 || info.name === 'ForbiddenException') {
    const name = terminalSafe(info.name);
    return new RoleNotAssignedError(`${what}: not assigned to you (${name})`, { cause: e });
  }
  if (info.name === 'TimeoutError' && !info.fromService) {
    // The SDK's connect or request deadline (http-deadline.ts) ran out on every attempt.
    const host = endpointHost(endpoint);
    return new PortalUnavailableError(`${what}: no answer from ${host} in time`, {
      hint,
      cause: e,
    });
  }
  // The error name and the SDK's message (which may quote the answer) come from the server.
  const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  const detail = terminalSafe(info.fromService ? `${info.name} (HTTP ${info.status})` : msg);
  const Err =
    info.status === undefined || info.status >= 500 ? PortalUnavailableError : ServiceError;
  return new Err(`${what}: ${endpoint} failed: ${detail}`, { hint, cause: e });
}
