/** `awsid login`: the device authorization flow for one sso-session. */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';

export interface LoginOptions {
  ssoSession: string | undefined;
  profile: string | undefined;
  browser: boolean;
}

export function loginCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'login',
    describe: 'Log in to an IAM Identity Center sso-session (device authorization flow)',
    builder: (y: Argv) =>
      y
        .option('sso-session', { type: 'string', describe: 'the [sso-session NAME] to log in to' })
        .option('profile', { type: 'string', describe: 'a profile whose sso_session to log in to' })
        .option('browser', {
          type: 'boolean',
          default: true,
          describe: 'open the verification page (--no-browser only prints it)',
        })
        .conflicts('sso-session', 'profile')
        .example('$0 login --sso-session corp', '')
        .example('$0 login --profile dev --no-browser', ''),
    handler: async (argv: {
      ssoSession?: string | undefined;
      profile?: string | undefined;
      browser: boolean;
    }) => {
      const { runLogin } = await import('./login-run.js');
      setExit(
        await runLogin(
          { ssoSession: argv.ssoSession, profile: argv.profile, browser: argv.browser },
          ctx,
        ),
      );
    },
  };
}
