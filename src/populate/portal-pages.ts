/**
 * ListAccounts and ListAccountRoles one page at a time, for populate. The SDK's own retries are
 * off (maxAttempts 1): its standard mode retries a 429 after up to 1 s with every request holding
 * its slot meanwhile, and stops retrying once its retry quota is spent, so populate paces and
 * retries each page itself (listing.ts). The endpoint comes from the injected env as in
 * src/sso/portal.ts (src/sso/endpoint.ts), and so do the error mappings.
 */
import { ListAccountRolesCommand, ListAccountsCommand } from '@aws-sdk/client-sso';

import type { Env } from '../platform/env.js';
import { classifyPortalError as classify } from '../sso/classify-portal-error.js';
export { PortalUnavailableError } from '../sso/portal-errors.js';
import { portalEndpointLabel, type AccountInfo } from '../sso/portal.js';
import { createSsoClient } from '../sso/sso-client.js';

export interface Page<T> {
  items: T[];
  nextToken: string | undefined;
}

export interface PortalPages {
  listAccountsPage(accessToken: string, nextToken?: string): Promise<Page<AccountInfo>>;
  listAccountRolesPage(
    accessToken: string,
    accountId: string,
    nextToken?: string,
  ): Promise<Page<string>>;
}

export function createPortalPages(region: string, env: Env): PortalPages {
  const client = createSsoClient(region, env, 1);
  const endpoint = portalEndpointLabel(region, env);
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw classify(e, what, endpoint);
    }
  };
  return {
    listAccountsPage: (accessToken, nextToken) =>
      call('listing accounts', async () => {
        const r = await client.send(
          new ListAccountsCommand({ accessToken, nextToken, maxResults: 100 }),
        );
        const items: AccountInfo[] = [];
        for (const a of r.accountList ?? []) {
          if (!a.accountId) continue;
          items.push({
            accountId: a.accountId,
            accountName: a.accountName || a.accountId,
            emailAddress: a.emailAddress,
          });
        }
        return { items, nextToken: r.nextToken || undefined };
      }),
    listAccountRolesPage: (accessToken, accountId, nextToken) =>
      call(`listing roles of account ${accountId}`, async () => {
        const r = await client.send(
          new ListAccountRolesCommand({ accessToken, accountId, nextToken, maxResults: 100 }),
        );
        const items = (r.roleList ?? []).flatMap((x) => (x.roleName ? [x.roleName] : []));
        return { items, nextToken: r.nextToken || undefined };
      }),
  };
}
