/** `awsid env`: print a role's credentials as variables, for eval. */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';
import type { RoleFlags } from '../resolve-role.js';
import { type RoleArgv, roleFlagsOf, roleOptions } from './exec.js';
import { ENV_FORMATS, type EnvFormat } from './env-format.js';

const DEFAULT_FORMAT: EnvFormat = 'sh';

export interface EnvOptions extends RoleFlags {
  format: EnvFormat;
  autoLogin: boolean;
}

export function envCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'env',
    describe: "Print a role's credentials as environment variables (for eval)",
    builder: (y: Argv) =>
      roleOptions(y)
        .option('format', {
          choices: ENV_FORMATS,
          default: DEFAULT_FORMAT,
          describe: 'sh (bash, zsh), fish, powershell; json and dotenv list only what to set',
        })
        .example('eval "$($0 env --profile dev)"', 'sh, bash, zsh')
        .example('$0 env --profile dev --format fish | source', 'fish')
        .example('$0 env --profile dev --format powershell | Invoke-Expression', 'PowerShell'),
    handler: async (argv: RoleArgv & { format: EnvFormat }) => {
      const { runEnv } = await import('./env-run.js');
      setExit(await runEnv({ ...roleFlagsOf(argv), format: argv.format }, ctx));
    },
  };
}
