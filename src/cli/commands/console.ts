/** `awsid console`: open the AWS console signed in as a role. */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';
import type { RoleFlags } from '../resolve-role.js';
import { type RoleArgv, roleFlagsOf, roleOptions } from './exec.js';

export interface ConsoleOptions extends RoleFlags {
  autoLogin: boolean;
  region?: string | undefined;
  service?: string | undefined;
  destination?: string | undefined;
  /** Print the sign-in URL on stdout instead of opening it. */
  url: boolean;
}

type ConsoleArgv = RoleArgv & {
  region?: string | undefined;
  service?: string | undefined;
  destination?: string | undefined;
  url: boolean;
};

export function consoleCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'console',
    describe: 'Open the AWS console signed in as a role (no second login)',
    builder: (y: Argv) =>
      roleOptions(y)
        .option('region', {
          type: 'string',
          describe: "the console's region (default: the profile's region, else the sso_region)",
        })
        .option('service', {
          type: 'string',
          describe: "open this service's page, e.g. s3, cloudwatch, iam",
          conflicts: 'destination',
        })
        .option('destination', {
          type: 'string',
          describe: 'open this console URL (https, on the console of the session’s partition)',
          conflicts: 'region',
        })
        .option('url', {
          type: 'boolean',
          default: false,
          describe:
            'print the sign-in URL instead of opening it; it signs anyone in for 15 minutes',
        })
        .example('$0 console --profile dev', "the console home in the profile's region")
        .example('$0 console --profile dev --service s3', 'the S3 page')
        .example('$0 console --profile dev --url', 'for a browser elsewhere (keep it secret)'),
    handler: async (argv: ConsoleArgv) => {
      const { runConsole } = await import('./console-run.js');
      setExit(
        await runConsole(
          {
            ...roleFlagsOf(argv),
            region: argv.region,
            service: argv.service,
            destination: argv.destination,
            url: argv.url,
          },
          ctx,
        ),
      );
    },
  };
}
