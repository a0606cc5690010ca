/**
 * What the `awsid exec --ecs-server` end-to-end tests share: the config, the store, the inherited
 * variables that must disappear, and the start of every child script (raw requests to the
 * endpoint with any headers; node:http may set any Host).
 */
import { afterAll, beforeAll, expect } from 'vitest';

import { repoRoot } from './cli.js';
import { startWorld, type World } from './world.js';

export const CONFIG = `[sso-session corp]
sso_start_url = https://d-fake000001.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnlyAccess
region = eu-west-1
`;
export const STORE = {
  AWSID_SECRET_STORE: 'passphrase',
  AWSID_PASSPHRASE: 'ecs-server-passphrase',
};
/** What a shell that used other credentials would pass down: all of it must be gone. */
export const INHERITED = {
  AWS_ACCESS_KEY_ID: 'AKIAINHERITEDXXXXXXX',
  AWS_SECRET_ACCESS_KEY: 'inherited-secret',
  AWS_SESSION_TOKEN: 'inherited-token',
  AWS_PROFILE: 'other',
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/inherited',
  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/nonexistent/token',
  AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/web',
  AWS_ROLE_ARN: 'arn:aws:iam::999999999999:role/inherited',
};

export const PRELUDE = `
import { createRequire } from 'node:module';
import { request } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
const require = createRequire(${JSON.stringify(`${repoRoot}package.json`)});
const { fromContainerMetadata, fromNodeProviderChain } = require('@aws-sdk/credential-providers');
const uri = new URL(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI);
const tokenFile = process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
const token = tokenFile ? readFileSync(tokenFile, 'utf8') : process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
const raw = (headers, path = uri.pathname, method = 'GET') => new Promise((resolve, reject) => {
  const r = request({ host: '127.0.0.1', port: uri.port, path, method, headers }, (m) => {
    let body = '';
    m.on('data', (c) => (body += c));
    m.on('end', () => resolve({ status: m.statusCode, body }));
  });
  r.on('error', reject);
  r.end();
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
`;

/** Runs a child script as an ES module. */
export const child = (script: string) => [process.execPath, '--input-type=module', '-e', script];

/**
 * The world every `exec --ecs-server` file starts with: CONFIG, the passphrase STORE, logged in to
 * `corp`; closed after the file's tests. Call at the top of a describe; read it inside tests.
 */
export function loggedInEcsWorld(): () => World {
  let w: World | undefined;
  beforeAll(async () => {
    w = await startWorld({ config: CONFIG, env: STORE });
    expect((await w.sb.run(['login', '--no-browser'])).code).toBe(0);
  });
  afterAll(async () => {
    await w?.close();
  });
  return () => w!;
}
