/** `awsid status`: what is stored per sso-session, never a secret. */
import type { Argv } from 'yargs';

import {
  type OptionsOf,
  type OptionTable,
  optionsOf,
  yargsOptions,
} from '../../core/option-table.js';
import type { Context } from '../context.js';

export const STATUS_OPTIONS = {
  'sso-session': { type: 'string', describe: 'only this sso-session' },
  json: { type: 'boolean', default: false, describe: 'print JSON on stdout' },
} as const satisfies OptionTable;

export type StatusOptions = OptionsOf<typeof STATUS_OPTIONS>;

export function statusCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'status',
    describe: 'Show each sso-session: logged in or not, token and registration expiry',
    builder: (y: Argv) => y.options(yargsOptions(STATUS_OPTIONS)),
    handler: async (argv: Record<string, unknown>) => {
      const { runStatus } = await import('./status-run.js');
      setExit(await runStatus(optionsOf(STATUS_OPTIONS, argv, ctx.env), ctx));
    },
  };
}
