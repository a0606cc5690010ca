/**
 * The SDK clients find the fake through the standard endpoint env vars (docs/protocol.md, "Endpoint
 * overrides"), as the aws CLI and the JS SDK do in the child processes of the interop tests. Run in
 * a child process with its own environment: this process's environment is never changed by a test.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, beforeEach, expect, it } from 'vitest';

import { startFakeIdc } from './index.js';
import type { FakeIdc } from './index.js';

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '../..');

let dir: string;
let fake: FakeIdc;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fake-idc-env-'));
  fake = await startFakeIdc();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await fake.close();
});

/** Both clients built with no endpoint of their own; prints what each call answered. */
const CLIENTS = `
import { ListAccountsCommand, SSOClient } from '@aws-sdk/client-sso';
import { RegisterClientCommand, SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
const oidc = new SSOOIDCClient({ region: 'us-east-1' });
const sso = new SSOClient({ region: 'us-east-1', maxAttempts: 1 });
const reg = await oidc.send(new RegisterClientCommand({ clientName: 'env-test', clientType: 'public' }));
const err = await sso.send(new ListAccountsCommand({ accessToken: 'not-issued' })).catch((e) => e);
console.log(JSON.stringify({ secret: typeof reg.clientSecret, error: err.name }));
oidc.destroy();
sso.destroy();
`;

it('AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO route both clients to the fake', async () => {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', CLIENTS], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      // Keep the user's own ~/.aws out of the test.
      HOME: dir,
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
      AWS_ENDPOINT_URL_SSO: fake.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  expect(JSON.parse(stdout)).toEqual({ secret: 'string', error: 'UnauthorizedException' });
  expect(fake.log.map((e) => e.operation)).toEqual(['RegisterClient', 'ListAccounts']);
});
