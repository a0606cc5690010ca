/**
 * The Identity Center side of a command's dependencies, built once from its Context: the sso-oidc
 * client per region, and the issuer checks (src/sso/issuer.ts) that keep every token on the
 * endpoints it came from. Login, the token service and the credential service all take these.
 */
import { readAwsConfig } from '../awsconfig/resolve.js';
import { endpointsFor, type Issuer, type SessionEndpoints } from '../sso/issuer.js';
import type { OidcApi } from '../sso/oidc-api.js';
import { createOidcApi } from '../sso/oidc-client.js';
import type { Context } from './context.js';
import { sessionConfig } from './select-session.js';

export interface SsoDeps {
  oidcFor(region: string): OidcApi;
  endpointsFor(region: string): SessionEndpoints;
  /** The issuer this world's config names for a session; a ConfigError when it names none. */
  issuerFor(sessionName: string): Promise<Issuer>;
}

export function ssoDeps(ctx: Context): SsoDeps {
  return {
    oidcFor: (region) => createOidcApi(region, ctx.env, () => ctx.clock.now()),
    endpointsFor: (region) => endpointsFor(region, ctx.env),
    issuerFor: async (name) => {
      const s = sessionConfig(await readAwsConfig(ctx.paths.awsConfigFile), name);
      return { startUrl: s.startUrl, region: s.region, ...endpointsFor(s.region, ctx.env) };
    },
  };
}
