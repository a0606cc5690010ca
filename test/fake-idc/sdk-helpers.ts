/**
 * Test helpers: the real SDK clients pointed at a fake, and the device login steps.
 * maxAttempts 1 so 500/429 reach the test instead of being retried
 * (docs/protocol.md, "Retries and throttling").
 */
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
  type CreateTokenCommandOutput,
  type RegisterClientCommandOutput,
  type StartDeviceAuthorizationCommandOutput,
} from '@aws-sdk/client-sso-oidc';
import { SSOClient } from '@aws-sdk/client-sso';

import { DEVICE_GRANT } from './routes-oidc.js';
import type { FakeIdc } from './types.js';

export const START_URL = 'https://d-fake000001.awsapps.com/start';

export interface Sdk {
  oidc: SSOOIDCClient;
  sso: SSOClient;
  destroy(): void;
}

export function sdkFor(fake: FakeIdc): Sdk {
  const oidc = new SSOOIDCClient({ endpoint: fake.url, region: 'us-east-1', maxAttempts: 1 });
  const sso = new SSOClient({ endpoint: fake.url, region: 'us-east-1', maxAttempts: 1 });
  return {
    oidc,
    sso,
    destroy() {
      oidc.destroy();
      sso.destroy();
    },
  };
}

export function register(sdk: Sdk): Promise<RegisterClientCommandOutput> {
  return sdk.oidc.send(
    new RegisterClientCommand({
      clientName: 'awsid-test',
      clientType: 'public',
      scopes: ['sso:account:access'],
    }),
  );
}

export interface Client {
  clientId: string;
  clientSecret: string;
}

export async function registered(sdk: Sdk): Promise<Client> {
  const r = await register(sdk);
  return { clientId: r.clientId!, clientSecret: r.clientSecret! };
}

export function startAuth(sdk: Sdk, c: Client): Promise<StartDeviceAuthorizationCommandOutput> {
  return sdk.oidc.send(new StartDeviceAuthorizationCommand({ ...c, startUrl: START_URL }));
}

export function poll(sdk: Sdk, c: Client, deviceCode: string): Promise<CreateTokenCommandOutput> {
  return sdk.oidc.send(new CreateTokenCommand({ ...c, grantType: DEVICE_GRANT, deviceCode }));
}

export function refresh(
  sdk: Sdk,
  c: Client,
  refreshToken: string,
): Promise<CreateTokenCommandOutput> {
  return sdk.oidc.send(new CreateTokenCommand({ ...c, grantType: 'refresh_token', refreshToken }));
}

/** Register, start, one poll: needs a person that approves at the first poll (the default). */
export async function login(
  sdk: Sdk,
): Promise<{ client: Client; token: CreateTokenCommandOutput }> {
  const client = await registered(sdk);
  const auth = await startAuth(sdk, client);
  return { client, token: await poll(sdk, client, auth.deviceCode!) };
}

/** What the SDKs attach to a service error (fields read by the tests). */
export interface SdkError extends Error {
  $metadata: { httpStatusCode?: number; requestId?: string };
  error?: string;
  error_description?: string;
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function caught(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error('expected a rejection, but the call succeeded');
}

/**
 * For a test that sends malformed or unroutable requests on purpose: takes what the fake recorded
 * as unexpected (so `close()` does not fail the test) as `METHOD /path Shape-or-status` lines.
 */
export function takeUnexpected(fake: FakeIdc): string[] {
  return fake.takeUnexpected().map((e) => `${e.method} ${e.path} ${e.errorShape ?? e.status}`);
}

/** A clock the test moves by hand (deterministic pacing and expiry). */
export function manualClock(start = 1_800_000_000_000): { now: () => number; t: { ms: number } } {
  const t = { ms: start };
  return { now: () => t.ms, t };
}
