/** `awsid doctor`: name every broken set-up and the exact fix. */
import type { Argv } from 'yargs';

import {
  type OptionsOf,
  type OptionTable,
  optionsOf,
  yargsOptions,
} from '../../core/option-table.js';
import type { Context } from '../context.js';

export const DOCTOR_OPTIONS = {
  profile: { type: 'string', describe: 'only this profile (and its sso-session)' },
  'sso-session': { type: 'string', describe: 'only this sso-session (and its profiles)' },
  json: { type: 'boolean', default: false, describe: 'print {"checks": [...]} on stdout' },
  fix: {
    type: 'boolean',
    default: false,
    describe:
      'apply the safe fixes (delete corrupt cache files, chmod, stop an old daemon), then check again',
  },
  offline: {
    type: 'boolean',
    default: false,
    describe:
      'skip the checks that need the network (clock skew; asking Identity Center about tokens due for refresh)',
  },
} as const satisfies OptionTable;

export type DoctorCommandOptions = OptionsOf<typeof DOCTOR_OPTIONS>;

export function doctorCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'doctor',
    describe:
      'Check the AWS config, SSO caches, awsid tokens, keychain, daemon and clock; print the fix for each problem',
    builder: (y: Argv) =>
      y
        .options(yargsOptions(DOCTOR_OPTIONS))
        .example('$0 doctor', '')
        .example('$0 doctor --profile dev --json', '')
        .example('$0 doctor --fix', ''),
    handler: async (argv: Record<string, unknown>) => {
      const { runDoctorCommand } = await import('./doctor-run.js');
      setExit(await runDoctorCommand(optionsOf(DOCTOR_OPTIONS, argv, ctx.env), ctx));
    },
  };
}
