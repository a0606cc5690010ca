/** `awsid logout`: revoke on the server (portal Logout), then delete what awsid stored. */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';

export interface LogoutOptions {
  ssoSession: string | undefined;
  profile: string | undefined;
  all: boolean;
}

export function logoutCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'logout',
    describe: 'Revoke the tokens of an sso-session on the server and delete them here',
    builder: (y: Argv) =>
      y
        .option('sso-session', { type: 'string', describe: 'the sso-session to log out of' })
        .option('profile', {
          type: 'string',
          describe: 'a profile whose sso_session to log out of',
        })
        .option('all', { type: 'boolean', describe: 'every stored sso-session' })
        .conflicts('all', ['sso-session', 'profile'])
        .conflicts('sso-session', 'profile'),
    handler: async (argv: {
      ssoSession?: string | undefined;
      profile?: string | undefined;
      all?: boolean | undefined;
    }) => {
      const { runLogout } = await import('./logout-run.js');
      setExit(
        await runLogout(
          { ssoSession: argv.ssoSession, profile: argv.profile, all: argv.all === true },
          ctx,
        ),
      );
    },
  };
}
