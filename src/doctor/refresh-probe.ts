/**
 * Without `--offline`, what Identity Center answers to the refresh the SDKs would make.
 *
 * awsid's own sessions refresh through the token service, which stores the rotated refresh token.
 * The AWS CLI's cache is never written by awsid, and a refresh rotates the refresh token (the old
 * one is refused afterwards, docs/protocol.md "CreateToken"), so using the CLI's refresh token
 * here would break the CLI's next refresh. For the CLI's tokens the doctor therefore sends its
 * cached client id and secret with a refresh token that cannot exist: `invalid_client` means the
 * registration was ended server-side and the real refresh will fail; `invalid_grant` means the
 * registration is accepted (the sign-in itself is left unchecked). docs/protocol.md, "OIDC errors".
 */
import { readFile } from 'node:fs/promises';

import { NotLoggedInError } from '../core/errors.js';
import type { OidcApi } from '../sso/oidc-api.js';
import { OidcError } from '../sso/oidc-api.js';
import type { TokenService } from '../sso/token-service.js';

/** Never a real refresh token: Identity Center's start with `aor`. */
const NO_SUCH_REFRESH_TOKEN = 'awsid-doctor-probe';

/** What the server said: refused (with why), accepted, or no answer (network, 5xx). */
export type ServerAnswer =
  | { kind: 'refused'; why: string }
  | { kind: 'accepted'; note: string }
  | { kind: 'unknown'; why: string };

const firstLine = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';

/** The client id and secret of a cache file, read again just for the probe and kept nowhere. */
async function cachedClient(path: string): Promise<{ clientId: string; clientSecret: string }> {
  const o = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  if (typeof o.clientId !== 'string' || typeof o.clientSecret !== 'string') {
    throw new Error('the cache file no longer holds a client registration');
  }
  return { clientId: o.clientId, clientSecret: o.clientSecret };
}

export async function probeCliRegistration(path: string, oidc: OidcApi): Promise<ServerAnswer> {
  let client;
  try {
    client = await cachedClient(path);
  } catch (e) {
    return { kind: 'unknown', why: firstLine(e) };
  }
  try {
    await oidc.createToken({
      grant: 'refresh_token',
      ...client,
      refreshToken: NO_SUCH_REFRESH_TOKEN,
    });
    return {
      kind: 'unknown',
      why: `${oidc.endpointLabel} accepted a refresh token that cannot exist`,
    };
  } catch (e) {
    if (!(e instanceof OidcError)) return { kind: 'unknown', why: firstLine(e) };
    if (e.kind === 'invalid_grant') {
      return {
        kind: 'accepted',
        note: "Identity Center accepts its client registration, so the SDKs refresh it on next use unless the sign-in itself has ended (not checked: only a refresh shows that, and it would spend the AWS CLI's refresh token)",
      };
    }
    if (e.kind === 'transport' || e.kind === 'server') return { kind: 'unknown', why: e.message };
    return {
      kind: 'refused',
      why: `Identity Center refused its client registration (${e.message})`,
    };
  }
}

/** awsid's refresh, as `credential_process` would make it; the rotated token is stored. */
export async function refreshAwsid(
  tokens: TokenService,
  name: string,
): Promise<ServerAnswer & { expiresAt?: number }> {
  try {
    const t = await tokens.getAccessToken(name);
    return { kind: 'accepted', note: 'refreshed just now', expiresAt: t.expiresAt };
  } catch (e) {
    // NotLoggedInError: Identity Center refused the refresh; anything else is no answer.
    const why = firstLine(e);
    return e instanceof NotLoggedInError ? { kind: 'refused', why } : { kind: 'unknown', why };
  }
}
