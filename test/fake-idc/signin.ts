/**
 * The federation endpoint's state: the role credentials the portal issued (so getSigninToken can
 * tell them from invented ones) and the sign-in tokens minted from them.
 */
import type { SecretMint } from './secrets.js';
import type { SigninTokenInfo } from './types.js';

export interface IssuedRoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch ms. */
  expiration: number;
  accountId: string;
  roleName: string;
}

/** Sign-in tokens are good for 15 minutes (AWS docs, custom identity broker console access). */
export const SIGNIN_TOKEN_TTL_MS = 15 * 60 * 1000;

export class SigninStore {
  private readonly creds = new Map<string, IssuedRoleCredentials>();
  private readonly tokens = new Map<string, SigninTokenInfo & { expiresAt: number }>();

  constructor(
    private readonly mint: SecretMint,
    private readonly now: () => number,
  ) {}

  recordRoleCredentials(issued: IssuedRoleCredentials): void {
    this.creds.set(issued.accessKeyId, issued);
  }

  /** The issued credentials matching all three values and still valid, else why not. */
  check(
    sessionId: string,
    sessionKey: string,
    sessionToken: string,
  ): IssuedRoleCredentials | string {
    const c = this.creds.get(sessionId);
    if (!c || c.secretAccessKey !== sessionKey || c.sessionToken !== sessionToken) {
      return 'The security token included in the request is invalid';
    }
    if (c.expiration <= this.now()) return 'The security token included in the request is expired';
    return c;
  }

  mintToken(c: IssuedRoleCredentials): string {
    const signinToken = this.mint.signinToken();
    this.tokens.set(signinToken, {
      signinToken,
      accessKeyId: c.accessKeyId,
      accountId: c.accountId,
      roleName: c.roleName,
      logins: [],
      expiresAt: this.now() + SIGNIN_TOKEN_TTL_MS,
    });
    return signinToken;
  }

  /** Records a login with a minted, unexpired token; false for any other token. */
  login(signinToken: string, destination: string): boolean {
    const t = this.tokens.get(signinToken);
    if (!t || t.expiresAt <= this.now()) return false;
    t.logins.push(destination);
    return true;
  }

  list(): SigninTokenInfo[] {
    return [...this.tokens.values()].map(({ expiresAt: _, ...t }) => ({
      ...t,
      logins: [...t.logins],
    }));
  }
}
