/**
 * The authorization code grant with PKCE on a loopback redirect (RFC 7636, RFC 8252), as Identity
 * Center runs it for the AWS CLI since late 2024 (cli2 botocore/utils.py `SSOTokenFetcherAuth`):
 * bind the listener, open `{oidc}/authorize`, take the one redirect that carries our `state`, and
 * exchange its code once with the verifier and the exact redirect URI.
 */
import type { Clock } from '../core/clock.js';
import {
  AccessDeniedError,
  LoginTimeoutError,
  ServiceError,
  type AwsidError,
} from '../core/errors.js';
import { awsidHint, loginHint } from '../core/hints.js';
import type { SsoSessionConfig } from '../core/model.js';
import { terminalSafe } from '../core/terminal-text.js';
import type {
  CallbackAnswer,
  CallbackListener,
  ListenOptions,
} from '../platform/loopback-callback.js';
import { OidcError, type OidcApi, type TokenGrant } from './oidc-api.js';
import { authorizeUrl, newPkceParams } from './pkce-params.js';

/** How long the browser has to come back (the AWS CLI waits 10 minutes; a person needs less). */
export const PKCE_WAIT_MS = 5 * 60_000;

export interface AuthorizeInfo {
  /**
   * The one-shot start page that leads to the sign-in (never the authorize URL itself); always
   * shown, like the AWS CLI, since a browser may fail to open without saying so.
   */
  url: string;
  opened: boolean;
  redirectUri: string;
  waitMs: number;
}

export interface PkceInput {
  oidc: OidcApi;
  clock: Clock;
  session: SsoSessionConfig;
  clientId: string;
  clientSecret: string;
  listen: (o: ListenOptions) => Promise<CallbackListener>;
  redirectPort: number | undefined;
  openBrowser(url: string): Promise<boolean>;
  showAuthorize(session: SsoSessionConfig, info: AuthorizeInfo): void;
  signal: AbortSignal | undefined;
}

export async function runPkceFlow(input: PkceInput): Promise<TokenGrant> {
  const { session } = input;
  const params = newPkceParams();
  const listener = await input.listen({
    port: input.redirectPort,
    state: params.state,
    hint: `${loginHint(session.name)}   (without --redirect-port, or with a free port)`,
  });
  try {
    const url = authorizeUrl({
      origin: input.oidc.authorizeOrigin,
      clientId: input.clientId,
      redirectUri: listener.redirectUri,
      scopes: session.scopes,
      params,
    });
    // The opener (and every local user, through /proc) sees only the one-shot start page.
    const start = listener.startPage(url);
    const opened = await input.openBrowser(start);
    input.showAuthorize(session, {
      url: start,
      opened,
      redirectUri: listener.redirectUri,
      waitMs: PKCE_WAIT_MS,
    });
    const answer = await waitForAnswer(listener, input.clock, input.signal);
    if (!answer) throw timedOut(session);
    if (answer.kind === 'error') {
      answer.finish({ ok: false, title: 'Login not completed', text: 'Return to your terminal.' });
      throw callbackError(session, answer.error);
    }
    try {
      const grant = await input.oidc.createToken({
        grant: 'authorization_code',
        clientId: input.clientId,
        clientSecret: input.clientSecret,
        code: answer.code,
        redirectUri: listener.redirectUri,
        codeVerifier: params.codeVerifier,
      });
      answer.finish({
        ok: true,
        title: 'Logged in',
        text: `awsid is logged in to sso-session '${session.name}'. You can close this tab.`,
      });
      return grant;
    } catch (e) {
      answer.finish({ ok: false, title: 'Login failed', text: 'Return to your terminal.' });
      throw exchangeError(session, e);
    }
  } finally {
    await listener.close();
  }
}

/** The matching callback, or undefined after PKCE_WAIT_MS; rejects when `outer` aborts. */
async function waitForAnswer(
  listener: CallbackListener,
  clock: Clock,
  outer: AbortSignal | undefined,
): Promise<CallbackAnswer | undefined> {
  const stop = new AbortController();
  const onAbort = () => stop.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  outer?.addEventListener('abort', onAbort, { once: true });
  const timer = clock.sleep(PKCE_WAIT_MS, stop.signal).then(() => undefined);
  timer.catch(() => undefined);
  try {
    return await Promise.race([listener.wait(stop.signal), timer]);
  } finally {
    outer?.removeEventListener('abort', onAbort);
    if (!stop.signal.aborted) stop.abort();
  }
}

function timedOut(session: SsoSessionConfig): AwsidError {
  return new LoginTimeoutError(
    `no answer from the browser for sso-session '${session.name}' within ${PKCE_WAIT_MS / 60_000} minutes`,
    {
      hint: `${awsidHint('login', '--sso-session', session.name, '--use-device-code')}   (when the browser is on another machine)`,
    },
  );
}

function callbackError(session: SsoSessionConfig, error: string): AwsidError {
  if (error === 'access_denied') {
    return new AccessDeniedError(
      `the login request for sso-session '${session.name}' was denied in the browser`,
      { hint: loginHint(session.name) },
    );
  }
  return new ServiceError(
    `Identity Center ended the sign-in for sso-session '${session.name}' with "${terminalSafe(error.slice(0, 100))}"`,
    { hint: awsidHint('doctor', '--sso-session', session.name) },
  );
}

function exchangeError(session: SsoSessionConfig, e: unknown): unknown {
  if (!(e instanceof OidcError)) return e;
  const hint = loginHint(session.name);
  if (e.kind === 'expired_token') {
    return new LoginTimeoutError(
      `the sign-in for sso-session '${session.name}' expired before awsid could use it`,
      { hint, cause: e },
    );
  }
  if (e.kind === 'access_denied') return callbackError(session, 'access_denied');
  return new ServiceError(
    `Identity Center refused the login for sso-session '${session.name}': ${terminalSafe(e.message)}`,
    {
      hint: `${hint}   (if it persists: ${awsidHint('doctor', '--sso-session', session.name)})`,
      cause: e,
    },
  );
}
