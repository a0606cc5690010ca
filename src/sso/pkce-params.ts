/**
 * The per-login secrets of the authorization code grant with PKCE (RFC 7636): a code verifier from
 * the CSPRNG (RFC 7636 section 4.1: 43-128 unreserved characters; 64 as the AWS CLI sends), its
 * S256 challenge (RFC 7636 section 4.2: BASE64URL(SHA256(verifier)), unpadded), and a random
 * `state` (RFC 6749 section 10.12) that ties the redirect to this login.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface PkceParams {
  codeVerifier: string;
  codeChallenge: string;
  state: string;
}

export function challengeOf(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}

export function newPkceParams(): PkceParams {
  // 48 random bytes are 64 base64url characters, all in RFC 7636's unreserved set.
  const codeVerifier = randomBytes(48).toString('base64url');
  return {
    codeVerifier,
    codeChallenge: challengeOf(codeVerifier),
    state: randomBytes(32).toString('base64url'),
  };
}

/**
 * `{oidc}/authorize?...` in the AWS CLI's parameter order (cli2 botocore/utils.py
 * `SSOTokenFetcherAuth`): note `scopes`, plural, space-separated, and spaces as `%20`.
 */
export function authorizeUrl(input: {
  origin: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  params: PkceParams;
}): string {
  const q: Array<[string, string]> = [
    ['response_type', 'code'],
    ['client_id', input.clientId],
    ['redirect_uri', input.redirectUri],
    ['state', input.params.state],
    ['code_challenge_method', 'S256'],
    ['scopes', input.scopes.join(' ')],
    ['code_challenge', input.params.codeChallenge],
  ];
  const query = q.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return `${input.origin}/authorize?${query}`;
}
