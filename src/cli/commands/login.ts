/** `awsid login`: browser sign-in (PKCE) where a browser can answer, else the device code. */
import type { Argv } from 'yargs';

import {
  type OptionsOf,
  type OptionTable,
  optionsOf,
  yargsOptions,
} from '../../core/option-table.js';
import type { Context } from '../context.js';

export const LOGIN_OPTIONS = {
  'sso-session': {
    type: 'string',
    describe: 'the [sso-session NAME] to log in to',
    conflicts: 'profile',
  },
  profile: { type: 'string', describe: 'a profile whose sso_session to log in to' },
  browser: {
    type: 'boolean',
    default: true,
    describe: 'open a browser (--no-browser: device code, the page and code only printed)',
  },
  'use-device-code': {
    type: 'boolean',
    default: false,
    describe: 'use the device code flow even where a browser here could sign in',
  },
  'redirect-port': {
    type: 'number',
    describe: 'browser sign-in with the 127.0.0.1 redirect on this port (for ssh -L)',
  },
} as const satisfies OptionTable;

type Parsed = OptionsOf<typeof LOGIN_OPTIONS>;

/** setup and populate log in too, with the flags they have (the rest default). */
export type LoginOptions = Omit<Parsed, 'useDeviceCode'> & { useDeviceCode?: boolean | undefined };

export function loginCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'login',
    describe:
      'Log in to an IAM Identity Center sso-session (browser sign-in here, else a device code)',
    builder: (y: Argv) =>
      y
        .options(yargsOptions(LOGIN_OPTIONS))
        .example('$0 login --sso-session corp', '')
        .example('$0 login --profile dev --use-device-code', '')
        .example('$0 login --redirect-port 8400   # after ssh -L 8400:127.0.0.1:8400 host', ''),
    handler: async (argv: Record<string, unknown>) => {
      const { runLogin } = await import('./login-run.js');
      setExit(await runLogin(optionsOf(LOGIN_OPTIONS, argv, ctx.env), ctx));
    },
  };
}
