/** Options with defaults filled in. */
import { checkAccounts, DEFAULT_ACCOUNTS } from './accounts.js';
import type { AccountSpec, DeviceAuthorizationOverride, FakeIdcOptions, Person } from './types.js';

export interface FakeIdcConfig {
  region: string;
  person: Person;
  deviceCodeTtlMs: number;
  authCodeTtlMs: number;
  intervalSec: number;
  pollToleranceMs: number;
  accessTokenTtlMs: number;
  sessionTtlMs: number;
  registrationTtlMs: number;
  roleCredentialsTtlMs: number;
  accounts: AccountSpec[];
  pageSize: number;
  deviceAuthorizationOverride: DeviceAuthorizationOverride;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`fake-idc: ${name} must be > 0, got ${v}`);
  return v;
}

export function checkPerson(person: Person): Person {
  if (person.kind === 'approve') {
    const n = person.afterPolls ?? 0;
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`fake-idc: afterPolls must be >= 0, got ${n}`);
  }
  return person;
}

export function resolveConfig(o: FakeIdcOptions): FakeIdcConfig {
  const intervalSec = positive('intervalSec', o.intervalSec, 1);
  if (!Number.isInteger(intervalSec)) throw new Error('fake-idc: intervalSec must be an integer');
  return {
    region: o.region ?? 'us-east-1',
    person: checkPerson(o.person ?? { kind: 'approve', afterPolls: 0 }),
    deviceCodeTtlMs: positive('deviceCodeTtlSec', o.deviceCodeTtlSec, 600) * 1000,
    authCodeTtlMs: positive('authCodeTtlSec', o.authCodeTtlSec, 300) * 1000,
    intervalSec,
    pollToleranceMs: o.pollToleranceMs ?? 100,
    accessTokenTtlMs: positive('accessTokenTtlSec', o.accessTokenTtlSec, 3600) * 1000,
    sessionTtlMs: positive('sessionTtlSec', o.sessionTtlSec, 8 * 3600) * 1000,
    registrationTtlMs: positive('registrationTtlSec', o.registrationTtlSec, 90 * 86400) * 1000,
    roleCredentialsTtlMs: positive('roleCredentialsTtlSec', o.roleCredentialsTtlSec, 3600) * 1000,
    accounts: checkAccounts(o.accounts ?? DEFAULT_ACCOUNTS),
    pageSize: positive('pageSize', o.pageSize, 20),
    deviceAuthorizationOverride: o.deviceAuthorizationOverride ?? {},
  };
}
