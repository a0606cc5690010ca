/**
 * The `credential_process` Version 1 document (docs/protocol.md, "credential_process output"),
 * shared by the fast and slow paths.
 */
import type { RoleCredentials } from '../core/model.js';
import { terminalSafe } from '../core/terminal-text.js';

/**
 * RFC 3339 UTC with `Z` and no fraction, e.g. `2026-11-28T01:26:18Z`. Rounds down: a credential
 * reported as expiring a fraction of a second early is harmless, the reverse is not.
 */
export function formatExpiration(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

/** One JSON object and a newline; botocore parses stdout as a whole, the JS SDK trims it first. */
export function formatCredentialProcessOutput(creds: RoleCredentials): string {
  return `${JSON.stringify({
    Version: 1,
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    SessionToken: creds.sessionToken,
    Expiration: formatExpiration(creds.expiration),
  })}\n`;
}

/**
 * A failure as ONE stderr line naming the next command (docs/errors.md): botocore shows it inline,
 * "Error when retrieving credentials from custom-process: <stderr>", and the JS SDK appends it to
 * "Command failed: <cmd>" (docs/protocol.md, "credential_process failures"). Elsewhere main prints
 * message and hint on two lines; here a second line would dangle in the middle of the SDK's
 * message.
 */
export function formatCredentialProcessError(message: string, hint: string | undefined): string {
  // Messages carry names and values from the config and the server: shown, never acted on.
  return terminalSafe(`awsid: ${message}${hint ? `; run: ${hint}` : ''}`) + '\n';
}
