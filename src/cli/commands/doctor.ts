/** `awsid doctor`: name every broken set-up and the exact fix. */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';

export interface DoctorCommandOptions {
  profile: string | undefined;
  ssoSession: string | undefined;
  json: boolean;
  fix: boolean;
  offline: boolean;
}

export function doctorCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'doctor',
    describe:
      'Check the AWS config, SSO caches, awsid tokens, keychain, daemon and clock; print the fix for each problem',
    builder: (y: Argv) =>
      y
        .option('profile', { type: 'string', describe: 'only this profile (and its sso-session)' })
        .option('sso-session', {
          type: 'string',
          describe: 'only this sso-session (and its profiles)',
        })
        .option('json', {
          type: 'boolean',
          default: false,
          describe: 'print {"checks": [...]} on stdout',
        })
        .option('fix', {
          type: 'boolean',
          default: false,
          describe:
            'apply the safe fixes (delete corrupt cache files, chmod, stop an old daemon), then check again',
        })
        .option('offline', {
          type: 'boolean',
          default: false,
          describe:
            'skip the checks that need the network (clock skew; asking Identity Center about tokens due for refresh)',
        })
        .example('$0 doctor', '')
        .example('$0 doctor --profile dev --json', '')
        .example('$0 doctor --fix', ''),
    handler: async (argv: {
      profile?: string | undefined;
      ssoSession?: string | undefined;
      json: boolean;
      fix: boolean;
      offline: boolean;
    }) => {
      const { runDoctorCommand } = await import('./doctor-run.js');
      setExit(
        await runDoctorCommand(
          {
            profile: argv.profile,
            ssoSession: argv.ssoSession,
            json: argv.json,
            fix: argv.fix,
            offline: argv.offline,
          },
          ctx,
        ),
      );
    },
  };
}
