/** Errors raised by the daemon machinery itself (docs/errors.md). */
import {
  AwsidError,
  type AwsidErrorOptions,
  ConfigError,
  SecretStoreError,
} from '../core/errors.js';
import { UnsafeDirectoryError } from '../platform/private-dir.js';

/**
 * Internal: the daemon cannot be reached, answered garbage, or would not start. Callers catch it and
 * do the work in-process; users never see it: the daemon is an optimisation (docs/errors.md).
 */
export class DaemonUnavailableError extends AwsidError {}

/** A second daemon for the same world refuses to start (docs/architecture.md). */
export class DaemonAlreadyRunningError extends AwsidError {
  override readonly exitCode = 10;
  readonly pid: number | undefined;
  constructor(socketPath: string, pid: number | undefined) {
    super(
      `an awsid daemon is already running${pid === undefined ? '' : ` (pid ${pid})`} on '${socketPath}'`,
      { hint: 'awsid daemon stop' },
    );
    this.pid = pid;
  }
}

/** `awsid daemon stop`: the daemon was asked to stop and its process is still there after the bound. */
export class DaemonStopTimeoutError extends AwsidError {
  override readonly exitCode = 11;
  constructor(pid: number, waitedMs: number) {
    super(
      `the awsid daemon (pid ${pid}) was asked to stop but had not exited after ${waitedMs / 1000} s`,
      { hint: `kill ${pid}` },
    );
  }
}

/** The socket directory is unsafe (wrong owner, group/other access, not a directory). */
export class UnsafeSocketDirError extends UnsafeDirectoryError {}

/** The socket path does not fit in `sockaddr_un.sun_path`. */
export class SocketPathTooLongError extends ConfigError {}

/**
 * An error the daemon reported whose class this client does not know (a newer daemon, say):
 * keeps the daemon's message, hint and exit code so it prints the same.
 */
export class RemoteDaemonError extends AwsidError {
  override readonly exitCode: number;
  readonly code: string;
  constructor(code: string, message: string, hint: string | undefined, exitCode: number) {
    super(message, { hint });
    this.code = code;
    this.exitCode = exitCode;
  }
}

/**
 * The daemon uses the passphrase store and holds no key for the sealed file: it never reads
 * AWSID_PASSPHRASE (src/platform/daemon-env.ts), so it waits for `awsid unlock`.
 */
export class DaemonLockedError extends SecretStoreError {
  constructor(
    message = 'the awsid daemon is locked (passphrase store)',
    options: AwsidErrorOptions = {},
  ) {
    super(message, { ...options, hint: options.hint ?? 'awsid unlock' });
  }
}
