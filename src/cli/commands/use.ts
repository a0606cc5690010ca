/** `awsid use [PROFILE | - | --clear]`: switch the current shell's AWS_PROFILE (through `awsid init`). */
import type { Argv } from 'yargs';

import {
  type OptionsOf,
  type OptionTable,
  optionsOf,
  yargsOptions,
} from '../../core/option-table.js';
import type { Context } from '../context.js';

/** The profile is a positional, not an option (`awsid use dev`). */
export const USE_OPTIONS = {
  clear: {
    type: 'boolean',
    // No default: yargs counts a defaulted option as given for `conflicts`.
    conflicts: 'profile',
    describe: 'unset AWS_PROFILE',
  },
} as const satisfies OptionTable;

export type UseOptions = OptionsOf<typeof USE_OPTIONS> & {
  /** A profile name, `-` for the previous one, or undefined for the picker. */
  profile: string | undefined;
};

export function useCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'use [profile]',
    describe: "Switch this shell's AWS_PROFILE (needs the function from `awsid init`)",
    builder: (y: Argv) =>
      y
        .positional('profile', {
          type: 'string',
          describe: 'the profile; `-` for the previous one; none: pick one on the terminal',
        })
        .options(yargsOptions(USE_OPTIONS))
        .example('$0 use dev', 'AWS_PROFILE=dev in this shell')
        .example('$0 use', 'pick a profile: type to filter, arrows, Enter')
        .example('$0 use -', 'back to the previous profile'),
    handler: async (argv: Record<string, unknown>) => {
      const { runUse } = await import('./use-run.js');
      // yargs-parser reads a lone `-` as an empty string; no profile is named '' (an empty
      // AWS_PROFILE is no profile), so '' can only be `-`.
      const given = argv.profile as string | undefined;
      const profile = given === '' ? '-' : given;
      setExit(await runUse({ ...optionsOf(USE_OPTIONS, argv, ctx.env), profile }, ctx));
    },
  };
}
