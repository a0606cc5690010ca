/**
 * Which sso-session a command is about: `--sso-session`, else the one `--profile` (or AWS_PROFILE)
 * points at, else the only one in the config file.
 */
import { parseAwsidProcess } from '../awsconfig/awsid-process.js';
import { configSyntaxError } from '../awsconfig/problems.js';
import { readAwsConfig } from '../awsconfig/resolve.js';
import type { AwsConfig, ProfileSection } from '../awsconfig/resolve.js';
import { ConfigError, UsageError } from '../core/errors.js';
import { awsidHint } from '../core/hints.js';
import type { SsoSessionConfig } from '../core/model.js';
import { terminalSafe } from '../core/terminal-text.js';
import { closestNames, didYouMean } from '../core/closest-names.js';
import type { Context } from './context.js';
import { sessionConfig } from '../awsconfig/session-config.js';
import { correctedOption } from './usage-error.js';

export interface SessionFlags {
  ssoSession?: string | undefined;
  profile?: string | undefined;
}

/** `--sso-session NAME` inside an awsid credential_process line (profiles written by populate). */
function sessionFromCredentialProcess(p: ProfileSection): string | undefined {
  const cp = parseAwsidProcess(p.values.credential_process);
  return cp.isAwsid ? cp.ssoSession : undefined;
}

export function sessionOfProfile(cfg: AwsConfig, name: string): string {
  const p = cfg.profiles.get(name);
  if (!p) {
    throw new ConfigError(`profile '${name}' is not in ${cfg.path}`, {
      hint: 'awsid setup   (or pass --sso-session NAME)',
    });
  }
  const s = p.values.sso_session ?? sessionFromCredentialProcess(p);
  if (!s) {
    throw new ConfigError(
      `profile '${name}' (line ${p.line} of ${cfg.path}) names no sso_session`,
      {
        hint: `add "sso_session = NAME" to [profile ${name}], or run: awsid setup`,
      },
    );
  }
  return s;
}

/**
 * `--sso-session NAME` for a command that acts on stored sessions (logout): a name neither the
 * config file nor the store knows is a typo, not "nothing to do" (exit 4, the closest names).
 */
export function knownSessionName(
  cfg: AwsConfig,
  name: string,
  stored: readonly string[],
  argv: readonly string[] | undefined,
): string {
  const known = new Set([...cfg.ssoSessions.keys(), ...stored]);
  if (known.has(name)) return name;
  const near = closestNames(name, known, 1)[0];
  const fixed = near === undefined ? undefined : argv && correctedOption(argv, 'sso-session', near);
  throw new ConfigError(
    `unknown sso-session '${terminalSafe(name)}': not in ${cfg.path} and not logged in${didYouMean(name, known)}`,
    {
      hint:
        fixed ?? (near === undefined ? 'awsid status' : awsidHint('logout', '--sso-session', near)),
    },
  );
}

export function pickSessionName(
  cfg: AwsConfig,
  flags: SessionFlags,
  env: Context['env'],
  verb: string,
): string {
  if (flags.ssoSession) return flags.ssoSession;
  const profile = flags.profile ?? env.AWS_PROFILE;
  if (profile) return sessionOfProfile(cfg, profile);
  const names = [...cfg.ssoSessions.keys()];
  if (names.length === 1) return names[0]!;
  if (names.length === 0) {
    throw new ConfigError(`no [sso-session] section in ${cfg.path}`, {
      hint: 'awsid setup --sso-session NAME --start-url URL --region REGION',
    });
  }
  throw new UsageError(`${cfg.path} has several sso-sessions (${names.join(', ')}); say which`, {
    hint: awsidHint(verb, '--sso-session', names[0] ?? ''),
  });
}

/** Reads the config file, refusing one the SDKs cannot parse (the error names the line). */
export async function readConfigOrThrow(ctx: Context): Promise<AwsConfig> {
  const cfg = await readAwsConfig(ctx.paths.awsConfigFile);
  const err = configSyntaxError(cfg, ctx.paths.home);
  if (err) throw err;
  return cfg;
}

export async function selectSession(
  ctx: Context,
  flags: SessionFlags,
  verb: string,
): Promise<SsoSessionConfig> {
  const cfg = await readConfigOrThrow(ctx);
  return sessionConfig(cfg, pickSessionName(cfg, flags, ctx.env, verb));
}
