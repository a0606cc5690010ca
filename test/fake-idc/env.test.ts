/** The SDK clients find the fake through the standard endpoint env vars (protocol sheet §7). */
import { ListAccountsCommand, SSOClient } from '@aws-sdk/client-sso';
import { RegisterClientCommand, SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';

import { startFakeIdc } from './index.js';
import type { FakeIdc } from './index.js';
import { caught } from './sdk-helpers.js';

const KEYS = [
  'AWS_ENDPOINT_URL_SSO_OIDC',
  'AWS_ENDPOINT_URL_SSO',
  'AWS_ENDPOINT_URL',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_PROFILE',
] as const;
let saved: Partial<Record<(typeof KEYS)[number], string>>;
let dir: string;
let fake: FakeIdc;

beforeEach(async () => {
  saved = {};
  for (const k of KEYS) {
    if (process.env[k] !== undefined) saved[k] = process.env[k];
    delete process.env[k];
  }
  // Keep the user's own ~/.aws out of the test.
  dir = mkdtempSync(join(tmpdir(), 'fake-idc-env-'));
  process.env.AWS_CONFIG_FILE = join(dir, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
  fake = await startFakeIdc();
});

afterEach(async () => {
  for (const k of KEYS) {
    const v = saved[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
  await fake.close();
});

it('AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO route both clients to the fake', async () => {
  process.env.AWS_ENDPOINT_URL_SSO_OIDC = fake.url;
  process.env.AWS_ENDPOINT_URL_SSO = fake.url;
  const oidc = new SSOOIDCClient({ region: 'us-east-1' });
  const sso = new SSOClient({ region: 'us-east-1', maxAttempts: 1 });
  try {
    const reg = await oidc.send(
      new RegisterClientCommand({ clientName: 'env-test', clientType: 'public' }),
    );
    expect(reg.clientSecret).toBeDefined();
    const err = await caught(sso.send(new ListAccountsCommand({ accessToken: 'not-issued' })));
    expect(err.name).toBe('UnauthorizedException');
    expect(fake.log.map((e) => e.operation)).toEqual(['RegisterClient', 'ListAccounts']);
  } finally {
    oidc.destroy();
    sso.destroy();
  }
});
