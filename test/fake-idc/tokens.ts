/**
 * Access tokens, refresh tokens and the Identity Center session they belong to.
 * A device grant opens a session (sessionTtl); refresh rotates the refresh token (the old one is
 * then InvalidGrant); Logout revokes the session's access and refresh tokens
 * (docs/protocol.md, "Portal operations").
 */
import { OidcError, PortalError, SESSION_TOKEN_INVALID } from './errors.js';
import type { FakeIdcConfig } from './config.js';
import type { SecretMint } from './secrets.js';

interface Session {
  clientId: string;
  startUrl: string;
  endsAt: number;
  revoked: boolean;
}

interface AccessToken {
  session: Session;
  expiresAt: number;
  revoked: boolean;
}

interface RefreshToken {
  session: Session;
  rotated: boolean;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresInSec: number;
}

export class TokenStore {
  private readonly sessions: Session[] = [];
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, RefreshToken>();

  constructor(
    private readonly mint: SecretMint,
    private readonly now: () => number,
    private readonly config: FakeIdcConfig,
  ) {}

  openSession(clientId: string, startUrl: string): IssuedTokens {
    const session: Session = {
      clientId,
      startUrl,
      endsAt: this.now() + this.config.sessionTtlMs,
      revoked: false,
    };
    this.sessions.push(session);
    return this.issue(session);
  }

  /** Refresh grant: InvalidGrant for unknown, rotated, foreign, or ended-session tokens. */
  rotate(clientId: string, refreshToken: string): IssuedTokens {
    const old = this.refresh.get(refreshToken);
    if (!old || old.session.clientId !== clientId) {
      throw new OidcError('InvalidGrantException', 'Invalid refresh token provided');
    }
    if (old.rotated) {
      throw new OidcError('InvalidGrantException', 'Refresh token has already been used');
    }
    if (!this.live(old.session)) {
      throw new OidcError('InvalidGrantException', 'The session has ended; log in again');
    }
    old.rotated = true;
    return this.issue(old.session);
  }

  /** The portal's bearer check: 401 UnauthorizedException unless live ("Portal errors"). */
  checkAccess(token: string | undefined): void {
    const t = token === undefined ? undefined : this.access.get(token);
    if (!t || t.revoked || t.session.revoked || this.now() >= t.expiresAt) {
      throw new PortalError('UnauthorizedException', SESSION_TOKEN_INVALID);
    }
  }

  logout(token: string | undefined): void {
    this.checkAccess(token);
    const session = this.access.get(token!)!.session;
    session.revoked = true;
    for (const t of this.access.values()) if (t.session === session) t.revoked = true;
  }

  expireAccessTokens(): void {
    const now = this.now();
    for (const t of this.access.values()) t.expiresAt = Math.min(t.expiresAt, now);
  }

  endSessions(): void {
    const now = this.now();
    for (const s of this.sessions) s.endsAt = Math.min(s.endsAt, now);
  }

  revokeAll(): void {
    for (const s of this.sessions) s.revoked = true;
    for (const t of this.access.values()) t.revoked = true;
  }

  private live(s: Session): boolean {
    return !s.revoked && this.now() < s.endsAt;
  }

  private issue(session: Session): IssuedTokens {
    const now = this.now();
    // An access token never outlives its session (whole seconds, so expiresIn is exact).
    const expiresInSec = Math.floor(
      Math.min(this.config.accessTokenTtlMs, session.endsAt - now) / 1000,
    );
    const accessToken = this.mint.accessToken();
    const refreshToken = this.mint.refreshToken();
    this.access.set(accessToken, { session, expiresAt: now + expiresInSec * 1000, revoked: false });
    this.refresh.set(refreshToken, { session, rotated: false });
    return { accessToken, refreshToken, expiresInSec };
  }
}
