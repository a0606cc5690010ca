/**
 * The polling half of the OAuth 2.0 device authorization grant (RFC 8628 sections 3.4-3.5) against
 * Identity Center's CreateToken. Time comes from the injected clock so tests never wait.
 */
import type { Clock } from '../core/clock.js';
import { AccessDeniedError, LoginTimeoutError, ServiceError } from '../core/errors.js';
import { awsidHint, loginHint } from '../core/hints.js';
import { terminalSafe } from '../core/terminal-text.js';
import { OidcError, type DeviceAuthorization, type OidcApi, type TokenGrant } from './oidc-api.js';

export interface DeviceFlowInput {
  sessionName: string;
  clientId: string;
  clientSecret: string;
  authorization: DeviceAuthorization;
}

/**
 * Extra seconds after a slow_down: RFC 8628 section 3.5, "the interval MUST be increased by 5
 * seconds".
 */
const SLOW_DOWN_STEP_S = 5;

export async function pollForToken(
  oidc: OidcApi,
  clock: Clock,
  input: DeviceFlowInput,
  signal?: AbortSignal,
): Promise<TokenGrant> {
  const { authorization: auth, sessionName } = input;
  const hint = loginHint(sessionName);
  let intervalS = auth.interval;
  // The service ends the flow with expired_token; our own deadline only guards against a server
  // that never does (the AWS CLI has none and can poll forever; cli2 utils.py).
  const deadline = clock.now() + (auth.expiresIn + 30) * 1000;
  for (;;) {
    await clock.sleep(intervalS * 1000, signal);
    if (clock.now() > deadline) {
      throw new LoginTimeoutError(
        `the login code for sso-session '${sessionName}' expired before it was approved`,
        { hint },
      );
    }
    try {
      return await oidc.createToken({
        grant: 'device_code',
        clientId: input.clientId,
        clientSecret: input.clientSecret,
        deviceCode: auth.deviceCode,
      });
    } catch (e) {
      if (!(e instanceof OidcError)) throw e;
      switch (e.kind) {
        case 'authorization_pending':
          continue;
        case 'slow_down':
          intervalS += SLOW_DOWN_STEP_S;
          continue;
        case 'expired_token':
          throw new LoginTimeoutError(
            `the login code for sso-session '${sessionName}' expired before it was approved (code ${terminalSafe(auth.userCode)})`,
            { hint, cause: e },
          );
        case 'access_denied':
          throw new AccessDeniedError(
            `the login request for sso-session '${sessionName}' was denied in the browser (code ${terminalSafe(auth.userCode)})`,
            { hint, cause: e },
          );
        default:
          throw new ServiceError(
            `Identity Center refused the login for sso-session '${sessionName}': ${e.message}`,
            {
              hint: `${hint}   (if it persists: ${awsidHint('doctor', '--sso-session', sessionName)})`,
              cause: e,
            },
          );
      }
    }
  }
}
