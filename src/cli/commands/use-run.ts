/**
 * `awsid use`: prints shell statements for the function of `awsid init` (AWSID_SHELL is its
 * marker) and nothing on stdout otherwise; people read stderr. A profile that is not in the
 * config changes nothing. A profile awsid serves is warmed in the daemon in the background.
 */
import { displayPath } from '../../awsconfig/problems.js';
import type { AwsConfig } from '../../awsconfig/resolve.js';
import { ConfigError, UsageError } from '../../core/errors.js';
import { awsidHint, shellInitHint } from '../../core/hints.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { canPrompt } from '../../platform/io.js';
import type { Context } from '../context.js';
import { readConfigOrThrow } from '../select-session.js';
import { closestNames } from '../../core/closest-names.js';
import { servableProfiles, type ServableProfile } from '../use/servable-profiles.js';
import { USE_SHELLS, type UseShell, useStatements } from '../use/shell-statements.js';
import { warmProfile } from '../use/warm-profile.js';
import type { UseOptions } from './use.js';

/** Static keys: both SDKs take them before AWS_PROFILE (docs/protocol.md, "Credential precedence"). */
const OVERRIDING_VARS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
];

function guessShell(shellPath: string | undefined): UseShell {
  const name = (shellPath ?? '').split('/').pop() ?? '';
  return (USE_SHELLS as readonly string[]).includes(name) ? (name as UseShell) : 'bash';
}

/** The shell the function of `awsid init` says it is; a usage error naming its line otherwise. */
function wrapperShell(ctx: Context): UseShell {
  const marker = ctx.env.AWSID_SHELL;
  if (marker !== undefined && (USE_SHELLS as readonly string[]).includes(marker)) {
    return marker as UseShell;
  }
  throw new UsageError(
    "`awsid use` switches a shell only through awsid's shell function, which this shell has not loaded (add the line to your shell rc file too)",
    { hint: shellInitHint(guessShell(ctx.env.SHELL)) },
  );
}

function unknownProfile(cfg: AwsConfig, name: string, ctx: Context): ConfigError {
  const near = closestNames(name, cfg.profiles.keys());
  const shown = near.map((n) => `'${terminalSafe(n)}'`).join(', ');
  return new ConfigError(
    `profile '${terminalSafe(name)}' is not in ${displayPath(cfg.path, ctx.paths.home)}${
      near.length ? `; closest: ${shown}` : ''
    }`,
    { hint: near[0] === undefined ? awsidHint('populate') : awsidHint('use', near[0]) },
  );
}

async function chooseProfile(opts: UseOptions, cfg: AwsConfig, ctx: Context): Promise<string> {
  const previous = ctx.env.AWSID_USE_PREVIOUS || undefined;
  if (opts.profile === '-') {
    if (previous === undefined) {
      throw new UsageError('no previous profile in this shell', {
        hint: awsidHint('use', 'PROFILE'),
      });
    }
    return previous;
  }
  if (opts.profile !== undefined) return opts.profile;
  const profiles = servableProfiles(cfg);
  if (!profiles.length) {
    throw new ConfigError(
      `no profile in ${displayPath(cfg.path, ctx.paths.home)} gets its credentials from awsid`,
      { hint: awsidHint('populate') },
    );
  }
  if (!canPrompt(ctx.io)) {
    throw new UsageError('`awsid use` without a profile picks one on a terminal; there is none', {
      hint: awsidHint('use', profiles[0]?.name ?? 'PROFILE'),
    });
  }
  const { pickProfile } = await import('../use/picker-tty.js');
  return pickProfile(ctx.io, profiles);
}

function roleSummary(p: ServableProfile | undefined): string {
  if (!p) return '';
  const region = p.region ? `, ${terminalSafe(p.region)}` : '';
  return ` (${terminalSafe(p.roleName)} in ${terminalSafe(p.accountId)}${region})`;
}

export async function runUse(opts: UseOptions, ctx: Context): Promise<number> {
  const shell = wrapperShell(ctx);
  const current = ctx.env.AWS_PROFILE || undefined;
  const keptPrevious = ctx.env.AWSID_USE_PREVIOUS || undefined;
  const say = (line: string) => ctx.io.stderr.write(`awsid: ${line}\n`);
  if (opts.clear) {
    ctx.io.stdout.write(
      useStatements(shell, { profile: undefined, previous: current ?? keptPrevious, unset: [] }),
    );
    say('AWS_PROFILE unset');
    return 0;
  }
  const cfg = await readConfigOrThrow(ctx);
  const name = await chooseProfile(opts, cfg, ctx);
  if (!cfg.profiles.has(name)) throw unknownProfile(cfg, name, ctx);
  const unset = OVERRIDING_VARS.filter((v) => ctx.env[v] !== undefined);
  const previous = current === undefined || current === name ? keptPrevious : current;
  ctx.io.stdout.write(useStatements(shell, { profile: name, previous, unset }));
  if (unset.length) say(`unset ${unset.join(', ')}: they would override AWS_PROFILE`);
  const served = servableProfiles(cfg).find((p) => p.name === name);
  say(`AWS_PROFILE=${terminalSafe(name)}${roleSummary(served)}`);
  if (served) warmProfile(ctx.env, name);
  return 0;
}
