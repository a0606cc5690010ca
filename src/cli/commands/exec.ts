/** `awsid exec`: run a command with a role's credentials in its environment. */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';
import { PARSER_CONFIGURATION } from '../parse-config.js';
import type { RoleFlags } from '../resolve-role.js';

export interface ExecOptions extends RoleFlags {
  /** The command and its arguments: everything after `--`. */
  command: string[];
  /** Words given before `--` (a mistake: we refuse rather than guess which flags are whose). */
  stray: string[];
  autoLogin: boolean;
  /** Serve credentials from a loopback container endpoint instead of putting keys in the env. */
  ecsServer: boolean;
  /** With ecsServer: the token in a 0600 file (AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE). */
  ecsTokenFile: boolean;
}

/** The role selection `exec` and `env` share with credential-process. */
export function roleOptions(y: Argv) {
  return y
    .option('profile', { type: 'string', describe: 'take the role from this profile' })
    .option('sso-session', { type: 'string', describe: 'the sso-session to use' })
    .option('account-id', { type: 'string', describe: 'the AWS account id' })
    .option('role-name', { type: 'string', describe: 'the permission set (role) name' })
    .option('auto-login', {
      type: 'boolean',
      default: false,
      describe: 'when the session has ended, log in (browser) instead of failing',
    });
}

export interface RoleArgv {
  profile?: string | undefined;
  ssoSession?: string | undefined;
  accountId?: string | undefined;
  roleName?: string | undefined;
  autoLogin: boolean;
}

export function roleFlagsOf(argv: RoleArgv) {
  return {
    profile: argv.profile,
    ssoSession: argv.ssoSession,
    accountId: argv.accountId,
    roleName: argv.roleName,
    autoLogin: argv.autoLogin,
  };
}

export function execCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'exec [command..]',
    describe: "Run a command with a role's credentials in its environment",
    builder: (y: Argv) =>
      roleOptions(y)
        // Everything after `--` belongs to the command, flags included.
        .parserConfiguration({ ...PARSER_CONFIGURATION, 'populate--': true })
        .option('ecs-server', {
          type: 'boolean',
          default: false,
          describe:
            'for anything that runs longer than the role session: no keys in the env, the SDKs fetch fresh ones from a token-guarded endpoint on 127.0.0.1 (AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN)',
        })
        .option('ecs-token-file', {
          type: 'boolean',
          default: false,
          describe:
            'with --ecs-server: pass the token as a 0600 file (AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE), removed afterwards. Clients released before late 2023 (AWS CLI 2.9, botocore 1.29, the Go SDKs of that time, the JS SDK fromContainerMetadata) never read the file and get 401: run without --ecs-token-file for them',
        })
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
    handler: async (
      argv: RoleArgv & {
        ecsServer: boolean;
        ecsTokenFile: boolean;
        command?: string[] | undefined;
        '--'?: Array<string | number> | undefined;
      },
    ) => {
      const { runExec } = await import('./exec-run.js');
      setExit(
        await runExec(
          {
            ...roleFlagsOf(argv),
            ecsServer: argv.ecsServer,
            ecsTokenFile: argv.ecsTokenFile,
            command: (argv['--'] ?? []).map(String),
            stray: (argv.command ?? []).map(String),
          },
          ctx,
        ),
      );
    },
  };
}
