import { AwsidError, UsageError } from '../../core/errors.js';
import { awsidHint } from '../../core/hints.js';
import { runForeground } from '../../platform/spawn-child.js';
import type { Context } from '../context.js';
import { runWithContainerEndpoint } from '../ecs-server/run-with-endpoint.js';
import { roleCredentials } from '../role-credentials.js';
import type { ExecOptions } from './exec.js';
import {
  childEnvironment,
  credentialVars,
  execMarkerValue,
  refuseNesting,
} from '../../exec/exec-vars.js';

/** The command could not be started; exit codes as POSIX shells use them (127, 126). */
export class CommandStartError extends AwsidError {
  override readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

const EXAMPLE = 'awsid exec --profile NAME -- aws sts get-caller-identity';

export async function runExec(opts: ExecOptions, ctx: Context): Promise<number> {
  if (opts.stray.length > 0) {
    throw new UsageError(`put the command after '--' (got '${opts.stray.join(' ')}' before it)`, {
      hint: EXAMPLE,
    });
  }
  const [command, ...args] = opts.command;
  if (command === undefined || command === '') {
    throw new UsageError("name the command to run after '--'", { hint: EXAMPLE });
  }
  if (opts.ecsTokenFile && !opts.ecsServer) {
    throw new UsageError('--ecs-token-file only applies with --ecs-server', {
      hint: awsidHint('exec', '--ecs-server', '--ecs-token-file', '--profile', 'NAME', '--', 'CMD'),
    });
  }
  refuseNesting(ctx.env);
  // Fetched before the child starts in both modes, so a session that has ended fails here.
  const { role, creds, fetch, debug } = await roleCredentials(ctx, opts, 'exec');
  const marker = execMarkerValue(opts.profile, role);
  const terminal = ctx.io.stdinIsTTY || ctx.io.stdoutIsTTY || ctx.io.stderrIsTTY;
  const result = opts.ecsServer
    ? await runWithContainerEndpoint(ctx, {
        command,
        args,
        role,
        marker,
        terminal,
        debug,
        tokenFile: opts.ecsTokenFile,
        credentials: fetch,
      })
    : await runForeground(command, args, {
        env: childEnvironment(ctx.env, credentialVars(ctx.env, role, creds), marker),
        terminal,
      });
  switch (result.kind) {
    case 'exited':
    case 'signaled':
      return result.code;
    case 'not-started':
      if (result.errno === 'ENOENT')
        throw new CommandStartError(`command not found: ${command}`, 127);
      throw new CommandStartError(`cannot run '${command}': ${result.message}`, 126);
  }
}
