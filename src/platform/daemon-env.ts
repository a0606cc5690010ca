/**
 * The environment of every process awsid starts in the background (the daemon, a browser): the
 * caller's, minus what is secret. The daemon lives for hours and serves every caller, so it must
 * not carry the passphrase of whoever happened to start it, nor their static AWS keys (anything
 * that could read /proc/<pid>/environ, or a child the daemon starts, would see them).
 */
import { isAbsolute, resolve } from 'node:path';

import type { Env } from './env.js';

/**
 * awsid's own passphrase, and the variables the AWS SDKs read credentials from (the environment,
 * container and web-identity providers: AWS SDK for JavaScript v3 `credential-provider-env`,
 * `credential-provider-http`, `credential-provider-web-identity`; botocore `credentials.py`).
 * AWS_PROFILE, AWS_CONFIG_FILE, AWS_ENDPOINT_URL_* and the like stay: they are not secret and the
 * daemon needs them to find the same config as its callers.
 */
export const SECRET_VARS: readonly string[] = [
  'AWSID_PASSPHRASE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_BEARER_TOKEN_BEDROCK',
];

/**
 * Other tools' secrets by their usual names (GITHUB_TOKEN, NPM_TOKEN, VAULT_TOKEN, *_PASSWORD,
 * *_API_KEY, ...): the daemon needs none of them. awsid reads no variable with such a name.
 */
const SECRET_NAME =
  /(^|_)(AUTH_?TOKEN|TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|API_?KEY|SECRET_?KEY|PRIVATE_KEY)$/i;

export function isSecretVar(name: string): boolean {
  return SECRET_VARS.includes(name.toUpperCase()) || SECRET_NAME.test(name);
}

/**
 * Paths the caller may have given relative to its own working directory. The daemon runs in the
 * home directory, so it gets them absolute: otherwise it would read another config file and, since
 * these paths are part of its world (src/daemon/world.ts), listen on another socket than its caller
 * looks for.
 */
const PATH_VARS = [
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'XDG_STATE_HOME',
  'XDG_RUNTIME_DIR',
];

/**
 * A copy of `env` without the secret variables (names compared case-insensitively, for Windows),
 * with relative PATH_VARS made absolute against `cwd` (`~/...` stays: the daemon expands it alike).
 */
export function daemonEnvironment(env: Env, cwd: string = process.cwd()): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || isSecretVar(name)) continue;
    const relative =
      PATH_VARS.includes(name) && value !== '' && !isAbsolute(value) && !value.startsWith('~');
    out[name] = relative ? resolve(cwd, value) : value;
  }
  return out;
}
