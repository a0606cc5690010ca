/**
 * Random identifiers and secrets. Every secret is at least 40 random characters so a test that
 * greps files for `issuedSecrets()` cannot match by accident.
 */
import { randomBytes, randomInt } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
// RFC 8628 section 6.1: user codes from a reduced alphabet (no vowels, no look-alikes).
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

function pick(alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export class SecretMint {
  private readonly secrets: string[] = [];
  private readonly used = new Set<string>();

  /** Every secret handed out, in issue order. */
  issued(): string[] {
    return [...this.secrets];
  }

  private unique(make: () => string): string {
    for (;;) {
      const value = make();
      if (!this.used.has(value)) {
        this.used.add(value);
        return value;
      }
    }
  }

  private secret(make: () => string): string {
    const value = this.unique(make);
    this.secrets.push(value);
    return value;
  }

  /** Real access tokens start with `aoa`, refresh tokens with `aor`. */
  accessToken(): string {
    return this.secret(() => 'aoa' + randomBytes(30).toString('base64url'));
  }

  refreshToken(): string {
    return this.secret(() => 'aor' + randomBytes(30).toString('base64url'));
  }

  clientSecret(): string {
    return this.secret(() => 'fcs' + randomBytes(48).toString('base64url'));
  }

  /** 40 characters of standard base64 like real keys (may hold `/` and `+`: escape in regexes). */
  secretAccessKey(): string {
    return this.secret(() => randomBytes(30).toString('base64'));
  }

  sessionToken(): string {
    return this.secret(() => 'IQoJb3JpZ2luX2Vj' + randomBytes(120).toString('base64'));
  }

  /** Authorization codes (GET /authorize) are short-lived secrets too. */
  authorizationCode(): string {
    return this.secret(() => 'fac' + randomBytes(30).toString('base64url'));
  }

  /** Console federation sign-in tokens (a bearer credential for 15 minutes). */
  signinToken(): string {
    return this.secret(() => 'fst' + randomBytes(60).toString('base64url'));
  }

  /** Not secret: client ids, device codes, key ids. */
  clientId(): string {
    return this.unique(() => randomBytes(16).toString('base64url'));
  }

  deviceCode(): string {
    return this.unique(() => randomBytes(48).toString('base64url'));
  }

  userCode(): string {
    return this.unique(() => `${pick(USER_CODE_ALPHABET, 4)}-${pick(USER_CODE_ALPHABET, 4)}`);
  }

  accessKeyId(): string {
    return this.unique(() => 'ASIA' + pick(BASE32, 16));
  }

  pageToken(): string {
    return this.unique(() => randomBytes(24).toString('base64url'));
  }
}
