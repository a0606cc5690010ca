/**
 * A profile or sso-session name the config file does not have: the error says which names are
 * close ("did you mean"), so a typo leads to the right name rather than to `awsid populate` or a
 * "not logged in" for a session that does not exist.
 */
import { didYouMean } from '../core/closest-names.js';
import { ConfigError } from '../core/errors.js';
import { awsidHint } from '../core/hints.js';
import type { RoleRef } from '../core/model.js';
import { terminalSafe } from '../core/terminal-text.js';
import type { AwsConfig, ProfileSection } from './resolve.js';

export function unknownProfileError(cfg: AwsConfig, name: string, hint: string): ConfigError {
  return new ConfigError(
    `profile '${terminalSafe(name)}' is not in ${cfg.path}${didYouMean(name, cfg.profiles.keys())}`,
    { hint },
  );
}

/** The role of profile `p`, when its sso-session is in the file; else a ConfigError naming both. */
export function knownSession<R extends RoleRef>(cfg: AwsConfig, p: ProfileSection, role: R): R {
  const name = role.ssoSession;
  if (cfg.ssoSessions.has(name)) return role;
  const near = didYouMean(name, cfg.ssoSessions.keys());
  throw new ConfigError(
    `profile '${terminalSafe(p.name)}' (line ${p.line} of ${cfg.path}): unknown sso-session '${terminalSafe(name)}'${near}`,
    {
      hint: near
        ? `fix sso_session in [profile ${p.name}] (line ${p.line} of ${cfg.path})`
        : awsidHint('setup', '--sso-session', name),
    },
  );
}
