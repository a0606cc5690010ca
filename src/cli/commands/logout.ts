/** `awsid logout`: revoke on the server (portal Logout), then delete what awsid stored. */
import type { Argv } from 'yargs';

import {
  type OptionsOf,
  type OptionTable,
  optionsOf,
  yargsOptions,
} from '../../core/option-table.js';
import type { Context } from '../context.js';

export const LOGOUT_OPTIONS = {
  'sso-session': {
    type: 'string',
    describe: 'the sso-session to log out of',
    conflicts: 'profile',
  },
  profile: { type: 'string', describe: 'a profile whose sso_session to log out of' },
  all: {
    type: 'boolean',
    describe: 'every stored sso-session',
    conflicts: ['sso-session', 'profile'],
  },
} as const satisfies OptionTable;

export type LogoutOptions = OptionsOf<typeof LOGOUT_OPTIONS>;

export function logoutCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'logout',
    describe: 'Revoke the tokens of an sso-session on the server and delete them here',
    builder: (y: Argv) => y.options(yargsOptions(LOGOUT_OPTIONS)),
    handler: async (argv: Record<string, unknown>) => {
      const { runLogout } = await import('./logout-run.js');
      setExit(await runLogout(optionsOf(LOGOUT_OPTIONS, argv, ctx.env), ctx));
    },
  };
}
