/**
 * The world a command runs in: which config file, which state directory and secret store, which
 * Identity Center endpoints, and which TLS trust. A daemon serves exactly one world; its socket's
 * name carries the world's id, and the daemon reports the id in `hello`, so a caller is never
 * served with settings it did not have (a daemon started during a demo against a loopback
 * endpoint would otherwise send the real tokens there). docs/architecture.md, "One daemon per
 * world". Pure and bundle-friendly: the hot path (fast-client.ts) derives the id too.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

import type { Env } from '../platform/env.js';
import type { Paths } from '../platform/paths.js';

/**
 * Variables that change where tokens go or whom TLS trusts: the SDK's endpoint variables (AWS
 * SDKs and Tools reference, "Service-specific endpoints"), the secret store's D-Bus session, and
 * Node's TLS and preload settings (Node CLI docs: NODE_TLS_REJECT_UNAUTHORIZED, NODE_EXTRA_CA_CERTS,
 * NODE_OPTIONS), which a daemon would otherwise apply to every later caller.
 */
export const WORLD_VARIABLES = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SSO',
  'AWS_ENDPOINT_URL_SSO_OIDC',
  'AWS_ENDPOINT_URL_SIGNIN',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'AWS_CA_BUNDLE',
  'DBUS_SESSION_BUS_ADDRESS',
  'NODE_EXTRA_CA_CERTS',
  'NODE_OPTIONS',
  'NODE_TLS_REJECT_UNAUTHORIZED',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
] as const;

export interface World {
  /** 16 hex digits of a SHA-256 over `facts`: short enough for a socket name. */
  readonly id: string;
  readonly facts: Readonly<Record<string, string>>;
}

export function worldOf(env: Env, paths: Pick<Paths, 'awsConfigFile' | 'stateDir'>): World {
  const facts: Record<string, string> = {
    config: resolve(paths.awsConfigFile),
    state: resolve(paths.stateDir),
    store: (env.AWSID_SECRET_STORE ?? '').trim().toLowerCase() || 'keychain',
  };
  for (const name of WORLD_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value !== '') facts[name] = value;
  }
  const id = createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 16);
  return { id, facts };
}

/**
 * The id of a state directory (16 hex digits of a SHA-256 over its absolute path), which the
 * daemon reports in `hello`: two worlds can share one state directory (they differ only in, say,
 * AWS_CA_BUNDLE), and logout, lock and stop must reach every daemon that serves it.
 */
export function stateIdOf(paths: Pick<Paths, 'stateDir'>): string {
  return createHash('sha256')
    .update(`state:${resolve(paths.stateDir)}`)
    .digest('hex')
    .slice(0, 16);
}
