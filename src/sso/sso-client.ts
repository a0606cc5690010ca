/**
 * The portal's SDK client for a region, at the endpoint the injected env pins (endpoint.ts), with
 * the connect and request deadlines of http-deadline.ts.
 */
import { SSOClient } from '@aws-sdk/client-sso';

import type { Env } from '../platform/env.js';
import { pinnedEndpoint } from './endpoint.js';
import { sdkRequestHandler } from './http-deadline.js';

/** `maxAttempts`: the SDK's default retries unless given (populate paces its own, with 1). */
export function createSsoClient(region: string, env: Env, maxAttempts?: number): SSOClient {
  const client: SSOClient = new SSOClient({
    region,
    requestHandler: sdkRequestHandler(env),
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...pinnedEndpoint('SSO', region, env, () => client.config.endpointProvider),
  });
  return client;
}
