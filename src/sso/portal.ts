/**
 * The portal adapter over `@aws-sdk/client-sso` (GetRoleCredentials, ListAccounts,
 * ListAccountRoles, Logout). The endpoint comes from the SDK's resolution, so
 * `AWS_ENDPOINT_URL_SSO` points it elsewhere (protocol sheet §7).
 */
import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  SSOClient,
} from '@aws-sdk/client-sso';

import { ServiceError } from '../core/errors.js';
import type { RoleCredentials } from '../core/model.js';
import type { Env } from '../platform/env.js';
import { sdkErrorInfo } from './classify-sdk-error.js';
import { PortalUnauthorizedError, RoleNotAssignedError, ThrottledError } from './portal-errors.js';

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
  listAccounts(accessToken: string): Promise<AccountInfo[]>;
  listAccountRoles(accessToken: string, accountId: string): Promise<string[]>;
  logout(accessToken: string): Promise<void>;
}

export function portalEndpointLabel(region: string, env: Env): string {
  return env.AWS_ENDPOINT_URL_SSO || env.AWS_ENDPOINT_URL || `portal.sso.${region}.amazonaws.com`;
}

function classify(e: unknown, what: string, endpoint: string): Error {
  const info = sdkErrorInfo(e);
  const hint = 'awsid doctor';
  if (info.status === 401 || info.name === 'UnauthorizedException') {
    return new PortalUnauthorizedError(`${what}: the portal refused the access token`, {
      hint,
      cause: e,
    });
  }
  if (info.status === 429 || info.name === 'TooManyRequestsException') {
    return new ThrottledError(`${what}: the portal is throttling requests`, { hint, cause: e });
  }
  if (info.status === 403 || info.status === 404 || info.name === 'ForbiddenException') {
    return new RoleNotAssignedError(`${what}: not assigned to you (${info.name})`, { cause: e });
  }
  const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
  const detail = info.fromService ? `${info.name} (HTTP ${info.status})` : msg;
  return new ServiceError(`${what}: ${endpoint} failed: ${detail}`, { hint, cause: e });
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
  const client = new SSOClient({ region });
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
    listAccounts: (accessToken) =>
      call('listing accounts', async () => {
        const out: AccountInfo[] = [];
        let nextToken: string | undefined;
        do {
          const r = await client.send(
            new ListAccountsCommand({ accessToken, nextToken, maxResults: 100 }),
          );
          for (const a of r.accountList ?? []) {
            if (!a.accountId) continue;
            out.push({
              accountId: a.accountId,
              accountName: a.accountName ?? a.accountId,
              emailAddress: a.emailAddress,
            });
          }
          nextToken = r.nextToken || undefined;
        } while (nextToken);
        return out;
      }),
    listAccountRoles: (accessToken, accountId) =>
      call(`listing roles of account ${accountId}`, async () => {
        const out: string[] = [];
        let nextToken: string | undefined;
        do {
          const r = await client.send(
            new ListAccountRolesCommand({ accessToken, accountId, nextToken, maxResults: 100 }),
          );
          for (const role of r.roleList ?? []) if (role.roleName) out.push(role.roleName);
          nextToken = r.nextToken || undefined;
        } while (nextToken);
        return out;
      }),
    logout: (accessToken) =>
      call('logout', async () => {
        await client.send(new LogoutCommand({ accessToken }));
      }),
  };
}
