/**
 * The 401 rule: a portal 401 for a token we believed valid means it was revoked or expired early.
 * Refresh the token once and call once more; a second 401 means the session is gone, and the
 * caller is told to log in (aws-vault drops a refused cached token and retries exactly once).
 */
import { NotLoggedInError } from '../core/errors.js';
import { loginHint } from '../core/hints.js';
import { PortalUnauthorizedError } from '../sso/portal-errors.js';
import type { SessionAccessToken } from './credential-service.js';

export interface TokenRetryOptions {
  /** The session's token; `forceRefresh` after a 401. */
  token(forceRefresh: boolean): Promise<SessionAccessToken>;
  log: (line: string) => void;
}

export async function withTokenRetry<T>(
  ssoSession: string,
  call: (token: SessionAccessToken) => Promise<T>,
  options: TokenRetryOptions,
): Promise<T> {
  const first = await options.token(false);
  try {
    return await call(first);
  } catch (e) {
    if (!(e instanceof PortalUnauthorizedError)) throw e;
    options.log(`portal answered 401 for session '${ssoSession}'; refreshing the token once`);
  }
  const refreshed = await options.token(true);
  try {
    return await call(refreshed);
  } catch (e) {
    if (!(e instanceof PortalUnauthorizedError)) throw e;
    throw new NotLoggedInError(
      `the Identity Center session '${ssoSession}' was refused by the portal even after a token refresh`,
      { hint: loginHint(ssoSession), cause: e },
    );
  }
}
