/**
 * Console federation (AWS docs "Enabling custom identity broker access to the AWS console";
 * aws-vault's cli/login.go): role credentials are exchanged for a sign-in token at
 * `…/federation?Action=getSigninToken`, and `…/federation?Action=login` with that token signs the
 * browser in. No request signing. The token and the login URL are bearer credentials: nothing
 * here logs them, and errors carry only the endpoint's host and its reason.
 */
import { ConfigError, ServiceError } from '../core/errors.js';
import type { RoleCredentials } from '../core/model.js';
import { terminalSafe } from '../core/terminal-text.js';
import type { Env } from '../platform/env.js';
import { isOpenableUrl } from '../platform/browser.js';
import { configuredEndpoint } from '../sso/endpoint.js';
import { DEFAULT_HTTP_TIMEOUT_MS } from '../sso/http-deadline.js';
import type { Partition } from './partition.js';

/** Shown to the console as who signed the user in. */
export const ISSUER = 'awsid';
const MAX_REASON = 200;

/**
 * `https://<partition signin host>/federation`, or `<AWS_ENDPOINT_URL_SIGNIN>/federation` (the
 * SDKs' endpoint variables, src/sso/endpoint.ts). The credentials travel in the query, so a
 * configured endpoint must be https, or http on a loopback host.
 */
export function federationEndpoint(env: Env, partition: Partition): URL {
  const configured = configuredEndpoint('SIGNIN', env);
  if (configured === undefined) return new URL(`https://${partition.signinHost}/federation`);
  let base: URL | undefined;
  try {
    base = new URL(configured);
  } catch {
    base = undefined;
  }
  if (!base || !isOpenableUrl(base)) {
    throw new ConfigError(
      `AWS_ENDPOINT_URL_SIGNIN (or AWS_ENDPOINT_URL) '${terminalSafe(configured)}' is not an https URL (or http on 127.0.0.1)`,
      { hint: 'unset AWS_ENDPOINT_URL_SIGNIN' },
    );
  }
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/federation`;
  base.search = '';
  base.hash = '';
  return base;
}

/** The `Action=login` URL that signs a browser in: a bearer credential for about 15 minutes. */
export function loginUrl(endpoint: URL, destination: string, signinToken: string): string {
  const url = new URL(endpoint.href);
  url.search = new URLSearchParams({
    Action: 'login',
    Issuer: ISSUER,
    Destination: destination,
    SigninToken: signinToken,
  }).toString();
  return url.href;
}

/** The `Action=getSigninToken` request URL (it carries the secret key: never shown). */
export function signinTokenRequest(endpoint: URL, creds: RoleCredentials): URL {
  const url = new URL(endpoint.href);
  // No SessionDuration: it applies only to AssumeRole* credentials (same AWS doc); the console
  // session of Identity Center role credentials follows the credentials themselves.
  url.search = new URLSearchParams({
    Action: 'getSigninToken',
    Session: JSON.stringify({
      sessionId: creds.accessKeyId,
      sessionKey: creds.secretAccessKey,
      sessionToken: creds.sessionToken,
    }),
  }).toString();
  return url;
}

/** The endpoint's own words for a refusal, on one line, without any of our secrets in it. */
export function refusalReason(status: number, body: string, creds: RoleCredentials): string {
  let reason = body;
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const msg = parsed.message ?? parsed.Message ?? parsed.error;
    if (typeof msg === 'string') reason = msg;
  } catch {
    // Not JSON: an HTML page says nothing useful on one line.
    if (/^\s*</.test(body)) reason = '';
  }
  for (const secret of [creds.secretAccessKey, creds.sessionToken]) {
    reason = reason.split(secret).join('…');
  }
  reason = reason.replace(/\s+/g, ' ').trim();
  if (reason.length > MAX_REASON) reason = `${reason.slice(0, MAX_REASON)}…`;
  return terminalSafe(reason ? `HTTP ${status}: ${reason}` : `HTTP ${status}`);
}

/** `timeoutMs`: the request deadline of src/sso/http-deadline.ts (AWSID_HTTP_TIMEOUT_MS). */
export async function getSigninToken(
  endpoint: URL,
  creds: RoleCredentials,
  timeoutMs = DEFAULT_HTTP_TIMEOUT_MS,
): Promise<string> {
  const where = `the console federation endpoint ${endpoint.host}`;
  let res: Response;
  let body: string;
  try {
    res = await fetch(signinTokenRequest(endpoint, creds), {
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = await res.text();
  } catch (e) {
    const timedOut = e instanceof Error && e.name === 'TimeoutError';
    const why = timedOut
      ? `no answer within ${timeoutMs / 1000} s`
      : e instanceof Error
        ? e.message
        : String(e);
    throw new ServiceError(`could not reach ${where}: ${terminalSafe(why)}`, {
      hint: 'check the network (or AWS_ENDPOINT_URL_SIGNIN), then run the same command again',
    });
  }
  if (!res.ok) {
    throw new ServiceError(
      `${where} refused the role credentials (${refusalReason(res.status, body, creds)})`,
      {
        hint: 'run the same command again; if it persists: awsid doctor',
      },
    );
  }
  let token: unknown;
  try {
    token = (JSON.parse(body) as { SigninToken?: unknown }).SigninToken;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || token === '') {
    throw new ServiceError(`${where} answered without a SigninToken`, {
      hint: 'run the same command again; if it persists: awsid doctor',
    });
  }
  return token;
}
