/** `awsid access`: the access review (what you can reach, what changed, what you never use). */
import type { Argv } from 'yargs';

import {
  type OptionsOf,
  type OptionTable,
  optionsOf,
  yargsOptions,
} from '../../core/option-table.js';
import type { Context } from '../context.js';

export const ACCESS_OPTIONS = {
  'sso-session': { type: 'string', describe: 'the [sso-session NAME] to review' },
  'unused-days': {
    type: 'number',
    default: 90,
    describe: 'an assignment not used within this many days is unused',
  },
  json: { type: 'boolean', describe: 'print one JSON object on stdout', conflicts: 'csv' },
  csv: {
    type: 'boolean',
    describe:
      "print CSV (RFC 4180) on stdout; a cell that would start with =, +, -, @, tab or CR is prefixed with ' and quoted, so a spreadsheet never runs it as a formula",
  },
  'fail-on-unused': {
    type: 'boolean',
    default: false,
    describe: 'exit 1 when an assignment is unused (for CI)',
  },
  save: {
    type: 'boolean',
    default: false,
    describe:
      'save this review as the baseline later reviews compare with (the last 8 are kept); without it nothing is saved',
  },
  since: {
    type: 'string',
    describe:
      'compare with the saved review closest to this date (YYYY-MM-DD) instead of the latest',
  },
  /** Clear the usage record and review snapshots (one session, or all) instead of reviewing. */
  forget: {
    type: 'boolean',
    default: false,
    describe:
      "clear awsid's usage record and review snapshots (of --sso-session S, else of all sessions)",
  },
} as const satisfies OptionTable;

/** The flags, with --json and --csv read as one output format. */
export type AccessOptions = Omit<OptionsOf<typeof ACCESS_OPTIONS>, 'json' | 'csv'> & {
  format: 'table' | 'json' | 'csv';
};

export function accessCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'access',
    describe:
      'Review your access: every account and role you can reach, when awsid last served it, and what changed since the last saved review',
    builder: (y: Argv) =>
      y
        .options(yargsOptions(ACCESS_OPTIONS))
        .example('$0 access --sso-session corp', '')
        .example('$0 access --save --json > review.json', 'once a quarter: review and save it')
        .example(
          '$0 access --since 2026-01-01',
          'compare with the review saved closest to that date',
        )
        .example('$0 access --json --unused-days 30', ''),
    handler: async (argv: Record<string, unknown>) => {
      const { runAccess } = await import('./access-run.js');
      const { json, csv, ...opts } = optionsOf(ACCESS_OPTIONS, argv, ctx.env);
      const format = json ? 'json' : csv ? 'csv' : 'table';
      setExit(await runAccess({ ...opts, format }, ctx));
    },
  };
}
