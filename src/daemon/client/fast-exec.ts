/**
 * `awsid exec` and `awsid env` with a warm daemon, in the bundled fast client: the same one
 * exchange as credential-process (fast-client.ts), then the child or the variables, without
 * loading yargs or the AWS SDK (~250 ms of a ~300 ms call before; docs/benchmarks.md). Anything
 * unusual (other flags, --help, --ecs-server, a nested exec, a daemon error, a command that does
 * not start) returns 'fallback' and the full CLI does it, and explains.
 */
import type { Env } from '../../platform/env.js';
import type * as SpawnChild from '../../platform/spawn-child.js';
import { optionsOf, parseFlags } from '../../core/option-table.js';
import { roleRequestOf } from '../../core/role-options.js';
import { ENV_OPTIONS, type EnvFormat, formatEnv } from '../../exec/env-format.js';
import {
  childEnvironment,
  credentialVars,
  EXEC_MARKER,
  execMarkerValue,
} from '../../exec/exec-vars.js';
import {
  askFastDaemon,
  type FastIO,
  type FastOptions,
  type FastParams,
  parseRoleArgs,
} from './fast-client.js';
import type { CredentialsResult } from '../protocol/protocol.js';

export interface FastExecArgs {
  params: FastParams;
  command: string;
  args: string[];
}

/**
 * `exec [role flags] [--auto-login] -- COMMAND [ARGS...]` (no flags: AWS_PROFILE); anything else:
 * undefined.
 */
export function parseFastExecArgs(
  argv: readonly string[],
  env: Env = {},
): FastExecArgs | undefined {
  if (argv[0] !== 'exec') return undefined;
  const dash = argv.indexOf('--');
  if (dash === -1) return undefined;
  const params = parseRoleArgs(argv.slice(1, dash), env);
  const [command, ...args] = argv.slice(dash + 1);
  if (!params || command === undefined || command === '') return undefined;
  return { params, command, args };
}

/** `env [role flags] [--auto-login] [--format F]` (src/exec/env-format.ts); else undefined. */
export function parseFastEnvArgs(
  argv: readonly string[],
  env: Env = {},
): { params: FastParams; format: EnvFormat } | undefined {
  if (argv[0] !== 'env') return undefined;
  const values = parseFlags(ENV_OPTIONS, argv.slice(1));
  if (!values) return undefined;
  const opts = optionsOf(ENV_OPTIONS, values, env);
  const params = roleRequestOf(opts);
  return params && params !== 'bare' ? { params, format: opts.format } : undefined;
}

/** The role's credentials from the daemon, or undefined for the full CLI to take over. */
async function credentialsFor(
  params: FastParams,
  env: Env,
  version: string,
  io: FastIO,
  options: FastOptions,
): Promise<CredentialsResult | undefined> {
  // Refusing a nested exec (and saying why) is the full CLI's job.
  if (env[EXEC_MARKER]) return undefined;
  const answer = await askFastDaemon(params, env, version, io, options);
  return answer !== 'fallback' && 'result' in answer ? answer.result : undefined;
}

export interface FastTerminal {
  /** Any of stdin, stdout, stderr is a terminal (spawn-child.ts, why it matters for signals). */
  terminal: boolean;
}

/** Runs the command with the role's credentials; its exit code, or 'fallback'. */
export async function runFastExec(
  argv: readonly string[],
  env: Env,
  version: string,
  io: FastIO & FastTerminal,
  options: FastOptions = {},
): Promise<number | 'fallback'> {
  const parsed = parseFastExecArgs(argv, env);
  if (!parsed) return 'fallback';
  const { params, command, args } = parsed;
  const asked = credentialsFor(params, env, version, io, options);
  // node:child_process (~0.5-4 ms to load) is loaded while the daemon works on the request: an
  // immediate runs right after the poll phase that sent it.
  const spawner = new Promise<typeof SpawnChild>((resolve) =>
    setImmediate(() => resolve(import('../../platform/spawn-child.js'))),
  );
  const creds = await asked;
  if (!creds) return 'fallback';
  const { runForeground } = await spawner;
  const marker = 'profile' in params ? params.profile : execMarkerValue(undefined, params);
  const vars = credentialVars(env, { region: creds.region }, creds);
  const result = await runForeground(command, args, {
    env: childEnvironment(env, vars, marker),
    terminal: io.terminal,
  });
  // A command that never started: the full CLI reports it (127 or 126) in its own words.
  return result.kind === 'not-started' ? 'fallback' : result.code;
}

/** Prints the role's variables in the asked format; 0, or 'fallback'. */
export async function runFastEnv(
  argv: readonly string[],
  env: Env,
  version: string,
  io: FastIO,
  options: FastOptions = {},
): Promise<number | 'fallback'> {
  const parsed = parseFastEnvArgs(argv, env);
  if (!parsed) return 'fallback';
  const creds = await credentialsFor(parsed.params, env, version, io, options);
  if (!creds) return 'fallback';
  let text: string;
  try {
    text = formatEnv(credentialVars(env, { region: creds.region }, creds), parsed.format);
  } catch {
    return 'fallback'; // a value dotenv cannot carry: the full CLI says which
  }
  io.stdout.write(text);
  return 0;
}
