/**
 * How long awsid waits on the network, in one place (docs/errors.md, "Deadlines"): every SDK
 * client (sso, sso-oidc) and the console federation endpoint take their timeouts from here, and
 * the credential service bounds every shared wait with `waitMs`. `AWSID_HTTP_TIMEOUT_MS` sets the
 * per-request limit (a slow link may need more; tests use less); the rest follows from it.
 */
import { ConfigError } from '../core/errors.js';
import type { Env } from '../platform/env.js';

/** Per HTTP request, connection included, unless AWSID_HTTP_TIMEOUT_MS says otherwise. */
export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;
/** Establishing the TCP/TLS connection; a reachable endpoint answers far sooner. */
const CONNECT_TIMEOUT_MS = 3_000;
/** The SDK clients' default: the first attempt and two retries, each under the request limit. */
const SDK_ATTEMPTS = 3;
const MIN_MS = 100;
const MAX_MS = 600_000;

export interface HttpDeadlines {
  /** The TCP/TLS connection must be up within this. */
  connectMs: number;
  /** One HTTP request, from start to the last byte of the answer. */
  requestMs: number;
  /** The longest any caller waits on a shared fetch (a role's credentials, a session's token). */
  waitMs: number;
}

export function httpDeadlines(env: Env): HttpDeadlines {
  const raw = env.AWSID_HTTP_TIMEOUT_MS;
  let requestMs = DEFAULT_HTTP_TIMEOUT_MS;
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < MIN_MS || n > MAX_MS) {
      throw new ConfigError(
        `AWSID_HTTP_TIMEOUT_MS must be a whole number of milliseconds from ${MIN_MS} to ${MAX_MS}`,
        { hint: 'unset AWSID_HTTP_TIMEOUT_MS' },
      );
    }
    requestMs = n;
  }
  return {
    connectMs: Math.min(CONNECT_TIMEOUT_MS, requestMs),
    requestMs,
    waitMs: SDK_ATTEMPTS * requestMs,
  };
}

/**
 * The SDK clients' `requestHandler` options (@smithy/node-http-handler): without them a tarpitted
 * endpoint holds a request forever. `throwOnRequestTimeout` turns the request limit from a
 * warning into an error (the SDK then retries it as a transient error, within `waitMs`).
 */
export function sdkRequestHandler(env: Env): {
  connectionTimeout: number;
  requestTimeout: number;
  throwOnRequestTimeout: true;
} {
  const d = httpDeadlines(env);
  return {
    connectionTimeout: d.connectMs,
    requestTimeout: d.requestMs,
    throwOnRequestTimeout: true,
  };
}

/** The host of an endpoint URL for messages: never its path, query or user info. */
export function endpointHost(endpoint: string): string {
  try {
    return new URL(endpoint).host || endpoint;
  } catch {
    return endpoint;
  }
}
