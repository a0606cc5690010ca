/**
 * `awsid prompt` in the bundled fast client: it runs on every shell prompt, so it loads neither
 * yargs nor the config reader. It asks a running daemon of the caller's world what it holds for
 * AWS_PROFILE (`profileStatus`: the daemon reads the profile from its config, fetches nothing) and
 * prints `PROFILE Nm`, or `PROFILE` alone when no daemon answers or it holds nothing. It never
 * starts a daemon and never fails: a prompt must not break the shell.
 */
import { isAbsolute } from 'node:path';

import { terminalSafe } from '../../core/terminal-text.js';
import type { Env } from '../../platform/env.js';
import { resolvePaths } from '../../platform/paths.js';
import { daemonAddress } from '../socket-path.js';
import { helloAnd, ourDaemonsAnswer, socketState } from './fast-exchange.js';
import { CONNECT_TIMEOUT_MS, exchange } from './connection.js';
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

/** The prompt segment and its newline; empty when AWS_PROFILE is unset. Never throws. */
export async function promptLine(env: Env, version: string, now: number): Promise<string> {
  const profile = env.AWS_PROFILE;
  if (!profile) return '';
  const minutes = await minutesLeft(env, version, profile, now).catch(() => undefined);
  return `${terminalSafe(profile)}${minutes === undefined ? '' : ` ${minutes}m`}\n`;
}

/** `prompt` alone is ours; anything else (`--help`, flags) is the full CLI's: 'fallback'. */
export async function runFastPrompt(
  argv: readonly string[],
  env: Env,
  version: string,
  io: FastIO,
): Promise<number | 'fallback'> {
  if (argv.length !== 1 || argv[0] !== 'prompt') return 'fallback';
  io.stdout.write(await promptLine(env, version, Date.now()));
  return 0;
}
