/**
 * Authorization codes from GET /authorize and their one redemption in CreateToken
 * (authorization_code grant). RFC 7636 section 4.6: base64url(SHA-256(code_verifier)) must equal
 * the stored S256 challenge; RFC 6749 section 4.1.3: the redirect URI must equal the one sent to
 * /authorize and a code is used once. A code is spent by the first attempt to redeem it, right or
 * wrong, so a client cannot guess verifiers against it.
 */
import { createHash } from 'node:crypto';

import type { Client } from './clients.js';
import { OidcError } from './errors.js';
import type { SecretMint } from './secrets.js';
import type { AuthorizeRequestInfo } from './types.js';

interface AuthCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  expiresAt: number;
  spent: boolean;
}

/** RFC 7636 section 4.1: 43–128 characters from the unreserved set. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

export class AuthCodeStore {
  private readonly byCode = new Map<string, AuthCode>();
  /** Every GET /authorize, for `fake.authorizeRequests()`. */
  readonly requests: AuthorizeRequestInfo[] = [];

  constructor(
    private readonly mint: SecretMint,
    private readonly now: () => number,
    private readonly ttlMs: number,
  ) {}

  issue(client: Client, redirectUri: string, challenge: string): string {
    const code = this.mint.authorizationCode();
    this.byCode.set(code, {
      clientId: client.clientId,
      redirectUri,
      challenge,
      expiresAt: this.now() + this.ttlMs,
      spent: false,
    });
    return code;
  }

  redeem(client: Client, code: string, redirectUri: string, codeVerifier: string): void {
    if (!VERIFIER.test(codeVerifier)) {
      throw new OidcError('InvalidRequestException', 'codeVerifier is not a PKCE code verifier');
    }
    const c = this.byCode.get(code);
    if (!c || c.clientId !== client.clientId) {
      throw new OidcError('InvalidGrantException', 'Invalid authorization code provided');
    }
    if (c.spent) throw new OidcError('InvalidGrantException', 'Authorization code already used');
    c.spent = true;
    if (this.now() >= c.expiresAt) {
      throw new OidcError('ExpiredTokenException', 'Authorization code has expired');
    }
    if (redirectUri !== c.redirectUri) {
      throw new OidcError(
        'InvalidGrantException',
        'redirectUri does not match the authorize request',
      );
    }
    const challenge = createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
    if (challenge !== c.challenge) {
      throw new OidcError(
        'InvalidGrantException',
        'Code verifier does not match the code challenge',
      );
    }
  }
}
