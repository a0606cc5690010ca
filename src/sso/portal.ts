/**
 * The portal adapter over `@aws-sdk/client-sso` (GetRoleCredentials, Logout; populate lists
 * accounts and roles page by page in src/populate/portal-pages.ts). `AWS_ENDPOINT_URL_SSO` (or
 * `AWS_ENDPOINT_URL`) in the injected env points it elsewhere, as it would the SDK (endpoint.ts).
 */
import { GetRoleCredentialsCommand, LogoutCommand } from '@aws-sdk/client-sso';

import { ServiceError } from '../core/errors.js';
import type { RoleCredentials } from '../core/model.js';
import type { Env } from '../platform/env.js';
import { classifyPortalError as classify } from './classify-portal-error.js';
import { configuredEndpoint } from './endpoint.js';
import { createSsoClient } from './sso-client.js';

export interface AccountInfo {
  accountId: string;
  accountName: string;
  emailAddress: string | undefined;
}

export interface Portal {
  getRoleCredentials(
    accessToken: string,
    accountId: string,
    roleName: string,
  ): Promise<RoleCredentials>;
  logout(accessToken: string): Promise<void>;
}

export function portalEndpointLabel(region: string, env: Env): string {
  return configuredEndpoint('SSO', env) ?? `portal.sso.${region}.amazonaws.com`;
}

function need<T>(v: T | undefined | null, field: string, endpoint: string): T {
  if (v === undefined || v === null || v === '') {
    throw new ServiceError(`${endpoint} answered GetRoleCredentials without ${field}`, {
      hint: 'awsid doctor',
    });
  }
  return v;
}

export function createPortal(region: string, env: Env): Portal {
  const client = createSsoClient(region, env);
  const endpoint = portalEndpointLabel(region, env);
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw e instanceof ServiceError ? e : classify(e, what, endpoint);
    }
  };
  return {
    getRoleCredentials: (accessToken, accountId, roleName) =>
      call(`role ${roleName} in account ${accountId}`, async () => {
        const r = await client.send(
          new GetRoleCredentialsCommand({ accessToken, accountId, roleName }),
        );
        const c = r.roleCredentials;
        return {
          accessKeyId: need(c?.accessKeyId, 'accessKeyId', endpoint),
          secretAccessKey: need(c?.secretAccessKey, 'secretAccessKey', endpoint),
          sessionToken: need(c?.sessionToken, 'sessionToken', endpoint),
          expiration: need(c?.expiration, 'expiration', endpoint),
        };
      }),
    logout: (accessToken) =>
      call('logout', async () => {
        await client.send(new LogoutCommand({ accessToken }));
      }),
  };
}
