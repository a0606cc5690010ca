/** `awsid populate`: one profile per account and role of an sso-session. */
import type { Argv } from 'yargs';

import {
  type OptionsOf,
  type OptionTable,
  optionsOf,
  yargsOptions,
} from '../../core/option-table.js';
import type { Context } from '../context.js';

export const POPULATE_OPTIONS = {
  'sso-session': { type: 'string', describe: 'the [sso-session NAME] to list' },
  template: {
    type: 'string',
    describe:
      'profile names, remembered for the sso-session; placeholders {account_name} {account_id} {account_email} {role_name} {sso_session} (default {account_name}.{role_name})',
  },
  /** The profiles' client region; absent: the sso-session's sso_region. */
  region: {
    type: 'string',
    describe: "the profiles' region (default: the sso-session's sso_region)",
  },
  /** Extra credential-process flags for the generated lines, remembered; '' forgets them. */
  'process-flags': {
    type: 'string',
    describe:
      "credential-process flags every generated profile gets, remembered for the sso-session: --auto-login, --no-daemon ('' forgets them)",
  },
  prune: {
    type: 'boolean',
    default: false,
    describe:
      'remove generated profiles whose role is no longer assigned or that the template now names otherwise',
  },
  'dry-run': {
    type: 'boolean',
    default: false,
    describe: 'print the changes as a unified diff and write nothing',
  },
  'auto-login': {
    type: 'boolean',
    default: false,
    describe: 'log in first when the sso-session is not logged in',
  },
  browser: {
    type: 'boolean',
    default: true,
    describe: 'with --auto-login, open the verification page (--no-browser only prints it)',
  },
} as const satisfies OptionTable;

export type PopulateOptions = OptionsOf<typeof POPULATE_OPTIONS>;

export function populateCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'populate',
    describe: 'Write a profile for every account and role of an sso-session into ~/.aws/config',
    builder: (y: Argv) =>
      y
        .options(yargsOptions(POPULATE_OPTIONS))
        .example('$0 populate --sso-session corp', '')
        .example("$0 populate --template '{account_id}-{role_name}' --prune --dry-run", '')
        .example('$0 populate --process-flags=--auto-login', ''),
    handler: async (argv: Record<string, unknown>) => {
      const { runPopulate } = await import('./populate-run.js');
      setExit(await runPopulate(optionsOf(POPULATE_OPTIONS, argv, ctx.env), ctx));
    },
  };
}
