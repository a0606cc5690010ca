/**
 * Every error a user can see. `main` is the only place that prints them: `awsid: <message>` and,
 * when there is one, `  run: <hint>`. Exit codes are documented in docs/errors.md.
 */
export interface AwsidErrorOptions {
  /** The exact next command (or edit) that fixes it. */
  hint?: string | undefined;
  cause?: unknown;
}

export class AwsidError extends Error {
  readonly exitCode: number = 1;
  readonly hint: string | undefined;
  constructor(message: string, options: AwsidErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}

/** Bad or missing flags, or a value that needs a prompt when there is no TTY. */
export class UsageError extends AwsidError {
  override readonly exitCode = 2;
}

/** No token, or the Identity Center session has ended (refresh refused). */
export class NotLoggedInError extends AwsidError {
  override readonly exitCode = 3;
}

/** A missing or invalid profile, sso-session or config line. */
export class ConfigError extends AwsidError {
  override readonly exitCode = 4;
}

/** The portal refused the account or role (403/404), or the user denied the device request. */
export class AccessDeniedError extends AwsidError {
  override readonly exitCode = 5;
}

/** The keychain (or another secret store) cannot be reached, is locked, or timed out. */
export class SecretStoreError extends AwsidError {
  override readonly exitCode = 6;
}

/**
 * A file awsid updates under its lock (the sealed state, ~/.aws/config, the usage record) kept
 * changing under another awsid process, so this update gave up and wrote nothing.
 */
export class FileBusyError extends AwsidError {
  override readonly exitCode = 6;
}

/** Sealed state that cannot be opened or parsed. Nothing is overwritten; login recovers. */
export class CorruptStateError extends AwsidError {
  override readonly exitCode = 7;
}

/** Identity Center answered with an error or garbage, or could not be reached. */
export class ServiceError extends AwsidError {
  override readonly exitCode = 8;
}

/** The device code expired or the flow timed out before approval. */
export class LoginTimeoutError extends AwsidError {
  override readonly exitCode = 9;
}

/** Ctrl-C or a declined prompt. */
export class CancelledError extends AwsidError {
  override readonly exitCode = 130;
}

/**
 * A file or directory of awsid's or the AWS tools' (config, ~/.aws, the state or daemon directory)
 * that this user may not read or write (EACCES/EPERM); the hint is the chown or chmod that fixes
 * it. A ConfigError: the set-up on disk is wrong, not awsid.
 */
export class FileAccessError extends ConfigError {}
