/** `awsid env`: print a role's credentials as variables, for eval. */
import type { Argv } from 'yargs';

import { type OptionsOf, optionsOf, yargsOptions } from '../../core/option-table.js';
import { ENV_OPTIONS } from '../../exec/env-format.js';
import type { Context } from '../context.js';

export type EnvOptions = OptionsOf<typeof ENV_OPTIONS>;

export function envCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'env',
    describe: "Print a role's credentials as environment variables (for eval)",
    builder: (y: Argv) =>
      y
        .options(yargsOptions(ENV_OPTIONS))
        .example('eval "$($0 env --profile dev)"', 'sh, bash, zsh')
        .example('$0 env --profile dev --format fish | source', 'fish')
        .example('$0 env --profile dev --format powershell | Invoke-Expression', 'PowerShell'),
    handler: async (argv: Record<string, unknown>) => {
      const { runEnv } = await import('./env-run.js');
      setExit(await runEnv(optionsOf(ENV_OPTIONS, argv, ctx.env), ctx));
    },
  };
}
