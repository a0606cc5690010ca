/**
 * The one rule for "can this sso-session get a new access token without a login": it needs a
 * refresh token (Identity Center issues one only to a registration with scopes) and a client
 * registration that has not expired (the refresh grant authenticates with its id and secret;
 * AWS docs, IAM Identity Center OIDC API, CreateToken). The token service, `awsid status` and
 * doctor all ask this function, so they never disagree.
 */
import type { Registration, SessionState } from '../store/state.js';

export type RefreshBlocker = 'no-refresh-token' | 'no-registration' | 'registration-expired';

export type Refreshability =
  | { blocker: undefined; refreshToken: string; registration: Registration }
  | { blocker: RefreshBlocker };

export function refreshability(
  session: Pick<SessionState, 'token' | 'registration'> | undefined,
  now: number,
): Refreshability {
  const refreshToken = session?.token?.refreshToken;
  const registration = session?.registration;
  if (!refreshToken) return { blocker: 'no-refresh-token' };
  if (!registration) return { blocker: 'no-registration' };
  if (registration.expiresAt <= now) return { blocker: 'registration-expired' };
  return { blocker: undefined, refreshToken, registration };
}
