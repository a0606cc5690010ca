/** `awsid populate`: one profile per account and role of an sso-session. */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';

export interface PopulateOptions {
  ssoSession: string | undefined;
  template: string | undefined;
  /** The profiles' client region; default the sso-session's sso_region. */
  region: string | undefined;
  prune: boolean;
  dryRun: boolean;
  autoLogin: boolean;
  /** For --auto-login: open the verification page (--no-browser only prints it). */
  browser: boolean;
  /** Extra credential-process flags for the generated lines, remembered; '' forgets them. */
  processFlags?: string | undefined;
}

export function populateCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'populate',
    describe: 'Write a profile for every account and role of an sso-session into ~/.aws/config',
    builder: (y: Argv) =>
      y
        .option('sso-session', { type: 'string', describe: 'the [sso-session NAME] to list' })
        .option('template', {
          type: 'string',
          describe:
            'profile names, remembered for the sso-session; placeholders {account_name} {account_id} {account_email} {role_name} {sso_session} (default {account_name}.{role_name})',
        })
        .option('region', {
          type: 'string',
          describe: "the profiles' region (default: the sso-session's sso_region)",
        })
        .option('process-flags', {
          type: 'string',
          describe:
            "credential-process flags every generated profile gets, remembered for the sso-session: --auto-login, --no-daemon ('' forgets them)",
        })
        .option('prune', {
          type: 'boolean',
          default: false,
          describe:
            'remove generated profiles whose role is no longer assigned or that the template now names otherwise',
        })
        .option('dry-run', {
          type: 'boolean',
          default: false,
          describe: 'print the changes as a unified diff and write nothing',
        })
        .option('auto-login', {
          type: 'boolean',
          default: false,
          describe: 'log in first when the sso-session is not logged in',
        })
        .option('browser', {
          type: 'boolean',
          default: true,
          describe: 'with --auto-login, open the verification page (--no-browser only prints it)',
        })
        .example('$0 populate --sso-session corp', '')
        .example("$0 populate --template '{account_id}-{role_name}' --prune --dry-run", '')
        .example('$0 populate --process-flags=--auto-login', ''),
    handler: async (argv: {
      ssoSession?: string | undefined;
      template?: string | undefined;
      region?: string | undefined;
      prune: boolean;
      dryRun: boolean;
      autoLogin: boolean;
      browser: boolean;
      processFlags?: string | undefined;
    }) => {
      const { runPopulate } = await import('./populate-run.js');
      setExit(
        await runPopulate(
          {
            ssoSession: argv.ssoSession,
            template: argv.template,
            region: argv.region,
            prune: argv.prune,
            dryRun: argv.dryRun,
            autoLogin: argv.autoLogin,
            browser: argv.browser,
            processFlags: argv.processFlags,
          },
          ctx,
        ),
      );
    },
  };
}
