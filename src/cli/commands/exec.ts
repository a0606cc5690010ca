/** `awsid exec`: run a command with a role's credentials in its environment. */
import type { Argv } from 'yargs';

import {
  type OptionsOf,
  type OptionTable,
  optionsOf,
  yargsOptions,
} from '../../core/option-table.js';
import { ROLE_OPTIONS_FROM_ENV } from '../../core/role-options.js';
import type { Context } from '../context.js';
import { PARSER_CONFIGURATION } from '../parse-config.js';

export const EXEC_OPTIONS = {
  ...ROLE_OPTIONS_FROM_ENV,
  'ecs-server': {
    type: 'boolean',
    default: false,
    describe:
      'for anything that runs longer than the role session: no keys in the env, the SDKs fetch fresh ones from a token-guarded endpoint on 127.0.0.1 (AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN)',
  },
  'ecs-token-file': {
    type: 'boolean',
    default: false,
    describe:
      'with --ecs-server: pass the token as a 0600 file (AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE), removed afterwards. Clients released before late 2023 (AWS CLI 2.9, botocore 1.29, the Go SDKs of that time, the JS SDK fromContainerMetadata) never read the file and get 401: run without --ecs-token-file for them',
  },
} as const satisfies OptionTable;

export type ExecOptions = OptionsOf<typeof EXEC_OPTIONS> & {
  /** The command and its arguments: everything after `--`. */
  command: string[];
  /** Words given before `--` (a mistake: we refuse rather than guess which flags are whose). */
  stray: string[];
};

export function execCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'exec [command..]',
    describe: "Run a command with a role's credentials in its environment",
    builder: (y: Argv) =>
      y
        .options(yargsOptions(EXEC_OPTIONS))
        // Everything after `--` belongs to the command, flags included.
        .parserConfiguration({ ...PARSER_CONFIGURATION, 'populate--': true })
        .positional('command', {
          type: 'string',
          array: true,
          describe: 'the program to run and its arguments, after --',
        })
        .example('$0 exec --profile dev -- aws s3 ls', '')
        .example('$0 exec --profile dev -- $SHELL', 'a subshell; exit it to drop the credentials')
        .example(
          '$0 exec --ecs-server --profile dev -- terraform apply',
          'credentials that never go stale',
        ),
    handler: async (argv: Record<string, unknown>) => {
      const { runExec } = await import('./exec-run.js');
      const positional = argv.command as Array<string | number> | undefined;
      const rest = argv['--'] as Array<string | number> | undefined;
      setExit(
        await runExec(
          {
            ...optionsOf(EXEC_OPTIONS, argv, ctx.env),
            command: (rest ?? []).map(String),
            stray: (positional ?? []).map(String),
          },
          ctx,
        ),
      );
    },
  };
}
