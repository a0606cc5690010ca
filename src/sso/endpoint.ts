/**
 * Where the SSO clients send their requests, decided from the injected environment only. The
 * SDK would otherwise read AWS_ENDPOINT_URL* from process.env (and `endpoint_url` from a profile
 * of the config file) by itself, behind the back of the Env that main passes down.
 */
import type { Env } from '../platform/env.js';

/** The `AWS_ENDPOINT_URL_<SERVICE>` suffix: the SDK's service id in upper case, `_` for spaces. */
export type SsoService = 'SSO_OIDC' | 'SSO' | 'SIGNIN';

/**
 * The endpoint the environment configures for `service`, with the SDKs' precedence for
 * environment variables (AWS docs "Service-specific endpoints"; @smithy/core endpoints
 * `getEndpointUrlConfig`): AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, empty counting as
 * unset; none at all when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true.
 */
export function configuredEndpoint(service: SsoService, env: Env): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined;
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
}

/** A client's endpoint rule set (`client.config.endpointProvider`). */
export type EndpointRules = (params: {
  Region: string;
  UseFIPS: boolean;
  UseDualStack: boolean;
}) => { url: URL };

export interface PinnedEndpoint {
  endpoint: string | (() => Promise<{ url: URL }>);
  useFipsEndpoint: false;
  useDualstackEndpoint: false;
}

/**
 * Client options that pin the endpoint: the configured one, else the regional default from the
 * client's own rule set. With an explicit `endpoint` the SDK skips its own look-up in process.env
 * and the config file (@smithy/core endpoints `getEndpointFromInstructions` runs it only when the
 * endpoint is not custom), and FIPS/dual-stack come from `env` instead of process.env.
 */
export function pinnedEndpoint(
  service: SsoService,
  region: string,
  env: Env,
  rules: () => EndpointRules,
): PinnedEndpoint {
  const configured = configuredEndpoint(service, env);
  const flag = (name: string): boolean => env[name]?.toLowerCase() === 'true';
  const regional = (): Promise<{ url: URL }> =>
    Promise.resolve({
      url: rules()({
        Region: region,
        UseFIPS: flag('AWS_USE_FIPS_ENDPOINT'),
        UseDualStack: flag('AWS_USE_DUALSTACK_ENDPOINT'),
      }).url,
    });
  // Both false: with a custom endpoint the rule sets reject FIPS or dual-stack as a conflict.
  return { endpoint: configured ?? regional, useFipsEndpoint: false, useDualstackEndpoint: false };
}
