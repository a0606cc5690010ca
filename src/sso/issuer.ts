/**
 * Where a session's tokens came from, and so the only place they may ever be sent: the start URL
 * and region of the `[sso-session]` it was logged in with, and the sso-oidc and portal endpoints
 * that answered. A token is used only in a world whose config and endpoint variables name the same
 * issuer; anywhere else the session counts as "not logged in here". Otherwise a daemon or command
 * running with another config or `AWS_ENDPOINT_URL_*` (a demo against a loopback fake, a proxy)
 * would send the real access and refresh tokens and the client secret there.
 */
import { NotLoggedInError } from '../core/errors.js';
import { loginHint } from '../core/hints.js';
import type { Env } from '../platform/env.js';
import type { SessionState } from '../store/state.js';
import { oidcEndpointLabel } from './oidc-client.js';
import { portalEndpointLabel } from './portal.js';

export interface SessionEndpoints {
  oidcEndpoint: string;
  portalEndpoint: string;
}

export interface Issuer extends SessionEndpoints {
  startUrl: string;
  region: string;
}

/** `https://host:1/` and `https://host:1` are one endpoint; the AWS default needs no scheme. */
const normal = (endpoint: string): string => endpoint.trim().replace(/\/+$/, '');

/** The endpoints this environment reaches for `region` (the SDK's endpoint variables, else AWS). */
export function endpointsFor(region: string, env: Env): SessionEndpoints {
  return {
    oidcEndpoint: normal(oidcEndpointLabel(region, env)),
    portalEndpoint: normal(portalEndpointLabel(region, env)),
  };
}

/** What a stored session was obtained from. Sessions stored before awsid recorded endpoints
 * count as obtained from AWS itself. */
export function storedIssuer(s: SessionState): Issuer {
  const aws = endpointsFor(s.region, {});
  return {
    startUrl: s.startUrl,
    region: s.region,
    oidcEndpoint: s.oidcEndpoint ?? aws.oidcEndpoint,
    portalEndpoint: s.portalEndpoint ?? aws.portalEndpoint,
  };
}

export function sameEndpoints(a: SessionEndpoints, b: SessionEndpoints): boolean {
  return a.oidcEndpoint === b.oidcEndpoint && a.portalEndpoint === b.portalEndpoint;
}

export function sameIssuer(a: Issuer, b: Issuer): boolean {
  return a.startUrl === b.startUrl && a.region === b.region && sameEndpoints(a, b);
}

/** Names what differs (never a token); the fix is a login in this world. */
export function notLoggedInHere(name: string, stored: Issuer, here: Issuer): NotLoggedInError {
  const what =
    stored.startUrl !== here.startUrl
      ? `to ${stored.startUrl}, not ${here.startUrl}`
      : stored.region !== here.region
        ? `in ${stored.region}, not ${here.region}`
        : `through ${stored.oidcEndpoint}, not ${here.oidcEndpoint}`;
  return new NotLoggedInError(
    `sso-session '${name}' is not logged in here: its login was ${what}`,
    { hint: loginHint(name) },
  );
}
