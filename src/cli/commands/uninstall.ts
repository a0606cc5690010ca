/** `awsid uninstall`: take awsid out of the config and the machine before `npm uninstall -g`. */
import type { Argv } from 'yargs';

import {
  type OptionsOf,
  type OptionTable,
  optionsOf,
  yargsOptions,
} from '../../core/option-table.js';
import type { Context } from '../context.js';

export const UNINSTALL_OPTIONS = {
  'dry-run': {
    type: 'boolean',
    default: false,
    describe: 'print what it would do (the config changes as a unified diff) and touch nothing',
  },
  'keep-profiles': {
    type: 'boolean',
    default: false,
    describe: 'keep the profiles awsid populate wrote',
  },
} as const satisfies OptionTable;

export type UninstallOptions = OptionsOf<typeof UNINSTALL_OPTIONS>;

export function uninstallCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'uninstall',
    describe:
      'Undo every adoption, remove generated profiles, log out, and remove the keychain item, service and state',
    builder: (y: Argv) =>
      y
        .options(yargsOptions(UNINSTALL_OPTIONS))
        .example('$0 uninstall --dry-run', '')
        .example('$0 uninstall && npm uninstall -g awsid', ''),
    handler: async (argv: Record<string, unknown>) => {
      const { runUninstall } = await import('./uninstall-run.js');
      setExit(await runUninstall(optionsOf(UNINSTALL_OPTIONS, argv, ctx.env), ctx));
    },
  };
}
