/** `awsid access`: the access review (what you can reach, what changed, what you never use). */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';

export interface AccessOptions {
  ssoSession: string | undefined;
  /** No use within this many days counts as unused. */
  unusedDays: number;
  format: 'table' | 'json' | 'csv';
  failOnUnused: boolean;
  /** Clear the usage record and review snapshots (one session, or all) instead of reviewing. */
  forget: boolean;
  /** Record this review as the baseline the next ones compare with. */
  save: boolean;
  /** Compare with the saved review closest to this date (YYYY-MM-DD) instead of the latest. */
  since: string | undefined;
}

interface AccessArgs {
  ssoSession?: string | undefined;
  unusedDays: number;
  json?: boolean | undefined;
  csv?: boolean | undefined;
  failOnUnused: boolean;
  forget: boolean;
  save: boolean;
  since?: string | undefined;
}

export function accessCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'access',
    describe:
      'Review your access: every account and role you can reach, when awsid last served it, and what changed since the last saved review',
    builder: (y: Argv) =>
      y
        .option('sso-session', { type: 'string', describe: 'the [sso-session NAME] to review' })
        .option('unused-days', {
          type: 'number',
          default: 90,
          describe: 'an assignment not used within this many days is unused',
        })
        .option('json', { type: 'boolean', describe: 'print one JSON object on stdout' })
        .option('csv', {
          type: 'boolean',
          describe:
            "print CSV (RFC 4180) on stdout; a cell that would start with =, +, -, @, tab or CR is prefixed with ' and quoted, so a spreadsheet never runs it as a formula",
        })
        .conflicts('json', 'csv')
        .option('fail-on-unused', {
          type: 'boolean',
          default: false,
          describe: 'exit 1 when an assignment is unused (for CI)',
        })
        .option('save', {
          type: 'boolean',
          default: false,
          describe:
            'save this review as the baseline later reviews compare with (the last 8 are kept); without it nothing is saved',
        })
        .option('since', {
          type: 'string',
          describe:
            'compare with the saved review closest to this date (YYYY-MM-DD) instead of the latest',
        })
        .option('forget', {
          type: 'boolean',
          default: false,
          describe:
            "clear awsid's usage record and review snapshots (of --sso-session S, else of all sessions)",
        })
        .example('$0 access --sso-session corp', '')
        .example('$0 access --save --json > review.json', 'once a quarter: review and save it')
        .example(
          '$0 access --since 2026-01-01',
          'compare with the review saved closest to that date',
        )
        .example('$0 access --json --unused-days 30', ''),
    handler: async (argv: AccessArgs) => {
      const { runAccess } = await import('./access-run.js');
      const format = argv.json ? 'json' : argv.csv ? 'csv' : 'table';
      setExit(
        await runAccess(
          {
            ssoSession: argv.ssoSession,
            unusedDays: argv.unusedDays,
            format,
            failOnUnused: argv.failOnUnused,
            forget: argv.forget,
            save: argv.save,
            since: argv.since,
          },
          ctx,
        ),
      );
    },
  };
}
