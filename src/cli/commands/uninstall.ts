/** `awsid uninstall`: take awsid out of the config and the machine before `npm uninstall -g`. */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';

export interface UninstallOptions {
  dryRun: boolean;
  keepProfiles: boolean;
}

export function uninstallCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'uninstall',
    describe:
      'Undo every adoption, remove generated profiles, log out, and remove the keychain item, service and state',
    builder: (y: Argv) =>
      y
        .option('dry-run', {
          type: 'boolean',
          default: false,
          describe:
            'print what it would do (the config changes as a unified diff) and touch nothing',
        })
        .option('keep-profiles', {
          type: 'boolean',
          default: false,
          describe: 'keep the profiles awsid populate wrote',
        })
        .example('$0 uninstall --dry-run', '')
        .example('$0 uninstall && npm uninstall -g awsid', ''),
    handler: async (argv: { dryRun: boolean; keepProfiles: boolean }) => {
      const { runUninstall } = await import('./uninstall-run.js');
      setExit(await runUninstall({ dryRun: argv.dryRun, keepProfiles: argv.keepProfiles }, ctx));
    },
  };
}
