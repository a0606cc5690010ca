/** `awsid unlock` / `awsid lock`: hand the passphrase store's key to the daemon, or take it back. */
import type { Argv } from 'yargs';

import { type OptionTable, yargsOptions } from '../../core/option-table.js';
import type { Context } from '../context.js';

/** unlock's and lock's: one key opens every sso-session, so they read no option. */
export const UNLOCK_OPTIONS = {
  'sso-session': { type: 'string', describe: 'ignored: one key opens every sso-session' },
} as const satisfies OptionTable;

export function unlockCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'unlock',
    describe:
      'Passphrase store: ask for the passphrase and give the derived key to the awsid daemon',
    builder: (y: Argv) =>
      y.options(yargsOptions(UNLOCK_OPTIONS)).example('$0 unlock', 'once per login session'),
    handler: async () => {
      const { runUnlock } = await import('./unlock-run.js');
      setExit(await runUnlock(ctx));
    },
  };
}

export function lockCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'lock',
    describe: 'Passphrase store: make the awsid daemon forget the key until the next awsid unlock',
    builder: (y: Argv) => y.options(yargsOptions(UNLOCK_OPTIONS)),
    handler: async () => {
      const { runLock } = await import('./unlock-run.js');
      setExit(await runLock(ctx));
    },
  };
}
