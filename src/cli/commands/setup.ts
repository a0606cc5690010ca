/** `awsid setup`: write an `[sso-session]`, log in, populate. */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';

export interface SetupOptions {
  ssoSession: string | undefined;
  startUrl: string | undefined;
  region: string | undefined;
  scopes: string | undefined;
  /** --no-login: only write the section (no login, no populate). */
  login: boolean;
  browser: boolean;
  /** Passed on to login. */
  useDeviceCode?: boolean;
  /** Passed on to populate. */
  template: string | undefined;
  prune: boolean;
}

export function setupCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'setup',
    describe: 'Configure an sso-session in ~/.aws/config, log in, and write its profiles',
    builder: (y: Argv) =>
      y
        .option('sso-session', { type: 'string', describe: 'a name for the [sso-session NAME]' })
        .option('start-url', {
          type: 'string',
          describe: 'the access portal URL (https://d-xxxxxxxxxx.awsapps.com/start)',
        })
        .option('region', { type: 'string', describe: 'the IAM Identity Center region' })
        .option('scopes', {
          type: 'string',
          describe: 'registration scopes, comma-separated (default sso:account:access)',
        })
        .option('login', {
          type: 'boolean',
          default: true,
          describe: 'log in and populate afterwards (--no-login only writes the section)',
        })
        .option('browser', {
          type: 'boolean',
          default: true,
          describe: 'open the verification page (--no-browser only prints it)',
        })
        .option('use-device-code', {
          type: 'boolean',
          default: false,
          describe: 'log in with a device code even where a browser here could sign in',
        })
        .option('template', { type: 'string', describe: 'profile names, as for awsid populate' })
        .option('prune', {
          type: 'boolean',
          default: false,
          describe:
            'as for awsid populate: remove generated profiles no longer assigned or renamed',
        })
        .example(
          '$0 setup --sso-session corp --start-url https://d-1234567890.awsapps.com/start --region eu-west-1',
          '',
        ),
    handler: async (argv: {
      ssoSession?: string | undefined;
      startUrl?: string | undefined;
      region?: string | undefined;
      scopes?: string | undefined;
      login: boolean;
      browser: boolean;
      useDeviceCode: boolean;
      template?: string | undefined;
      prune: boolean;
    }) => {
      const { runSetup } = await import('./setup-run.js');
      setExit(
        await runSetup(
          {
            ssoSession: argv.ssoSession,
            startUrl: argv.startUrl,
            region: argv.region,
            scopes: argv.scopes,
            login: argv.login,
            browser: argv.browser,
            useDeviceCode: argv.useDeviceCode,
            template: argv.template,
            prune: argv.prune,
          },
          ctx,
        ),
      );
    },
  };
}
