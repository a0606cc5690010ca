/** Errors across the socket: the server flattens them, the client rebuilds the same classes. */
import {
  AccessDeniedError,
  AwsidError,
  CancelledError,
  ConfigError,
  CorruptStateError,
  FileAccessError,
  LoginTimeoutError,
  NotLoggedInError,
  SecretStoreError,
  ServiceError,
  UsageError,
} from '../../core/errors.js';
import {
  PortalUnauthorizedError,
  RoleNotAssignedError,
  ThrottledError,
} from '../../sso/portal-errors.js';
import { DaemonLockedError, DaemonUnavailableError, RemoteDaemonError } from '../errors.js';
import type { WireError } from './protocol.js';

type ErrorClass = new (message: string, options?: { hint?: string | undefined }) => AwsidError;

/** Classes the client rebuilds by name, so `instanceof` works the same as in-process. */
const KNOWN: Record<string, ErrorClass> = {
  UsageError,
  NotLoggedInError,
  ConfigError,
  FileAccessError,
  AccessDeniedError,
  SecretStoreError,
  CorruptStateError,
  ServiceError,
  LoginTimeoutError,
  CancelledError,
  PortalUnauthorizedError,
  ThrottledError,
  RoleNotAssignedError,
  // The passphrase store without a key: a client with AWSID_PASSPHRASE unlocks it and retries.
  DaemonLockedError,
  // A daemon shutting down mid-request: the client falls back in-process.
  DaemonUnavailableError,
};

export const INTERNAL_ERROR_HINT = 're-run with --debug and file an issue';

export function toWireError(error: unknown): WireError {
  if (error instanceof AwsidError) {
    const wire: WireError = { code: error.name, message: error.message, exitCode: error.exitCode };
    if (error.hint !== undefined) wire.hint = error.hint;
    return wire;
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: 'InternalError',
    message: `internal error in the awsid daemon: ${detail}`,
    hint: INTERNAL_ERROR_HINT,
    exitCode: 1,
  };
}

export function fromWireError(wire: WireError): AwsidError {
  const Known = KNOWN[wire.code];
  if (Known) {
    const error = new Known(wire.message, { hint: wire.hint });
    if (error.exitCode === wire.exitCode) return error;
  }
  return new RemoteDaemonError(wire.code, wire.message, wire.hint, wire.exitCode);
}
