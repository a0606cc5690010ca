/** `awsid console`: open the AWS console signed in as a role. */
import type { Argv } from 'yargs';

import {
  type OptionsOf,
  type OptionTable,
  optionsOf,
  yargsOptions,
} from '../../core/option-table.js';
import { ROLE_OPTIONS_FROM_ENV } from '../../core/role-options.js';
import type { Context } from '../context.js';

export const CONSOLE_OPTIONS = {
  ...ROLE_OPTIONS_FROM_ENV,
  region: {
    type: 'string',
    describe: "the console's region (default: the profile's region, else the sso_region)",
  },
  service: {
    type: 'string',
    describe: "open this service's page, e.g. s3, cloudwatch, iam",
    conflicts: 'destination',
  },
  destination: {
    type: 'string',
    describe: 'open this console URL (https, on the console of the session’s partition)',
    conflicts: 'region',
  },
  url: {
    type: 'boolean',
    default: false,
    describe: 'print the sign-in URL instead of opening it; it signs anyone in for 15 minutes',
  },
} as const satisfies OptionTable;

export type ConsoleOptions = OptionsOf<typeof CONSOLE_OPTIONS>;

export function consoleCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'console',
    describe: 'Open the AWS console signed in as a role (no second login)',
    builder: (y: Argv) =>
      y
        .options(yargsOptions(CONSOLE_OPTIONS))
        .example('$0 console --profile dev', "the console home in the profile's region")
        .example('$0 console --profile dev --service s3', 'the S3 page')
        .example('$0 console --profile dev --url', 'for a browser elsewhere (keep it secret)'),
    handler: async (argv: Record<string, unknown>) => {
      const { runConsole } = await import('./console-run.js');
      setExit(await runConsole(optionsOf(CONSOLE_OPTIONS, argv, ctx.env), ctx));
    },
  };
}
