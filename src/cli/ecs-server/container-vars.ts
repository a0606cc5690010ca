/**
 * The environment `awsid exec --ecs-server` gives its child: where the container-credentials
 * endpoint is and its token, the region as plain `exec` sets it, and nothing an SDK would take
 * before the endpoint. botocore's chain (botocore/credentials.py `create_credential_resolver`)
 * and the JS SDK's default chain (credential-provider-node `defaultProvider`) both try the
 * environment keys, web identity and profiles first, and the relative URI wins over the full one.
 */
import type { Env } from '../../platform/env.js';
import type { ResolvedRole } from '../resolve-role.js';
import { EXEC_MARKER, INHERITED_CREDENTIAL_VARS } from '../../exec/exec-vars.js';

export const FULL_URI = 'AWS_CONTAINER_CREDENTIALS_FULL_URI';
export const TOKEN = 'AWS_CONTAINER_AUTHORIZATION_TOKEN';
export const TOKEN_FILE = 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE';

/** Inherited variables that would point an SDK at other credentials than the endpoint's. */
export const SHADOWING_VARS = [
  ...INHERITED_CREDENTIAL_VARS,
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  FULL_URI,
  TOKEN,
  TOKEN_FILE,
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
] as const;

export type EndpointAuth = { token: string } | { tokenFile: string };

export function containerEnvironment(
  env: Env,
  role: ResolvedRole,
  uri: string,
  auth: EndpointAuth,
  marker: string,
): Env {
  const out: Record<string, string | undefined> = { ...env };
  for (const name of SHADOWING_VARS) delete out[name];
  out[FULL_URI] = uri;
  if ('token' in auth) out[TOKEN] = auth.token;
  else out[TOKEN_FILE] = auth.tokenFile;
  // Only a profile knows the client region; otherwise an inherited AWS_REGION stays as it was.
  if (role.region) {
    out.AWS_REGION = role.region;
    out.AWS_DEFAULT_REGION = role.region;
  }
  out[EXEC_MARKER] = marker;
  return out;
}
