/** `awsid use [PROFILE | - | --clear]`: switch the current shell's AWS_PROFILE (through `awsid init`). */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';

export interface UseOptions {
  /** A profile name, `-` for the previous one, or undefined for the picker. */
  profile: string | undefined;
  clear: boolean;
}

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
        .option('clear', {
          type: 'boolean',
          // No default: yargs counts a defaulted option as given for `conflicts`.
          conflicts: 'profile',
          describe: 'unset AWS_PROFILE',
        })
        .example('$0 use dev', 'AWS_PROFILE=dev in this shell')
        .example('$0 use', 'pick a profile: type to filter, arrows, Enter')
        .example('$0 use -', 'back to the previous profile'),
    handler: async (argv: { profile?: string | undefined; clear?: boolean | undefined }) => {
      const { runUse } = await import('./use-run.js');
      // yargs-parser reads a lone `-` as an empty string; no profile is named '' (an empty
      // AWS_PROFILE is no profile), so '' can only be `-`.
      const profile = argv.profile === '' ? '-' : argv.profile;
      setExit(await runUse({ profile, clear: argv.clear === true }, ctx));
    },
  };
}
