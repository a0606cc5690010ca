/** Account/role assignments and the generator used for large (benchmark) directories. */
import type { AccountSpec } from './types.js';

export const DEFAULT_ACCOUNTS: readonly AccountSpec[] = [
  {
    accountId: '111111111111',
    accountName: 'Sandbox',
    emailAddress: 'sandbox@example.com',
    roles: ['AdministratorAccess', 'ReadOnlyAccess'],
  },
  {
    accountId: '222222222222',
    accountName: 'Production',
    emailAddress: 'production@example.com',
    roles: ['ReadOnlyAccess'],
  },
];

const ROLE_NAMES = ['AdministratorAccess', 'ReadOnlyAccess', 'PowerUserAccess', 'Billing'];

/**
 * `accounts` accounts with `rolesPerAccount` roles each. Ids are 12 digits starting at
 * 100000000000; names `account-0001`...; roles are common permission-set names, then `RoleN`.
 */
export function generateAccounts(accounts: number, rolesPerAccount: number): AccountSpec[] {
  const roles = Array.from({ length: rolesPerAccount }, (_, i) => ROLE_NAMES[i] ?? `Role${i + 1}`);
  const width = Math.max(4, String(accounts).length);
  return Array.from({ length: accounts }, (_, i) => ({
    accountId: String(100000000000 + i),
    accountName: `account-${String(i + 1).padStart(width, '0')}`,
    emailAddress: `account-${i + 1}@example.com`,
    roles: [...roles],
  }));
}

/** Checks ids are 12 digits and unique, so a typo in a test fails at start. */
export function checkAccounts(accounts: readonly AccountSpec[]): AccountSpec[] {
  const seen = new Set<string>();
  for (const a of accounts) {
    if (!/^\d{12}$/.test(a.accountId)) {
      throw new Error(`fake-idc: accountId must be 12 digits, got ${JSON.stringify(a.accountId)}`);
    }
    if (seen.has(a.accountId)) throw new Error(`fake-idc: duplicate accountId ${a.accountId}`);
    seen.add(a.accountId);
  }
  return accounts.map((a) => ({ ...a, roles: [...a.roles] }));
}
