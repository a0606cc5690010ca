/** An `[sso-session]` section of the config file as a login or a token refresh needs it. */
import type { AwsConfig } from './resolve.js';
import { ConfigError } from '../core/errors.js';
import { awsidHint } from '../core/hints.js';
import type { SsoSessionConfig } from '../core/model.js';
import { terminalSafe } from '../core/terminal-text.js';

/**
 * Without scopes Identity Center issues no refresh token and the user logs in again every
 * 8 hours (ByteNess/aws-vault #445), so an unset `sso_registration_scopes` means the
 * scope `aws configure sso` writes by default.
 */
export const DEFAULT_SCOPES = ['sso:account:access'];

export function sessionConfig(cfg: AwsConfig, name: string): SsoSessionConfig {
  const s = cfg.ssoSessions.get(name);
  if (!s) {
    const known = [...cfg.ssoSessions.keys()];
    throw new ConfigError(
      `sso-session '${name}' is not in ${cfg.path}${known.length ? ` (known: ${known.join(', ')})` : ''}`,
      { hint: awsidHint('setup', '--sso-session', name) },
    );
  }
  const missing = [!s.startUrl && 'sso_start_url', !s.region && 'sso_region'].filter(Boolean);
  if (missing.length || !s.startUrl || !s.region) {
    throw new ConfigError(
      `[sso-session ${name}] (line ${s.line} of ${cfg.path}) lacks ${missing.join(' and ')}`,
      { hint: awsidHint('setup', '--sso-session', name) },
    );
  }
  const flow = s.values.awsid_login_flow;
  if (flow !== undefined && flow !== 'device-code' && flow !== 'pkce') {
    throw new ConfigError(
      `[sso-session ${name}] (line ${s.line} of ${cfg.path}): awsid_login_flow must be device-code or pkce, not "${terminalSafe(flow)}"`,
      { hint: `set "awsid_login_flow = device-code" (or pkce) in [sso-session ${name}]` },
    );
  }
  return {
    name,
    startUrl: s.startUrl,
    region: s.region,
    scopes: s.registrationScopes.length ? s.registrationScopes : DEFAULT_SCOPES,
    ...(flow ? { loginFlow: flow } : {}),
  };
}
