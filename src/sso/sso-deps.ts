/**
 * The Identity Center side of a command's dependencies, built once from its world: the sso-oidc
 * client per region, and the issuer checks (src/sso/issuer.ts) that keep every token on the
 * endpoints it came from. Login, the token service and the credential service all take these.
 */
import { readAwsConfig } from '../awsconfig/resolve.js';
import { sessionConfig } from '../awsconfig/session-config.js';
import type { Clock } from '../core/clock.js';
import type { Env } from '../platform/env.js';
import type { Paths } from '../platform/paths.js';
import { endpointsFor, type Issuer, type SessionEndpoints } from './issuer.js';
import type { OidcApi } from './oidc-api.js';
import { createOidcApi } from './oidc-client.js';

export interface SsoDeps {
  oidcFor(region: string): OidcApi;
  endpointsFor(region: string): SessionEndpoints;
  /** The issuer this world's config names for a session; a ConfigError when it names none. */
  issuerFor(sessionName: string): Promise<Issuer>;
}

/** What the Identity Center side needs of a command's world (the cli's Context has it). */
export interface SsoWorld {
  env: Env;
  clock: Clock;
  paths: Pick<Paths, 'awsConfigFile'>;
}

export function ssoDeps(ctx: SsoWorld): SsoDeps {
  return {
    oidcFor: (region) => createOidcApi(region, ctx.env, () => ctx.clock.now()),
    endpointsFor: (region) => endpointsFor(region, ctx.env),
    issuerFor: async (name) => {
      const s = sessionConfig(await readAwsConfig(ctx.paths.awsConfigFile), name);
      return { startUrl: s.startUrl, region: s.region, ...endpointsFor(s.region, ctx.env) };
    },
  };
}
