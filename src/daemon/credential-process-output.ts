/** The `credential_process` Version 1 document (protocol sheet §6.1), shared by the fast and slow paths. */
import type { RoleCredentials } from '../core/model.js';

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
