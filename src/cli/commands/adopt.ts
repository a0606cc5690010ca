/** `awsid adopt`: turn the AWS CLI's SSO profiles into awsid profiles under the same names. */
import type { Argv } from 'yargs';

import {
  type OptionsOf,
  type OptionTable,
  optionsOf,
  yargsOptions,
} from '../../core/option-table.js';
import type { Context } from '../context.js';

export const ADOPT_OPTIONS = {
  'sso-session': {
    type: 'string',
    describe: 'only the profiles of this sso-session',
    conflicts: 'profile',
  },
  profile: { type: 'string', describe: 'only this profile' },
  // No default: yargs counts a defaulted option as given for `conflicts`.
  all: { type: 'boolean', describe: 'every sso-session', conflicts: ['sso-session', 'profile'] },
  'dry-run': {
    type: 'boolean',
    default: false,
    describe: 'print the changes as a unified diff and write nothing',
  },
  undo: {
    type: 'boolean',
    default: false,
    describe: 'put the adopted profiles back as they were',
  },
} as const satisfies OptionTable;

export type AdoptOptions = OptionsOf<typeof ADOPT_OPTIONS>;

export function adoptCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'adopt',
    describe:
      'Rewrite the AWS CLI SSO profiles in ~/.aws/config into awsid profiles of the same names (--undo switches back)',
    builder: (y: Argv) =>
      y
        .options(yargsOptions(ADOPT_OPTIONS))
        .example('$0 adopt --dry-run', '')
        .example('$0 adopt --profile prod', '')
        .example('$0 adopt --undo', ''),
    handler: async (argv: Record<string, unknown>) => {
      const { runAdopt } = await import('./adopt-run.js');
      setExit(await runAdopt(optionsOf(ADOPT_OPTIONS, argv, ctx.env), ctx));
    },
  };
}
