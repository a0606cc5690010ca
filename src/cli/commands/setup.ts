/** `awsid setup`: write an `[sso-session]`, log in, populate. */
import type { Argv } from 'yargs';

import {
  type OptionsOf,
  type OptionTable,
  optionsOf,
  yargsOptions,
} from '../../core/option-table.js';
import type { Context } from '../context.js';

export const SETUP_OPTIONS = {
  'sso-session': { type: 'string', describe: 'a name for the [sso-session NAME]' },
  'start-url': {
    type: 'string',
    describe: 'the access portal URL (https://d-xxxxxxxxxx.awsapps.com/start)',
  },
  region: { type: 'string', describe: 'the IAM Identity Center region' },
  scopes: {
    type: 'string',
    describe: 'registration scopes, comma-separated (default sso:account:access)',
  },
  login: {
    type: 'boolean',
    default: true,
    describe: 'log in and populate afterwards (--no-login only writes the section)',
  },
  browser: {
    type: 'boolean',
    default: true,
    describe: 'open the verification page (--no-browser only prints it)',
  },
  /** Passed on to login. */
  'use-device-code': {
    type: 'boolean',
    default: false,
    describe: 'log in with a device code even where a browser here could sign in',
  },
  /** Passed on to populate, as are prune and browser. */
  template: { type: 'string', describe: 'profile names, as for awsid populate' },
  prune: {
    type: 'boolean',
    default: false,
    describe: 'as for awsid populate: remove generated profiles no longer assigned or renamed',
  },
} as const satisfies OptionTable;

type Parsed = OptionsOf<typeof SETUP_OPTIONS>;

/** Callers other than the command line may leave the device code choice out (login's default). */
export type SetupOptions = Omit<Parsed, 'useDeviceCode'> & { useDeviceCode?: boolean | undefined };

export function setupCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'setup',
    describe: 'Configure an sso-session in ~/.aws/config, log in, and write its profiles',
    builder: (y: Argv) =>
      y
        .options(yargsOptions(SETUP_OPTIONS))
        .example(
          '$0 setup --sso-session corp --start-url https://d-1234567890.awsapps.com/start --region eu-west-1',
          '',
        ),
    handler: async (argv: Record<string, unknown>) => {
      const { runSetup } = await import('./setup-run.js');
      setExit(await runSetup(optionsOf(SETUP_OPTIONS, argv, ctx.env), ctx));
    },
  };
}
