/**
 * `awsid prompt` in the bundled fast client: it runs on every shell prompt, so it loads neither
 * yargs nor the config reader. It asks a running daemon of the caller's world what it holds for
 * AWS_PROFILE (`profileStatus`: the daemon reads the profile from its config, fetches nothing) and
 * prints `PROFILE Nm`, or `PROFILE` alone when no daemon answers or it holds nothing. It never
 * starts a daemon and never fails: a prompt must not break the shell. `awsid prompt zsh` doubles
 * each `%`: zsh runs prompt escapes (`%F{red}`, `%(…)`) over a command substitution's output
 * (option PROMPT_SUBST, zsh manual "Prompt Expansion"), and a profile name is config text.
 */
import { isAbsolute } from 'node:path';

import { terminalSafe } from '../../core/terminal-text.js';
import type { Env } from '../../platform/env.js';
import { resolvePaths } from '../../platform/paths.js';
import { daemonAddress } from '../socket-path.js';
import { exchange, helloAnd, ourDaemonsAnswer, socketState } from './fast-exchange.js';
import { CONNECT_TIMEOUT_MS } from './connection.js';
import type { FastIO } from './fast-client.js';

/** Whole minutes left on the credentials the daemon holds for `profile`, if any. */
async function minutesLeft(
  env: Env,
  version: string,
  profile: string,
  now: number,
): Promise<number | undefined> {
  const paths = resolvePaths(env);
  if (!isAbsolute(paths.awsConfigFile)) return undefined;
  const { socketPath, world } = daemonAddress(env, paths);
  if (socketState(paths.runtimeDir, socketPath) !== 'ours') return undefined;
  const lines = helloAnd(version, world, 'profileStatus', { profile });
  const replies = await exchange(socketPath, lines, CONNECT_TIMEOUT_MS, 1_000, () => {});
  const answer = ourDaemonsAnswer(replies, version, world);
  if (!answer || !('result' in answer)) return undefined;
  const { expiration } = (answer.result ?? {}) as { expiration?: unknown };
  if (typeof expiration !== 'number' || expiration <= now) return undefined;
  return Math.floor((expiration - now) / 60_000);
}

/** The shells `awsid prompt SHELL` names; only zsh changes the text. */
export const PROMPT_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type PromptShell = (typeof PROMPT_SHELLS)[number];

/** The prompt segment and its newline; empty when AWS_PROFILE is unset. Never throws. */
export async function promptLine(
  env: Env,
  version: string,
  now: number,
  shell?: PromptShell,
): Promise<string> {
  const profile = env.AWS_PROFILE;
  if (!profile) return '';
  const minutes = await minutesLeft(env, version, profile, now).catch(() => undefined);
  const name =
    shell === 'zsh' ? terminalSafe(profile).replaceAll('%', '%%') : terminalSafe(profile);
  return `${name}${minutes === undefined ? '' : ` ${minutes}m`}\n`;
}

/**
 * `prompt` alone or with a shell name is ours; anything else (`--help`, flags) is the full
 * CLI's: 'fallback'.
 */
export async function runFastPrompt(
  argv: readonly string[],
  env: Env,
  version: string,
  io: FastIO,
): Promise<number | 'fallback'> {
  const shell = argv[1] as PromptShell | undefined;
  if (argv[0] !== 'prompt' || argv.length > 2) return 'fallback';
  if (shell !== undefined && !PROMPT_SHELLS.includes(shell)) return 'fallback';
  io.stdout.write(await promptLine(env, version, Date.now(), shell));
  return 0;
}
