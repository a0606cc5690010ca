/** `awsid adopt`: turn the AWS CLI's SSO profiles into awsid profiles under the same names. */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';

export interface AdoptOptions {
  ssoSession: string | undefined;
  profile: string | undefined;
  all: boolean;
  dryRun: boolean;
  undo: boolean;
}

export function adoptCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'adopt',
    describe:
      'Rewrite the AWS CLI SSO profiles in ~/.aws/config into awsid profiles of the same names (--undo switches back)',
    builder: (y: Argv) =>
      y
        .option('sso-session', {
          type: 'string',
          describe: 'only the profiles of this sso-session',
        })
        .option('profile', { type: 'string', describe: 'only this profile' })
        .option('all', { type: 'boolean', describe: 'every sso-session' })
        .option('dry-run', {
          type: 'boolean',
          default: false,
          describe: 'print the changes as a unified diff and write nothing',
        })
        .option('undo', {
          type: 'boolean',
          default: false,
          describe: 'put the adopted profiles back as they were',
        })
        .conflicts('all', ['sso-session', 'profile'])
        .conflicts('sso-session', 'profile')
        .example('$0 adopt --dry-run', '')
        .example('$0 adopt --profile prod', '')
        .example('$0 adopt --undo', ''),
    handler: async (argv: {
      ssoSession?: string | undefined;
      profile?: string | undefined;
      all?: boolean | undefined;
      dryRun: boolean;
      undo: boolean;
    }) => {
      const { runAdopt } = await import('./adopt-run.js');
      setExit(
        await runAdopt(
          {
            ssoSession: argv.ssoSession,
            profile: argv.profile,
            all: argv.all === true,
            dryRun: argv.dryRun,
            undo: argv.undo,
          },
          ctx,
        ),
      );
    },
  };
}
